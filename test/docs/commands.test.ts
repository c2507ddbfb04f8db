/**
 * Run what we ship: every `npx mofc …` line in a shell block of the README and
 * docs/ runs, as written, with the built CLI, and succeeds. Each runs in a
 * scratch directory that sees the repository's fixtures and examples (so the
 * files a command writes — model.json, sdk/ — land there, not in the
 * repository). `mofc serve` runs until stopped: it must print its URL.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../cli/helpers/build.js';
import { startServe } from '../cli/helpers/serve-process.js';

const root = path.resolve(import.meta.dirname, '../..');
const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'mofc-doc-commands-'));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

const documents = ['README.md', ...fs.readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** `npx mofc …` lines of the ```sh blocks, comments dropped. */
function commandLines(file: string): string[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const lines: string[] = [];
  for (const block of text.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const line of block[1]!.split('\n')) {
      const command = line.replace(/\s+#.*$/, '').trim();
      if (command.startsWith('npx mofc ')) lines.push(command);
    }
  }
  return lines;
}

/** Shell-free splitting: the documented commands use plain words only. */
function words(command: string): string[] {
  expect(command, 'documented commands use no quoting or shell syntax').not.toMatch(/['"`$|&;<>\\]/);
  return command.split(/\s+/).slice(2); // drop `npx mofc`
}

/** A scratch working directory where `fixtures/` is the repository's and `examples/` a copy. */
function scratch(name: string): string {
  const dir = path.join(temp, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.symlinkSync(path.join(root, 'fixtures'), path.join(dir, 'fixtures'), 'dir');
  fs.cpSync(path.join(root, 'examples/transform'), path.join(dir, 'examples/transform'), { recursive: true });
  return dir;
}

const all = documents.flatMap((file) => commandLines(file).map((command) => ({ file, command })));

describe('the documented command lines', () => {
  it('are found (the README lists one per command)', () => {
    for (const command of ['parse', 'check', 'compile', 'generate', 'serve']) {
      expect(all.some((c) => c.file === 'README.md' && c.command.startsWith(`npx mofc ${command} `)), command).toBe(true);
    }
  });

  all.forEach(({ file, command }, index) => {
    it(`${file}: ${command}`, async () => {
      const bin = path.join(root, 'bin/mofc.cjs');
      ensureBuilt();
      const cwd = scratch(`c${index}`);
      const args = words(command);
      if (args[0] === 'serve') {
        const server = await startServe(args.slice(1), { cwd });
        expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/wsman$/);
        expect(await server.stop()).toBe(0);
        return;
      }
      const run = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 240_000, maxBuffer: 256 << 20 });
      expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
      const out = args.indexOf('--out');
      if (out !== -1) expect(fs.existsSync(path.join(cwd, args[out + 1]!))).toBe(true);
    }, 300_000);
  });
});

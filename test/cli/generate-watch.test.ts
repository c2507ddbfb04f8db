/**
 * `mofc generate --watch` as a process: it regenerates when an input MOF or the config
 * file changes (incrementally: an unchanged class module is not rewritten), and stops
 * on SIGTERM. Waits are bounded; nothing is timed. Also `--progress`, the line-per-step
 * progress that tools (and the SIGKILL test) follow.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseSource } from '../../src/ast/parse.js';
import { ensureBuilt, repoRoot } from './helpers/build.js';
import { memoryIo } from './helpers/memory-io.js';

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'mofc-watch-'));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));
beforeAll(() => {
  ensureBuilt();
});

/** Resolves with the output so far once `pattern` has appeared `count` times; rejects after `limitMs` (a hang, not a timing). */
function waitFor(child: ChildProcessWithoutNullStreams, output: { text: string }, pattern: RegExp, count: number, limitMs = 90_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = output.text.match(new RegExp(pattern.source, 'g'))?.length ?? 0;
      if (found >= count) {
        cleanup();
        resolve(output.text);
      }
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no ${count}× ${pattern} within ${limitMs} ms; output:\n${output.text}`));
    }, limitMs);
    const onExit = () => {
      cleanup();
      reject(new Error(`exited early; output:\n${output.text}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout.off('data', check);
      child.stderr.off('data', check);
      child.off('exit', onExit);
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.on('exit', onExit);
    check();
  });
}

it('regenerates when an input or the config changes, incrementally, and stops on SIGTERM', async () => {
  const dir = path.join(temp, 'project');
  fs.mkdirSync(path.join(dir, 'schema'), { recursive: true });
  const mof = path.join(dir, 'schema/a.mof');
  fs.writeFileSync(mof, 'class T_A { [Key] string Id; };\n');
  const config = path.join(dir, 'mofc.config.json');
  fs.writeFileSync(config, JSON.stringify({ inputs: ['schema/a.mof'], generate: { out: 'sdk', packageName: 'watched', packageVersion: '1.0.0' } }));

  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/mofc.cjs'), 'generate', '--watch'], { cwd: dir, env: { ...process.env, CI: '1' } });
  const output = { text: '' };
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (output.text += chunk));
  child.stderr.on('data', (chunk: string) => (output.text += chunk));
  try {
    await waitFor(child, output, /watching \d+ file\(s\)/, 1);
    expect(output.text).toMatch(/Generated watched \(1 classes\) in sdk/);
    const moduleA = path.join(dir, 'sdk/src/classes/T_A.ts');
    const inode = fs.statSync(moduleA).ino;

    // An input changes: the new class appears; T_A's module, unchanged, keeps its inode.
    fs.appendFileSync(mof, 'class T_B { [Key] string Id; };\n');
    await waitFor(child, output, /watching \d+ file\(s\)/, 2);
    expect(output.text).toMatch(/Generated watched \(2 classes\) in sdk/);
    expect(fs.existsSync(path.join(dir, 'sdk/src/classes/T_B.ts'))).toBe(true);
    expect(fs.statSync(moduleA).ino).toBe(inode);

    // The config changes: read again.
    fs.writeFileSync(config, JSON.stringify({ inputs: ['schema/a.mof'], generate: { out: 'sdk', packageName: 'watched', packageVersion: '2.0.0' } }));
    await waitFor(child, output, /watching \d+ file\(s\)/, 3);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'sdk/package.json'), 'utf8')).version).toBe('2.0.0');
  } finally {
    child.kill('SIGTERM');
  }
  const code = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', (c) => resolve(c))));
  expect(code).toBe(0);
}, 300_000);

it('--watch cannot be combined with --check', async () => {
  const io = memoryIo({ cwd: temp, env: { CI: '1' } });
  expect(await main(['generate', 'a.mof', '-o', 'o', '--package-name', 'x', '--watch', '--check'], io, { loadParser: async () => parseSource })).toBe(2);
});

it('--progress prints one line per step on stderr, whatever the terminal', async () => {
  const dir = path.join(temp, 'progress');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'a.mof'), 'class T_A { [Key] string Id; };\n');
  const io = memoryIo({ cwd: dir, env: { CI: '1' } });
  expect(await main(['generate', 'a.mof', '-o', 'o', '--package-name', 'x', '--progress'], io, { loadParser: async () => parseSource })).toBe(0);
  const lines = io.err.trimEnd().split('\n');
  expect(lines[0]).toBe('progress compile 0/1');
  expect(lines).toContain('progress render 0/1');
  expect(lines.filter((l) => l.startsWith('progress format '))).not.toEqual([]);
  const writes = lines.filter((l) => l.startsWith('progress write '));
  const total = Number(writes[0]!.split('/')[1]);
  expect(writes).toEqual(Array.from({ length: total + 1 }, (_, i) => `progress write ${i}/${total}`));
});

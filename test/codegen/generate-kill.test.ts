/**
 * SIGKILL `mofc generate` (the built CLI, a real process) at many points of a
 * DMTF-sized run — while compiling, rendering, staging the package file by file,
 * swapping — and check the output directory after each kill: the previous package
 * or the new one, whole (or, killed between the swap's two renames, no directory
 * and a journal), never a mix, nothing left inside it. The next run then recovers
 * without help. Kills are triggered by the CLI's own `--progress` lines, plus a few
 * fixed delays, so they land in every phase whatever the machine's speed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isTransientSibling, outputPaths } from '../../src/codegen/write-package.js';
import { ensureBuilt, repoRoot } from '../cli/helpers/build.js';

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'mofc-kill-'));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

const SCHEMA = path.join(repoRoot, 'fixtures/dmtf/cim-schema-2.49.0/cim_schema_2.49.0.mof');
const bin = path.join(repoRoot, 'bin', 'mofc.cjs');
const args = (out: string, version: string) => ['generate', SCHEMA, '-o', out, '--package-name', 'cim-schema', '--package-version', version, '--no-config'];

beforeAll(() => {
  ensureBuilt();
});

/** sha256 of every file under `dir` but the manifest (a cache), or null when `dir` is absent. */
function treeHashes(dir: string): Record<string, string> | null {
  if (!fs.existsSync(dir)) return null;
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const rel = path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
    if (rel !== '.mofc-manifest.json') out[rel] = createHash('sha256').update(fs.readFileSync(path.join(dir, rel))).digest('hex');
  }
  return out;
}

function runToEnd(out: string, version: string, extra: string[] = []) {
  const result = spawnSync(process.execPath, [bin, ...args(out, version), ...extra], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
  expect(result.status, result.stdout + result.stderr).toBe(0);
  return result;
}

/** Runs generate and SIGKILLs it when `trigger` matches a --progress line (or after `delayMs`). */
function runAndKill(
  out: string,
  version: string,
  trigger: { line?: RegExp; delayMs?: number },
): Promise<{ killed: boolean; code: number | null; lines: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args(out, version), '--force', '--progress'], { env: { ...process.env, CI: '1' } });
    let killed = false;
    let lines = 0;
    let buffer = '';
    let stderr = '';
    const kill = () => {
      if (!killed) {
        killed = true;
        child.kill('SIGKILL');
      }
    };
    const timer = trigger.delayMs !== undefined ? setTimeout(kill, trigger.delayMs) : undefined;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      buffer += chunk;
      stderr = (stderr + chunk).slice(-2000);
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      for (const line of parts) {
        lines += 1;
        if (trigger.line?.test(line)) kill();
      }
    });
    child.stdout.resume();
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', code, lines, stderr });
    });
  });
}

it('leaves the previous or the new package after a SIGKILL at any point, and the next run recovers', async () => {
  const out = path.join(temp, 'cim-schema');
  runToEnd(out, '1.0.0');
  // Files that are not mofc's ride along with every swap.
  fs.mkdirSync(path.join(out, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(out, 'dist/index.js'), 'built\n');
  fs.writeFileSync(path.join(out, 'NOTES.md'), 'mine\n');
  const treeA = treeHashes(out)!;

  // The expected new package: the same run to the end, on a copy.
  const reference = path.join(temp, 'reference');
  fs.cpSync(out, reference, { recursive: true });
  runToEnd(reference, '2.0.0', ['--force']);
  const treeB = treeHashes(reference)!;
  expect(Object.keys(treeA).length).toBeGreaterThan(1600);
  expect(treeA).not.toEqual(treeB);
  const files = Object.keys(treeB).filter((f) => f !== 'dist/index.js' && f !== 'NOTES.md').length;

  const writeAt = (fraction: number) => new RegExp(`^progress write ${Math.max(1, Math.floor(files * fraction))}/`);
  const triggers: { line?: RegExp; delayMs?: number }[] = [
    { line: /^progress compile / },
    { line: /^progress render / },
    { line: /^progress write 0\// },
    ...[0.01, 0.25, 0.5, 0.75, 0.95, 0.999].map((f) => ({ line: writeAt(f) })),
    { line: new RegExp(`^progress write ${files}/`) },
    { line: new RegExp(`^progress write ${files + 1}/`) },
    { delayMs: 300 },
    { delayMs: 1500 },
  ];
  const seen = { previous: 0, next: 0, journal: 0 };
  let killedWhileWriting = 0;
  let version = '2.0.0';
  for (const trigger of triggers) {
    const { killed, code, stderr } = await runAndKill(out, version, trigger);
    const where = `kill on ${trigger.line ?? `${trigger.delayMs} ms`} (killed: ${killed})`;
    // A run the kill missed must have succeeded: anything else is a real failure.
    expect(killed || code === 0, `${where}: exit ${code}\n${stderr}`).toBe(true);
    if (killed && trigger.line && /write/.test(trigger.line.source)) killedWhileWriting += 1;
    const tree = treeHashes(out);
    if (tree === null) {
      expect(fs.existsSync(outputPaths(out).commit), where).toBe(true);
      seen.journal += 1;
    } else if (isDeepStrictEqual(tree, treeA)) seen.previous += 1;
    else {
      expect(tree, where).toEqual(treeB);
      seen.next += 1;
    }
    // Alternate the target so each kill interrupts a real change.
    version = tree !== null && isDeepStrictEqual(tree, treeB) ? '1.0.0' : '2.0.0';
  }
  expect(seen.previous + seen.next + seen.journal).toBe(triggers.length);
  // Killed while compiling, the package is the previous one; some kills landed while staging or swapping.
  expect(seen.previous, JSON.stringify(seen)).toBeGreaterThan(0);
  expect(killedWhileWriting, JSON.stringify(seen)).toBeGreaterThan(0);

  // The next run works without cleanup and leaves nothing beside the package.
  runToEnd(out, '2.0.0');
  expect(treeHashes(out)).toEqual(treeB);
  expect(fs.readdirSync(temp).filter(isTransientSibling)).toEqual([]);
  const again = runToEnd(out, '2.0.0');
  expect(again.stdout).toContain('is up to date');
}, 300_000);

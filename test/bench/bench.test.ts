import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, repoRoot } from '../cli/helpers/build.js';

/** The whole-process benchmark and its floor, run for real on small inputs (`npm run bench` runs them on DMTF 2.49). */
describe('bench', () => {
  let temp: string;
  beforeAll(() => {
    temp = mkdtempSync(join(tmpdir(), 'mofc-bench-test-'));
  });
  afterAll(() => {
    rmSync(temp, { recursive: true, force: true });
  });

  it('floor.js reads every .mof file under a directory and counts its regex tokens, white space and comments included', () => {
    writeFileSync(join(temp, 'a.mof'), 'class A {\n  [Key] string B;\n};\n');
    writeFileSync(join(temp, 'B.MOF'), '// one\n"s\\"" 12 $x');
    writeFileSync(join(temp, 'notes.txt'), 'not MOF');
    const child = spawnSync(process.execPath, [join(repoRoot, 'bench/floor.js'), temp], { encoding: 'utf8' });
    expect(child.status).toBe(0);
    // a.mof: class ␠ A ␠ { ⏎␠␠ [ Key ] ␠ string ␠ B ; ⏎ } ; ⏎ (18); B.MOF: comment ⏎ string ␠ number ␠ alias (7)
    expect(JSON.parse(child.stdout)).toEqual({ files: 2, bytes: 31 + 18, tokens: 25 });
  });

  it('process.js times mofc against the floor and node start-up in one run, and prints each ratio', () => {
    ensureBuilt();
    const results = readFileSync(join(repoRoot, 'bench/results.json'), 'utf8');
    const child = spawnSync(
      process.execPath,
      [join(repoRoot, 'bench/process.js'), '--rounds', '1', '--no-write', '--mof', join(repoRoot, 'bench/one-class.mof')],
      { encoding: 'utf8' },
    );
    expect(child.status, child.stderr).toBe(0);
    const rows = child.stdout.split('\n');
    for (const what of ['node -e 0', 'mofc --version', 'mofc check, a one-class file']) {
      expect(rows.some((row) => row.startsWith(what))).toBe(true);
    }
    for (const [command, target] of [['parse', 3], ['check', 4], ['compile', 5]] as const) {
      const row = rows.find((line) => line.startsWith(`mofc ${command} one-class.mof`));
      // Median ratio, then best-round ratio, then the target and the verdict.
      expect(row).toMatch(new RegExp(`\\d+\\.\\d×\\s+\\d+\\.\\d×.*≤ ${target}× floor\\s+(met|not met)$`));
    }
    expect(readFileSync(join(repoRoot, 'bench/results.json'), 'utf8')).toBe(results);
  });
});

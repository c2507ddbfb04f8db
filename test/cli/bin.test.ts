import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, repoRoot } from './helpers/build.js';

/** The installed command for real: `node bin/mofc.cjs`, built code, real process exit codes. */
describe('bin/mofc.cjs', () => {
  beforeAll(() => {
    ensureBuilt();
  });

  const mofc = (...args: string[]) =>
    spawnSync(process.execPath, [join(repoRoot, 'bin', 'mofc.cjs'), ...args], { cwd: repoRoot, encoding: 'utf8' });

  it('runs as a process: --version exits 0, a usage error exits 2', () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(mofc('--version')).toMatchObject({ status: 0, stdout: `${version}\n`, stderr: '' });
    expect(mofc('parse')).toMatchObject({ status: 2, stdout: '' });
  });

  const parserBuilt = existsSync(join(repoRoot, 'src', 'ast', 'parse.ts'));
  it.skipIf(!parserBuilt)('parses an include tree with the real parser: exit 1 on a missing include, with JSON output', () => {
    const result = mofc('parse', '--format', 'json', 'fixtures/mof/source/missing-include.mof');
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.diagnostics.map((d: { code: string }) => d.code)).toEqual(['MOF1006']);
  });
});

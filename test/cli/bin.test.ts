import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

  it('parses an include tree with the real parser: exit 1 on a missing include, with JSON output', () => {
    const result = mofc('parse', '--format', 'json', 'fixtures/mof/source/missing-include.mof');
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.diagnostics.map((d: { code: string }) => d.code)).toEqual(['MOF1006']);
  });

  it('ends as usual when its reader goes away (mofc compile … | head): no EPIPE crash, the summary still printed', async () => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'mofc.cjs'), 'compile', 'fixtures/hyperv/WindowsVirtualization.V2.mof'], {
      cwd: repoRoot,
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // The reader takes the first chunk of model JSON and closes its end of the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    expect(stderr).not.toMatch(/EPIPE|Unhandled 'error' event/);
    expect(stderr).toMatch(/\d+ errors?, \d+ warnings?\n$/); // the summary, as always
    expect(status).toBe(0);
  });
});

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loaderPath, ensureBuilt, repoRoot } from './helpers/build.js';

/**
 * `bin/mofc.cjs` runs the CLI bundled into one file (scripts/bundle.mjs). What makes it
 * start fast is what the process imports: the bundle and Node's built-ins, and
 * Chevrotain inside the bundle; ts-morph and prettier only when `generate` has work to
 * do. Each run records the modules it loaded, by import or require() (helpers/trace-imports.mjs).
 */
describe('the bundled CLI', () => {
  let temp: string;
  let mof: string;
  beforeAll(() => {
    ensureBuilt();
    temp = mkdtempSync(join(tmpdir(), 'mofc-bundle-'));
    mof = join(temp, 'one.mof');
    writeFileSync(mof, 'class Test_One {\n  [Key] string Name;\n  uint32 Count;\n};\n');
  });
  afterAll(() => {
    rmSync(temp, { recursive: true, force: true });
  });

  let traces = 0;
  /** Runs `bin/mofc.cjs` (or another copy of it) in `temp`; returns the process and the modules it imported, built-ins left out. */
  function traced(args: string[], bin = join(repoRoot, 'bin', 'mofc.cjs')) {
    const trace = join(temp, `imports-${traces++}.txt`);
    writeFileSync(trace, '');
    const child = spawnSync(process.execPath, ['--import', pathToFileURL(join(repoRoot, 'test/cli/helpers/trace-imports.mjs')).href, bin, ...args], {
      cwd: temp,
      encoding: 'utf8',
      env: { ...process.env, MOFC_TRACE_IMPORTS: trace, NO_COLOR: '1' },
    });
    // A CommonJS entry is seen twice under --import: by the ES module hooks and by require().
    const imported = [...new Set(readFileSync(trace, 'utf8').split('\n'))].filter((url) => url !== '' && !url.startsWith('node:'));
    return { child, imported };
  }

  const binUrl = pathToFileURL(join(repoRoot, 'bin', 'mofc.cjs')).href;
  const loaderUrl = pathToFileURL(loaderPath).href;

  it('imports only the bundle for --version, and nothing outside it for check: Chevrotain is inside', () => {
    const version = traced(['--version']);
    expect(version.child.status).toBe(0);
    expect(version.imported).toEqual([binUrl, loaderUrl]);

    const check = traced(['check', mof]);
    expect(check.child).toMatchObject({ status: 0, stdout: '0 errors, 0 warnings\n' });
    expect(check.imported).toEqual([binUrl, loaderUrl]);
  });

  it('loads ts-morph and prettier only when generate has work to do, with the same tool hash as the unbundled build', async () => {
    const args = ['generate', mof, '--out', 'sdk', '--package-name', 'one'];
    const first = traced(args);
    expect(first.child.status, first.child.stderr).toBe(0);
    expect(first.imported.some((url) => url.includes('/node_modules/ts-morph/'))).toBe(true);
    expect(first.imported.some((url) => url.includes('/node_modules/prettier/'))).toBe(true);
    expect(readFileSync(join(temp, 'sdk/src/classes/Test_One.ts'), 'utf8')).toContain('Test_One');

    const again = traced(args);
    expect(again.child).toMatchObject({ status: 0 });
    expect(again.child.stdout).toContain('up to date');
    expect(again.imported).toEqual([binUrl, loaderUrl]);

    // The bundle sits where the generator's tool hash covers the same code as the modules in dist/.
    const manifest = JSON.parse(readFileSync(join(temp, 'sdk/.mofc-manifest.json'), 'utf8')) as { tool: string };
    const output = (await import(pathToFileURL(join(repoRoot, 'dist/src/codegen/output.js')).href)) as { toolHash(): string };
    expect(manifest.tool).toBe(output.toolHash());
  });

  it('says how to build when the bundle is missing', () => {
    const bin = join(temp, 'unbuilt', 'bin', 'mofc.cjs');
    mkdirSync(join(temp, 'unbuilt', 'bin'), { recursive: true });
    copyFileSync(join(repoRoot, 'bin', 'mofc.cjs'), bin);
    const { child } = traced(['--version'], bin);
    expect(child).toMatchObject({ status: 3, stdout: '', stderr: "mofc: not built yet: run 'npm run build' in the mofc package first\n" });
  });
});

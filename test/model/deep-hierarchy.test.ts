/**
 * Deep inheritance: a class's members are shared with its superclass, not
 * copied (members.ts), so checking a 10,000-level chain takes memory in
 * proportion to the schema. Before, every level copied the flattened members
 * and their index: about 3.7 GB for this chain.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { compileText } from './helpers.js';

/**
 * The CLI from the sources, bundled into `dir` (chevrotain included; the
 * packages only `generate` and `serve` load are empty stand-ins), so a child
 * process with its own heap limit can run it without a build of dist/.
 */
async function bundleCli(dir: string): Promise<string> {
  const entry = join(dir, 'cli-entry.ts');
  const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
  writeFileSync(entry, `import { runCli } from ${JSON.stringify(main)};\nawait runCli();\n`);
  const outfile = join(dir, 'mofc.mjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
    plugins: [
      {
        name: 'stand-ins',
        setup(b) {
          b.onResolve({ filter: /^(ts-morph|prettier|@mofc\/runtime)(\/.*)?$/ }, (args) => ({ path: args.path, namespace: 'stand-in' }));
          b.onLoad({ filter: /.*/, namespace: 'stand-in' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
        },
      },
    ],
  });
  return outfile;
}

/** `levels` classes, each deriving from the one before and adding one property. */
function chain(levels: number, extra = ''): string {
  const lines = ['class C0 { [Key] string Id; };'];
  for (let i = 1; i < levels; i++) lines.push(`class C${i} : C${i - 1} { uint32 P${i}; };`);
  return lines.join('\n') + '\n' + extra;
}

describe('deep inheritance', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mofc-deep-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('mofc check of a 10,000-level chain fits in a 160 MB heap', async () => {
    // Measured: 10,000 levels check within a 96 MB heap; copying per level needed gigabytes.
    const cli = await bundleCli(dir);
    const file = join(dir, 'chain.mof');
    writeFileSync(file, chain(10_000));
    const run = spawnSync(process.execPath, ['--max-old-space-size=160', cli, 'check', file], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('0 errors, 0 warnings\n');
    expect(run.status).toBe(0);
  });

  it('flattens the bottom of a 3,000-level chain: every property, inherited in order', () => {
    const { repository, problems } = compileText(chain(3000));
    expect(problems).toEqual([]);
    const bottom = repository.namespaces[0]!.classes.find((c) => c.name === 'C2999')!;
    expect(bottom.properties).toHaveLength(3000);
    expect(bottom.properties.map((p) => p.name)).toEqual(['Id', ...Array.from({ length: 2999 }, (_, i) => `P${i + 1}`)]);
    expect(bottom.properties.slice(0, -1).every((p) => p.propagated)).toBe(true);
    expect(bottom.ancestors).toHaveLength(2999);
    expect(bottom.keys).toEqual(['Id']);
  });

  it('an override 2,000 levels down keeps the position; a REF may narrow to a class 1,500 levels down', () => {
    const extra = [
      '[Association] class Link { [Key] C0 REF A; [Key] C0 REF B; };',
      'class C2000 : C1999 { [Override("P1")] uint32 P1 = 7; };',
      '[Association] class DeepLink : Link { [Override("A")] C1500 REF A; };',
    ].join('\n');
    const { repository, problems } = compileText(chain(2000, extra));
    expect(problems).toEqual([]);
    const classes = repository.namespaces[0]!.classes;
    const c2000 = classes.find((c) => c.name === 'C2000')!;
    expect(c2000.properties[1]).toMatchObject({ name: 'P1', default: 7, classOrigin: 'C2000', propagated: false });
    expect(classes.find((c) => c.name === 'DeepLink')!.properties[0]).toMatchObject({ name: 'A', refClass: 'C1500' });
  });
});

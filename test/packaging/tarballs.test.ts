/**
 * The packages as people get them: `npm pack` of `@mofc/runtime`, of the generated
 * `hyperv-v2` and of `mofc`, installed from the tarballs (offline: their
 * dependencies come from npm's cache) into a new project outside the repository.
 * A strict `nodenext` consumer type-checks and runs against the SDK, and a script
 * runs the programmatic API of the packed `mofc`. Also checked: what each tarball
 * holds (a LICENSE, no build info, no fixtures or tests, source maps that point at
 * shipped files, README links that resolve).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, repoRoot } from '../cli/helpers/build.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mofc-pack-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' }, maxBuffer: 64 << 20 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed: ${result.status}\n${result.stdout}\n${result.stderr}`);
  return result;
}

interface Packed {
  readonly tarball: string;
  /** Where its contents were extracted. */
  readonly dir: string;
  readonly files: string[];
}

/** `npm pack` (running the package's own prepack), then the tarball extracted for inspection. */
function pack(packageDir: string, name: string, extra: string[] = []): Packed {
  const out = run(npm, ['pack', '--json', '--pack-destination', work, ...extra], packageDir);
  const info = (JSON.parse(out.stdout.slice(out.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[])[0]!;
  const dir = path.join(work, 'extracted', name);
  fs.mkdirSync(dir, { recursive: true });
  run('tar', ['-xzf', path.join(work, info.filename), '-C', dir, '--strip-components=1'], work);
  return { tarball: path.join(work, info.filename), dir, files: info.files.map((f) => f.path).sort() };
}

/** Every `sources` entry of every source map in the package is embedded (`sourcesContent`) or resolves to a file the package ships. */
function unresolvedMapSources(pkg: Packed): string[] {
  const missing: string[] = [];
  for (const file of pkg.files.filter((f) => f.endsWith('.map'))) {
    const map = JSON.parse(fs.readFileSync(path.join(pkg.dir, file), 'utf8')) as { sources: string[]; sourceRoot?: string; sourcesContent?: (string | null)[] };
    for (const [i, source] of map.sources.entries()) {
      if (typeof map.sourcesContent?.[i] === 'string') continue;
      const target = path.join(pkg.dir, path.dirname(file), map.sourceRoot ?? '', source);
      if (!fs.existsSync(target)) missing.push(`${file} → ${source}`);
    }
  }
  return missing;
}

/** Relative links of the package's README.md that do not resolve to a shipped file or directory. */
function brokenReadmeLinks(pkg: Packed): string[] {
  const text = fs.readFileSync(path.join(pkg.dir, 'README.md'), 'utf8');
  const broken: string[] = [];
  for (const m of text.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)) {
    const target = m[1]!;
    if (/^[a-z]+:/i.test(target)) continue;
    if (!fs.existsSync(path.join(pkg.dir, target))) broken.push(target);
  }
  return broken;
}

/**
 * A checkout-like copy of the package's sources (no `dist/`, no `node_modules/`) in the work
 * directory, beside the repository's `node_modules` (for its build tools): packing it is
 * packing from a fresh clone, and other tests reading the repository's `dist/` are never
 * disturbed by `prepack` rebuilding it.
 */
function freshCopy(relative: string): string {
  const target = path.join(work, 'checkout', relative);
  fs.cpSync(path.join(repoRoot, relative), target, {
    recursive: true,
    filter: (source) => !/[\\/](node_modules|dist)$/.test(source) && !source.endsWith('.mofc-manifest.json'),
  });
  return target;
}

let runtime: Packed;
let sdk: Packed;
let mofc: Packed;
let project: string;

beforeAll(() => {
  ensureBuilt();
  fs.mkdirSync(path.join(work, 'checkout'), { recursive: true });
  fs.copyFileSync(path.join(repoRoot, 'tsconfig.base.json'), path.join(work, 'checkout/tsconfig.base.json'));
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(work, 'checkout/node_modules'));
  runtime = pack(freshCopy('src/runtime'), 'runtime');
  sdk = pack(freshCopy('generated/hyperv-v2'), 'hyperv-v2');
  // mofc's own prepare (tsc -b and the bundle) ran in ensureBuilt; the tree may hold other work in progress.
  mofc = pack(repoRoot, 'mofc', ['--ignore-scripts']);

  project = path.join(work, 'consumer');
  fs.mkdirSync(path.join(project, 'src'), { recursive: true });
  fs.writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({
      name: 'consumer',
      private: true,
      type: 'module',
      dependencies: { '@mofc/runtime': `file:${runtime.tarball}`, 'hyperv-v2': `file:${sdk.tarball}`, mofc: `file:${mofc.tarball}` },
    }),
  );
  run(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], project);
}, 600_000);

describe('the tarballs', () => {
  it('@mofc/runtime: LICENSE, built code, no build info, source maps to shipped sources, working README links', () => {
    expect(runtime.files).toContain('LICENSE');
    expect(runtime.files).toContain('dist/index.js');
    expect(runtime.files).toContain('dist/index.d.ts');
    expect(runtime.files.filter((f) => f.includes('tsbuildinfo') || f.endsWith('.test.ts') || f.startsWith('test/'))).toEqual([]);
    expect(unresolvedMapSources(runtime)).toEqual([]);
    expect(brokenReadmeLinks(runtime)).toEqual([]);
  });

  it('hyperv-v2: built on prepack, the runtime a peer, LICENSE, maps and README links resolve', () => {
    expect(sdk.files).toContain('LICENSE');
    expect(sdk.files).toContain('dist/index.js');
    expect(sdk.files).toContain('dist/classes/Msvm_ComputerSystem.d.ts');
    const manifest = JSON.parse(fs.readFileSync(path.join(sdk.dir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    expect(manifest['peerDependencies']).toEqual({ '@mofc/runtime': '^0.1.0' });
    expect(manifest['dependencies']).toBeUndefined();
    expect(unresolvedMapSources(sdk)).toEqual([]);
    expect(brokenReadmeLinks(sdk)).toEqual([]);
    const first = fs.readFileSync(path.join(sdk.dir, 'src/classes/Msvm_ComputerSystem.ts'), 'utf8').split('\n', 1)[0]!;
    expect(first).toMatch(/^\/\/ Code generated by mofc \d+\.\d+\.\d+\S* from WindowsVirtualization\.V2\.mof, WindowsVirtualization\.V2\.mfl\. DO NOT EDIT\.$/);
  });

  it('mofc: the CLI and the API, LICENSE, docs and examples; no fixtures, no tests, no build info', () => {
    expect(mofc.files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'bin/mofc.cjs', 'dist/src/api/index.js', 'dist/src/api/index.d.ts']));
    expect(mofc.files.filter((f) => /^(fixtures|test|generated|bench|examples\/dist)\//.test(f) || f.startsWith('src/runtime/') || f.includes('tsbuildinfo'))).toEqual([]);
    expect(brokenReadmeLinks(mofc)).toEqual([]);
    expect(unresolvedMapSources(mofc)).toEqual([]);
  });
});

describe('installed into a new project outside the repository', () => {
  it('a strict nodenext consumer type-checks and runs against the SDK and the runtime', () => {
    fs.writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noUncheckedIndexedAccess: true,
          exactOptionalPropertyTypes: true,
          verbatimModuleSyntax: true,
          lib: ['ES2023'],
          types: ['node'],
          typeRoots: [path.join(repoRoot, 'node_modules/@types')],
          outDir: 'dist',
          rootDir: 'src',
        },
        include: ['src'],
      }),
    );
    fs.writeFileSync(
      path.join(project, 'src/main.ts'),
      `import { CimReference } from '@mofc/runtime';
import { InMemorySession } from '@mofc/runtime/memory';
import { Msvm_ComputerSystem } from 'hyperv-v2/classes/Msvm_ComputerSystem';
import { registry } from 'hyperv-v2/registry';
import { Msvm_VirtualSystemManagementService } from 'hyperv-v2';

const session = new InMemorySession({ registry });
const path: CimReference<Msvm_ComputerSystem> = await Msvm_ComputerSystem.create(session, {
  CreationClassName: 'Msvm_ComputerSystem',
  Name: 'VM-1',
  ElementName: 'packed',
});
const names: string[] = [];
for await (const vm of Msvm_ComputerSystem.enumerate(session)) names.push(vm.ElementName ?? '?');
const vm = await Msvm_ComputerSystem.get(session, path);
process.stdout.write(JSON.stringify({ names, name: vm.Name, service: Msvm_VirtualSystemManagementService.descriptor.name }));
`,
    );
    const checked = spawnSync(process.execPath, [tsc, '-p', '.'], { cwd: project, encoding: 'utf8' });
    expect(checked.stdout + checked.stderr).toBe('');
    expect(checked.status).toBe(0);
    const ran = run(process.execPath, ['dist/main.js'], project);
    expect(JSON.parse(ran.stdout)).toEqual({ names: ['packed'], name: 'VM-1', service: 'Msvm_VirtualSystemManagementService' });
  }, 120_000);

  it('a program importing one class type-checks that class and what it needs, not the whole schema', () => {
    fs.mkdirSync(path.join(project, 'one'), { recursive: true });
    fs.writeFileSync(
      path.join(project, 'one/main.ts'),
      `import { Msvm_ComputerSystem } from 'hyperv-v2/classes/Msvm_ComputerSystem';\nexport const vm: Msvm_ComputerSystem | undefined = undefined;\n`,
    );
    const config = { extends: './tsconfig.json', compilerOptions: { noEmit: true, skipLibCheck: false, rootDir: 'one' }, include: ['one'] };
    fs.writeFileSync(path.join(project, 'tsconfig.one.json'), JSON.stringify(config));
    const listed = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.one.json', '--listFiles'], { cwd: project, encoding: 'utf8' });
    expect(listed.status, listed.stdout).toBe(0);
    const sdkFiles = listed.stdout.split('\n').filter((f) => f.includes('/node_modules/hyperv-v2/'));
    // The class, its superclass chain, the classes its values refer to, brand and schema: 14 today, of 440.
    expect(sdkFiles.length).toBeGreaterThan(3);
    expect(sdkFiles.length).toBeLessThan(30);
    expect(sdkFiles.some((f) => f.endsWith('/dist/schema.d.ts'))).toBe(true);
    expect(sdkFiles.some((f) => f.endsWith('/dist/registry.d.ts'))).toBe(false);
  }, 120_000);

  it('the packed mofc: compile and generate through the programmatic API, diagnostics as data', () => {
    fs.writeFileSync(
      path.join(project, 'thing.mof'),
      `#pragma namespace("root/test")
class T_Thing { [Key] string Name; uint16 Mode; };
class T_Broken : T_Missing { };
`,
    );
    fs.writeFileSync(path.join(project, 'good.mof'), `#pragma namespace("root/test")\nclass T_Thing { [Key] string Name; uint64 Size; };\n`);
    fs.writeFileSync(
      path.join(project, 'api.mjs'),
      `import { compile, generate } from 'mofc';
const bad = await compile({ inputs: ['thing.mof'] });
const good = await compile({ inputs: ['good.mof'] });
const sdk = await generate({ inputs: ['good.mof'], out: 'sdk', packageName: 'thing-sdk' });
const again = await generate({ inputs: ['good.mof'], out: 'sdk', packageName: 'thing-sdk' });
process.stdout.write(JSON.stringify({
  bad: { ok: bad.ok, codes: bad.diagnostics.map((d) => d.code), line: bad.diagnostics[0]?.span?.start.line },
  good: { ok: good.ok, classes: good.repository.namespaces.flatMap((n) => n.classes.map((c) => c.name)) },
  sdk: { status: sdk.status, classes: sdk.classes },
  again: again.status,
}));
`,
    );
    const ran = run(process.execPath, ['api.mjs'], project);
    const result = JSON.parse(ran.stdout) as Record<string, unknown>;
    expect(result).toEqual({
      bad: { ok: false, codes: [expect.stringMatching(/^MOF3\d{3}$/)], line: 3 },
      good: { ok: true, classes: ['T_Thing'] },
      sdk: { status: 'generated', classes: 1 },
      again: 'up-to-date',
    });
    expect(fs.readFileSync(path.join(project, 'sdk/src/classes/T_Thing.ts'), 'utf8')).toContain('readonly Size?: bigint;');
  }, 120_000);

  it("docs/api.md's example runs as written against the packed mofc", () => {
    const doc = fs.readFileSync(path.join(repoRoot, 'docs/api.md'), 'utf8');
    const example = /```js\n([\s\S]*?)```/.exec(doc)![1]!;
    fs.mkdirSync(path.join(project, 'schema'), { recursive: true });
    fs.writeFileSync(path.join(project, 'schema/thing.mof'), '#pragma namespace("root/thing")\nclass T_Thing { [Key] string Name; };\n');
    fs.writeFileSync(path.join(project, 'doc-example.mjs'), example);
    const ran = run(process.execPath, ['doc-example.mjs'], project);
    expect(ran.stdout).toMatch(/^root\/thing: 1 classes\ngenerated: \d+ file\(s\) written, 0 removed\n$/);
    expect(fs.existsSync(path.join(project, 'generated/thing/src/classes/T_Thing.ts'))).toBe(true);
  }, 120_000);
});

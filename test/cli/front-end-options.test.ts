/**
 * The options every command that reads MOF shares, and the config file, as `check`,
 * `compile` and `generate` take them: one meaning per option everywhere (`-n` is the
 * default namespace; `--generate-namespace` picks the namespace to generate),
 * `--quiet`, `--max-warnings`, `--locale` validated, `-` for standard input, config
 * discovery upward from the working directory, `--config`/`--no-config`, and what the
 * CLI says about the config it used.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseSource } from '../../src/ast/parse.js';
import { memoryIo } from './helpers/memory-io.js';

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'mofc-options-'));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));
const repo = path.resolve(import.meta.dirname, '../..');

/** A MOF with one warning in the Microsoft dialect (an undeclared qualifier, MOF3201). */
const WARN = '[Frob] class T_A { [Key] string Id; };\n';
const NO_PRAGMA = 'class T_B { [Key] string Id; };\n';
const TWO = '#pragma namespace("root/one")\nclass T_One { [Key] string Id; };\n#pragma namespace("root/two")\nclass T_Two { [Key] string Id; };\n';

function project(name: string, files: Record<string, string>): string {
  const dir = path.join(temp, name);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

async function mofc(cwd: string, argv: string[], stdin?: string) {
  const io = memoryIo({ cwd, env: { CI: '1' }, ...(stdin !== undefined ? { readStdin: () => Buffer.from(stdin) } : {}) });
  const code = await main(argv, io, { loadParser: async () => parseSource });
  return { code, out: io.out, err: io.err };
}

const classesOf = (dir: string) => fs.readdirSync(path.join(dir, 'src/classes')).sort();

describe('generate takes the front-end options of check and compile', () => {
  it('--dialect: a Microsoft construct is an error under dmtf', async () => {
    const dir = project('dialect', { 'a.mof': WARN });
    const lenient = await mofc(dir, ['generate', 'a.mof', '-o', 'o', '--package-name', 'x', '--dialect', 'microsoft']);
    expect(lenient.code).toBe(0);
    const strict = await mofc(dir, ['generate', 'a.mof', '-o', 'o2', '--package-name', 'x', '--dialect', 'dmtf']);
    expect(strict.code).toBe(1);
    expect(strict.out).toContain('error MOF3200');
    expect((await mofc(dir, ['generate', 'a.mof', '-o', 'o', '--package-name', 'x', '--dialect', 'wmi'])).code).toBe(2);
  });

  it('-n is the default namespace, as for compile; --generate-namespace picks the one to generate', async () => {
    const dir = project('namespaces', { 'b.mof': NO_PRAGMA, 'two.mof': TWO });
    const placed = await mofc(dir, ['generate', 'b.mof', '-o', 'b', '--package-name', 'b', '-n', 'root/placed']);
    expect(placed.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'b/src/classes/T_B.ts'), 'utf8')).toContain("namespace: 'root/placed'");
    const compiled = await mofc(dir, ['compile', 'b.mof', '-n', 'root/placed']);
    expect(JSON.parse(compiled.out).namespaces[0].name).toBe('root/placed');

    const picked = await mofc(dir, ['generate', 'two.mof', '-o', 'two', '--package-name', 'two', '--generate-namespace', 'root/two']);
    expect(picked.code).toBe(0);
    expect(classesOf(path.join(dir, 'two'))).toEqual(['T_Two.ts']);
    const unpicked = await mofc(dir, ['generate', 'two.mof', '-o', 'two-default', '--package-name', 'two']);
    expect(unpicked.out).toContain('warning MOF4003');
    expect(unpicked.out).toContain('--generate-namespace');
  });

  it('-I adds include directories', async () => {
    const dir = project('include', { 'schema/a.mof': '#pragma include("shared.mof")\n', 'lib/shared.mof': NO_PRAGMA });
    expect((await mofc(dir, ['generate', 'schema/a.mof', '-o', 'o', '--package-name', 'x'])).code).toBe(1);
    expect((await mofc(dir, ['generate', 'schema/a.mof', '-o', 'o', '--package-name', 'x', '-I', 'lib'])).code).toBe(0);
    expect(classesOf(path.join(dir, 'o'))).toEqual(['T_B.ts']);
  });

  it('--encoding, --max-file-size and --allow-include-outside reach the loader', async () => {
    const dir = project('loader', { 'schema/a.mof': '#pragma include("../outside.mof")\n', 'outside.mof': NO_PRAGMA });
    const refused = await mofc(dir, ['generate', 'schema/a.mof', '-o', 'o', '--package-name', 'x']);
    expect(refused.code).toBe(1);
    const allowed = await mofc(dir, ['generate', 'schema/a.mof', '-o', 'o', '--package-name', 'x', '--allow-include-outside']);
    expect(allowed.code).toBe(0);
    const small = await mofc(dir, ['generate', 'outside.mof', '-o', 'o3', '--package-name', 'x', '--max-file-size', '8']);
    expect(small.code).toBe(1);
    expect((await mofc(dir, ['generate', 'outside.mof', '-o', 'o3', '--package-name', 'x', '--max-file-size', 'lots'])).code).toBe(2);
    expect((await mofc(dir, ['generate', 'outside.mof', '-o', 'o3', '--package-name', 'x', '--encoding', 'ebcdic'])).code).toBe(2);
    const utf16 = project('utf16', { 'u.mof': '' });
    fs.writeFileSync(path.join(utf16, 'u.mof'), Buffer.from(NO_PRAGMA, 'utf16le'));
    expect((await mofc(utf16, ['generate', 'u.mof', '-o', 'o', '--package-name', 'x', '--encoding', 'utf-16le'])).code).toBe(0);
  });
});

describe('--quiet and --max-warnings', () => {
  it('check: --quiet prints errors only; --max-warnings fails above the limit', async () => {
    const dir = project('quiet-check', { 'w.mof': WARN });
    const loud = await mofc(dir, ['check', 'w.mof', '--dialect', 'microsoft']);
    expect(loud).toMatchObject({ code: 0, out: expect.stringContaining('warning MOF3201') });
    expect(await mofc(dir, ['check', 'w.mof', '--dialect', 'microsoft', '-q'])).toEqual({ code: 0, out: '', err: '' });
    const over = await mofc(dir, ['check', 'w.mof', '--dialect', 'microsoft', '--max-warnings', '0']);
    expect(over.code).toBe(1);
    expect(over.err).toBe('mofc: 1 warning(s), more than --max-warnings 0\n');
    expect((await mofc(dir, ['check', 'w.mof', '--dialect', 'microsoft', '--max-warnings', '1'])).code).toBe(0);
    expect((await mofc(dir, ['check', 'w.mof', '--max-warnings', '-1'])).code).toBe(2);
    const broken = await mofc(dir, ['check', 'w.mof', '--dialect', 'dmtf', '--quiet']);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('error MOF3200');
  });

  it('compile: --max-warnings over the limit writes no model', async () => {
    const dir = project('quiet-compile', { 'w.mof': WARN });
    const over = await mofc(dir, ['compile', 'w.mof', '--dialect', 'microsoft', '--max-warnings', '0', '--out', 'model.json']);
    expect(over.code).toBe(1);
    expect(fs.existsSync(path.join(dir, 'model.json'))).toBe(false);
    const quiet = await mofc(dir, ['compile', 'w.mof', '--dialect', 'microsoft', '-q', '--out', 'model.json']);
    expect(quiet).toEqual({ code: 0, out: '', err: '' });
  });

  it('generate: --quiet prints nothing on success; --max-warnings and --strict count the warnings, also of an up-to-date run', async () => {
    const dir = project('quiet-generate', { 'w.mof': WARN });
    const args = ['generate', 'w.mof', '-o', 'o', '--package-name', 'x', '--dialect', 'microsoft'];
    const first = await mofc(dir, args);
    expect(first.code).toBe(0);
    expect(first.out).toContain('warning MOF3201');
    // Up to date: nothing compiled, and the warnings of the run that wrote the package are reported again.
    const again = await mofc(dir, args);
    expect(again.out).toContain('is up to date');
    expect(again.out).toContain('warning MOF3201');
    expect((await mofc(dir, [...args, '--max-warnings', '0'])).code).toBe(1);
    expect((await mofc(dir, [...args, '--strict'])).code).toBe(1);
    expect((await mofc(dir, [...args, '--max-warnings', '1'])).code).toBe(0);
    expect(await mofc(dir, [...args, '--quiet'])).toEqual({ code: 0, out: '', err: '' });
  });
});

describe('--locale is validated against the amendments the inputs provide', () => {
  const hyperv = [path.join(repo, 'fixtures/hyperv/WindowsVirtualization.V2.mof'), path.join(repo, 'fixtures/hyperv/WindowsVirtualization.V2.mfl')];

  it('compile and generate: an unknown locale is an error naming the locales there are', async () => {
    const dir = project('locale', {});
    const compiled = await mofc(dir, ['compile', ...hyperv, '--locale', '0x407', '--no-config']);
    expect(compiled.code).toBe(1);
    expect(compiled.err).toContain("error MOF4012: locale '0x407' is not one the inputs provide; their amendments (.mfl) provide: 0x409");
    const generated = await mofc(dir, ['generate', ...hyperv, '-o', 'o', '--package-name', 'x', '--locale', 'en-US']);
    expect(generated.code).toBe(1);
    expect(generated.out).toContain("locale 'en-US' is not one the inputs provide");
    expect(fs.existsSync(path.join(dir, 'o'))).toBe(false);
    const ok = await mofc(dir, ['compile', ...hyperv, '--locale', 'ms_409', '-q', '--out', 'm.json']);
    expect(ok.code).toBe(0);
  }, 120_000);
});

describe('- reads MOF from standard input', () => {
  it('for check, compile and generate', async () => {
    const dir = project('stdin', {});
    const checked = await mofc(dir, ['check', '-'], 'class T_In { [Key] string Id; };\nclass T_Bad : T_Nowhere {};\n');
    expect(checked.code).toBe(1);
    expect(checked.out).toMatch(/^-:2:\d+: error MOF3/m);
    const compiled = await mofc(dir, ['compile', '-'], NO_PRAGMA);
    expect(JSON.parse(compiled.out).namespaces[0].classes.map((c: { name: string }) => c.name)).toEqual(['T_B']);
    const generated = await mofc(dir, ['generate', '-', '-o', 'o', '--package-name', 'x'], NO_PRAGMA);
    expect(generated.code).toBe(0);
    expect(classesOf(path.join(dir, 'o'))).toEqual(['T_B.ts']);
    // Standard input leaves nothing to compare with next time: it is never "up to date".
    const again = await mofc(dir, ['generate', '-', '-o', 'o', '--package-name', 'x'], NO_PRAGMA);
    expect(again.out).toContain('Generated x');
  });
});

describe('the config file', () => {
  it('is found upward from the working directory, supplies check and compile too, and the CLI says so', async () => {
    const dir = project('discovery', {
      'mofc.config.json': JSON.stringify({ inputs: ['schema/w.mof'], dialect: 'microsoft', generate: { out: 'sdk', packageName: 'found' } }),
      'schema/w.mof': WARN,
      'schema/other.mof': NO_PRAGMA,
      'deep/er/.keep': '',
    });
    const deep = path.join(dir, 'deep/er');
    const checked = await mofc(deep, ['check']);
    expect(checked.code).toBe(0);
    expect(checked.out).toContain('warning MOF3201'); // the config's dialect applied
    // Outside the working directory, paths are shown absolute.
    expect(checked.err).toBe(`mofc: using config ${path.join(dir, 'mofc.config.json')}\n`);
    const replaced = await mofc(dir, ['check', 'schema/other.mof']);
    expect(replaced.err).toBe('mofc: using config mofc.config.json (its inputs replaced by those on the command line)\n');
    const compiled = await mofc(deep, ['compile', '-q']);
    // The Microsoft dialect (from the config) adds the system classes; ours is there.
    expect(JSON.parse(compiled.out).namespaces[0].classes.map((c: { name: string }) => c.name)).toContain('T_A');
    const generated = await mofc(deep, ['generate']);
    expect(generated.code).toBe(0);
    expect(generated.out).toContain(`Generated found (1 classes) in ${path.join(dir, 'sdk')}`);
    expect(generated.err).toBe(`mofc: using config ${path.join(dir, 'mofc.config.json')}\n`);
  });

  it('--config names one, --no-config ignores it, and the two together are a usage error', async () => {
    const dir = project('explicit', {
      'conf/mine.json': JSON.stringify({ inputs: ['../b.mof'], namespace: 'root/mine' }),
      'mofc.config.json': JSON.stringify({ inputs: ['missing.mof'] }),
      'b.mof': NO_PRAGMA,
    });
    const named = await mofc(dir, ['compile', '--config', 'conf/mine.json', '-q']);
    expect(named.code).toBe(0);
    expect(JSON.parse(named.out).namespaces[0].name).toBe('root/mine');
    expect((await mofc(dir, ['check'])).code).toBe(1); // the discovered config's missing.mof
    expect((await mofc(dir, ['check', '--no-config'])).code).toBe(2); // no inputs at all
    expect((await mofc(dir, ['check', '--no-config', 'b.mof'])).err).toBe('');
    expect((await mofc(dir, ['check', '--config', 'conf/mine.json', '--no-config'])).code).toBe(2);
    expect((await mofc(dir, ['generate', '--config', 'conf/mine.json', '--no-config'])).code).toBe(2);
  });

  it('names keys that moved: generate.namespace is now generate.generateNamespace', async () => {
    const dir = project('moved', { 'mofc.config.json': JSON.stringify({ generate: { namespace: 'root/x' } }) });
    const result = await mofc(dir, ['generate']);
    expect(result.code).toBe(1);
    expect(result.out).toContain("'generate.namespace' is now 'generate.generateNamespace'");
  });
});

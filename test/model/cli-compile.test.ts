/**
 * `mofc compile`: model JSON to stdout or, atomically, to --out; nothing
 * written and exit 1 when there are errors. Runs the command in-process.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseSource } from '../../src/ast/parse.js';
import { compileCommand, writeFileAtomically } from '../../src/cli/commands/compile.js';
import { main } from '../../src/cli/main.js';
import type { CommandContext } from '../../src/cli/command.js';
import { memoryIo } from '../cli/helpers/memory-io.js';

const ORDER = 'fixtures/mof/model/order';

function context(): CommandContext {
  return { io: memoryIo(), loadParser: async () => parseSource };
}

describe('mofc compile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(nodePath.join(tmpdir(), 'mofc-compile-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('streams the model JSON to stdout, the same whatever the file order', async () => {
    const [contextA, contextB] = [context(), context()];
    const a = await compileCommand.run([`${ORDER}/base.mof`, `${ORDER}/derived.mof`], contextA);
    const b = await compileCommand.run([`${ORDER}/derived.mof`, `${ORDER}/base.mof`], contextB);
    expect(a).toEqual({ exitCode: 0, stderr: '0 errors, 0 warnings\n' });
    expect(b).toEqual(a);
    const [outA, outB] = [(contextA.io as ReturnType<typeof memoryIo>).out, (contextB.io as ReturnType<typeof memoryIo>).out];
    expect(outA).toBe(outB);
    const model = JSON.parse(outA) as { namespaces: { name: string; classes: { name: string }[] }[] };
    expect(model.namespaces.map((n) => n.name)).toEqual(['root/cimv2']);
    expect(model.namespaces[0]!.classes.map((c) => c.name)).toEqual(['Test_Element', 'Test_Setting', 'Test_System', 'Test_SystemSetting']);
  });

  it('writes --out atomically, leaving no temporary file', async () => {
    const out = nodePath.join(dir, 'model.json');
    writeFileSync(out, 'old');
    const result = await compileCommand.run([`${ORDER}/all.mof`, '--out', out, '-n', 'root\\test'], context());
    expect(result).toEqual({ exitCode: 0, stderr: '0 errors, 0 warnings\n' });
    const model = JSON.parse(readFileSync(out, 'utf8')) as { namespaces: { name: string }[] };
    expect(model.namespaces.map((n) => n.name)).toEqual(['root/test']);
    expect(readdirSync(dir)).toEqual(['model.json']);
  });

  it('--compact writes the compact form, which lists only what each class adds', async () => {
    const out = nodePath.join(dir, 'compact.json');
    const file = nodePath.join(dir, 'chain.mof');
    writeFileSync(file, 'class A { [Key] string Id; };\nclass B : A { uint32 X; };\nclass C : B { uint32 Y; };\nclass D : C { uint32 Z; };\n');
    const result = await compileCommand.run([file, '--out', out, '--compact'], context());
    expect(result.exitCode).toBe(0);
    const model = JSON.parse(readFileSync(out, 'utf8')) as { form: string; namespaces: { classes: { name: string; ancestors?: unknown; properties: { name: string }[] }[] }[] };
    expect(model.form).toBe('compact');
    const full = JSON.parse((await run(['compile', file])).out) as typeof model;
    const names = (m: typeof model) => m.namespaces[0]!.classes.map((c) => [c.name, c.properties.map((p) => p.name).join(' ')]);
    // Each class: what it declares, and its superclass's own members as it inherits them (propagated).
    expect(names(model)).toEqual([['A', 'Id'], ['B', 'Id X'], ['C', 'X Y'], ['D', 'Y Z']]);
    expect(names(full)).toEqual([['A', 'Id'], ['B', 'Id X'], ['C', 'Id X Y'], ['D', 'Id X Y Z']]);
    expect(model.namespaces[0]!.classes.every((c) => c.ancestors === undefined)).toBe(true);
  });

  it('leaves the old file and no temporary file when writing fails half-way', () => {
    const out = nodePath.join(dir, 'model.json');
    writeFileSync(out, 'old');
    expect(() =>
      writeFileAtomically(out, (write) => {
        write('{ "namespaces": [');
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    expect(readFileSync(out, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['model.json']);
  });

  it('exits 1 and writes nothing when there are errors', async () => {
    const out = nodePath.join(dir, 'model.json');
    const result = await compileCommand.run(
      ['fixtures/mof/model/duplicate/first.mof', 'fixtures/mof/model/duplicate/second.mof', '--out', out],
      context(),
    );
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBeUndefined();
    expect(result.stderr).toContain('MOF3001');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('with --strict, warnings fail the compilation too', async () => {
    const file = nodePath.join(dir, 'ref.mof');
    writeFileSync(file, 'class X {\n  X REF Self;\n};\n');
    const lenient = await compileCommand.run([file], context());
    expect(lenient.exitCode).toBe(0);
    expect(lenient.stderr).toContain('MOF3022');
    const strict = await compileCommand.run([file, '--strict'], context());
    expect(strict.exitCode).toBe(1);
    expect(strict.stdout).toBeUndefined();
  });

  it('reports a write failure without leaving a temporary file', async () => {
    const out = nodePath.join(dir, 'missing-directory', 'model.json');
    const result = await compileCommand.run([`${ORDER}/all.mof`, '--out', out], context());
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/mofc: cannot write '.*model\.json': ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each([
    [['--dialect', 'wmi', 'a.mof'], /^mofc: invalid --dialect 'wmi' \(expected 'dmtf' or 'microsoft'\)/],
    [[], /^mofc: no input files\nRun 'mofc compile --help'/],
    [['--frob', 'a.mof'], /^mofc: unknown option '--frob'/],
  ])('%j is a usage error', async (argv, message) => {
    const result = await compileCommand.run(argv, context());
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('--dialect dmtf reports Microsoft constructs', async () => {
    const result = await compileCommand.run(['fixtures/hyperv/WindowsVirtualization.V2.mof', '--dialect', 'dmtf', '--format', 'json'], context());
    expect(result.exitCode).toBe(1);
    const diagnostics = JSON.parse(result.stderr!) as { code: string }[] | { diagnostics: { code: string }[] };
    const list = Array.isArray(diagnostics) ? diagnostics : diagnostics.diagnostics;
    const codes = new Set(list.map((d) => d.code));
    expect(codes).toContain('MOF3100');
    expect(codes).toContain('MOF3200');
  });
});

async function run(argv: string[]) {
  const io = memoryIo();
  const code = await main(argv, io, { loadParser: async () => parseSource });
  return { code, out: io.out, err: io.err };
}

describe('mofc check and compile through main', () => {
  it('lists compile among the commands', async () => {
    expect((await run(['--help'])).out).toMatch(/\n {2}compile +compile MOF files into the resolved schema model/);
  });

  it('check runs the semantic checks', async () => {
    const { code, out } = await run(['check', 'fixtures/mof/model/duplicate/first.mof', 'fixtures/mof/model/duplicate/second.mof']);
    expect(code).toBe(1);
    expect(out).toContain("second.mof:2:7: error MOF3001: class 'Test_Twice' is already declared");
    expect(out).toMatch(/1 error, 0 warnings\n$/);
  });

  it('check passes the Hyper-V schema (warnings only), fails it with --strict or --dialect dmtf', async () => {
    const file = 'fixtures/hyperv/WindowsVirtualization.V2.mof';
    const lenient = await run(['check', file]);
    expect(lenient.code).toBe(0);
    expect(lenient.out).toMatch(/0 errors, \d+ warnings\n$/);
    expect((await run(['check', '--strict', file])).code).toBe(1);
    const dmtf = await run(['check', '--dialect=dmtf', file, '--format', 'json']);
    expect(dmtf.code).toBe(1);
    expect(dmtf.out).toContain('"MOF3100"');
    expect((await run(['check', '--dialect', 'wmi', file])).code).toBe(2);
  });

  it('compile -n sets the default namespace', async () => {
    const { code, out } = await run(['compile', '-n', 'root/test', 'fixtures/mof/model/order/all.mof']);
    expect(code).toBe(0);
    expect((JSON.parse(out) as { namespaces: { name: string }[] }).namespaces.map((n) => n.name)).toEqual(['root/test']);
  });
});

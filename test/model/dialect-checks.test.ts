/**
 * Every dialect-dependent check, driven in both dialects: what mofcomp
 * accepts is a warning in the Microsoft dialect and an error in the DMTF one,
 * and the dialect (given or detected) reaches each stage.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../src/ast/parse.js';
import type { CommandContext } from '../../src/cli/command.js';
import { checkCommand } from '../../src/cli/commands/check.js';
import { modelToJson } from '../../src/model/compile.js';
import type { Dialect } from '../../src/model/dialect.js';
import { memoryIo } from '../cli/helpers/memory-io.js';
import { classIn, compileFiles, compileText, summarize, type Compiled } from './helpers.js';

const LENIENCIES = 'fixtures/mof/model/microsoft/leniencies.mof';
const DYNAMIC = 'fixtures/mof/model/microsoft/dynamic-properties.mof';

const codes = (result: Compiled): string[] => result.problems.map((d) => `${d.severity} ${d.code}`);

describe('Microsoft-shipped MOF that mofcomp accepts (fixtures/mof/model/microsoft/leniencies.mof)', () => {
  const shared = [
    // `enable\disable`, `\s`: unknown escapes are warnings in both dialects (errors only under --strict).
    { code: 'MOF1102', severity: 'warning', message: "unknown escape sequence '\\d', kept as written (backslash included)", at: '11:34-11:36' },
    { code: 'MOF1102', severity: 'warning', message: "unknown escape sequence '\\s', kept as written (backslash included)", at: '11:53-11:55' },
    {
      code: 'MOF1109',
      severity: 'warning',
      message: 'string literal continues on the next line (a closing quote missing?); the line break is kept in the text',
      at: '14:60-14:61',
    },
  ];

  it('Microsoft dialect: warnings only, and the text reads as written', () => {
    const result = compileFiles([LENIENCIES], { dialect: 'microsoft' });
    expect(result.problems.map(summarize)).toEqual([
      ...shared,
      {
        code: 'MOF3309',
        severity: 'warning',
        message: 'ValueMap has 3 entries but Values has 4 (mofcomp accepts this)',
        at: '17:6-17:76',
        related: [`${LENIENCIES}:16:6-16:32`],
      },
    ]);
    const port = classIn(result, 'MSFT_Port');
    const [isEnabled, loadBalance] = port.properties.slice(1);
    expect(isEnabled!.qualifiers['Description']).toBe('Used to enable\\disable the port; \\s is kept as written.');
    expect(loadBalance!.qualifiers['Description']).toBe('A string opened at the end of a line \n        and closed on the next one');
    expect(loadBalance!.enum!.values).toEqual([
      { value: 1, name: 'Unknown' },
      { value: 2, name: 'destination-ip' },
      { value: 3, name: 'destination-mac' },
    ]);
  });

  it('DMTF dialect: the line break and the length mismatch are errors', () => {
    const result = compileFiles([LENIENCIES], { dialect: 'dmtf' });
    expect(result.problems.map(summarize)).toEqual([
      ...shared,
      {
        code: 'MOF3100',
        severity: 'error',
        message: 'a line break inside a string literal is a Microsoft extension, not allowed in the DMTF dialect',
        at: '14:60-14:61',
      },
      {
        code: 'MOF3300',
        severity: 'error',
        message: 'ValueMap has 3 entries but Values has 4',
        at: '17:6-17:76',
        related: [`${LENIENCIES}:16:6-16:32`],
      },
    ]);
  });

  it('detected: none of these makes a file Microsoft, but its MSFT_ classes earn a note suggesting --dialect', () => {
    const result = compileFiles([LENIENCIES]);
    expect(result.dialect).toBe('dmtf');
    expect(codes(result)).toEqual(['warning MOF1102', 'warning MOF1102', 'warning MOF1109', 'error MOF3100', 'error MOF3300']);
    const notes = result.diagnostics.filter((d) => d.severity === 'info').map(summarize);
    expect(notes).toEqual([
      {
        code: 'MOF3101',
        severity: 'info',
        message:
          "'MSFT_Element' has Microsoft's schema prefix, but nothing in the input is mofcomp-only, so it was compiled in the DMTF dialect; if mofcomp is its compiler, compile it with --dialect microsoft",
        at: '4:7-4:19',
      },
    ]);
  });

  it('gives no note when the DMTF compilation has no error, nor for classes without the prefix', () => {
    expect(compileText('class MSFT_A { [Key] string K; };\n').diagnostics).toEqual([]);
    const failing = compileText('class Contoso_A { [Key] string K; [Frobnicate] string X; };\n');
    expect(failing.diagnostics.map((d) => d.code)).toEqual(['MOF3200']);
  });
});

describe('instance properties given only qualifiers (fixtures/mof/model/microsoft/dynamic-properties.mof)', () => {
  it('Microsoft (detected): the qualifiers are kept on the instance property, which has no value', () => {
    const result = compileFiles([DYNAMIC]);
    expect(result.dialect).toBe('microsoft');
    expect(result.problems).toEqual([]);
    expect(classIn(result, 'Contoso_Setting').instances).toEqual([
      {
        className: 'Contoso_Setting',
        alias: null,
        qualifiers: { DynProps: true },
        properties: { Key: 'a', Count: 3 },
        propertyQualifiers: {
          Value: { PropertyContext: 'local|HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso|Value', Dynamic: true, Provider: 'RegPropProv' },
        },
      },
    ]);
  });

  it('writes the model JSON of the docs/model-json.md example', () => {
    const doc = readFileSync('docs/model-json.md', 'utf8');
    const example = /```json\n(\{ "className": "Contoso_Setting"[\s\S]*?)```/.exec(doc)![1]!;
    const json = JSON.parse(modelToJson(compileFiles([DYNAMIC]).repository)) as {
      namespaces: { classes: { name: string; instances: unknown[] }[] }[];
    };
    expect(json.namespaces[0]!.classes.find((c) => c.name === 'Contoso_Setting')!.instances).toEqual([JSON.parse(example)]);
  });

  it('DMTF: a property without a value is a Microsoft extension', () => {
    const result = compileText('class A { [Key] string K; string V; };\ninstance of A { K = "a"; V; };\n', { dialect: 'dmtf' });
    expect(result.problems.map(summarize)).toEqual([
      {
        code: 'MOF3100',
        severity: 'error',
        message: 'an instance property without a value (a WMI dynamic property) is a Microsoft extension, not allowed in the DMTF dialect',
        at: '2:26-2:27',
      },
    ]);
    expect(compileText('class A { [Key] string K; string V; };\ninstance of A { K = "a"; V; };\n').dialect).toBe('microsoft');
  });

  it('checks the qualifiers of an instance property like those of a property', () => {
    const text = 'class A { [Key] string K; string V; };\ninstance of A { K = "a"; [Frobnicate, Key, key] V = "v"; };\n';
    const result = compileText(text, { dialect: 'microsoft' });
    expect(result.problems.map((d) => d.code)).toEqual(['MOF3201', 'MOF3202']);
    expect(classIn(result, 'A').instances[0]).toMatchObject({ properties: { K: 'a', V: 'v' }, propertyQualifiers: { V: { Frobnicate: true, Key: true } } });
  });
});

describe('qualifier declarations follow the dialect', () => {
  const declaration = 'Qualifier Note : string, Scope(any), Flavor(ToSubclass, Amended);\n[Note("x")] class A { };\n';

  it.each<[Dialect, string[], object]>([
    ['dmtf', ['error MOF3209'], { propagation: 'toSubclass' }],
    ['microsoft', [], { propagation: 'toSubclass', amended: true }],
  ])('Flavor(Amended) in a declaration, %s dialect', (dialect, expected, flavors) => {
    const result = compileText(declaration, { dialect });
    expect(codes(result)).toEqual(expected);
    const type = result.repository.namespaces[0]!.qualifierTypes.find((q) => q.name === 'Note')!;
    expect(type.flavors).toEqual(flavors);
  });

  it('detects a declaration with Flavor(Amended) as Microsoft', () => {
    expect(compileText(declaration).dialect).toBe('microsoft');
  });

  it.each<[Dialect, string[]]>([
    ['dmtf', ['error MOF3100', 'error MOF3209']],
    ['microsoft', []],
  ])("mofcomp's flavor-only declaration (Qualifier Description : Amended;), %s dialect", (dialect, expected) => {
    const result = compileText('Qualifier Description : Amended;\n[Description("x")] class A { };\n', { dialect });
    expect(codes(result)).toEqual(expected);
  });
});

describe('--strict', () => {
  const context = (): CommandContext => ({ io: memoryIo(), loadParser: async () => parseSource });

  it('makes the Microsoft-dialect warnings fail the run: no separate error is needed', async () => {
    const plain = await checkCommand.run([LENIENCIES, '--dialect', 'microsoft'], context());
    expect(plain.exitCode).toBe(0);
    const strict = await checkCommand.run([LENIENCIES, '--dialect', 'microsoft', '--strict'], context());
    expect(strict.exitCode).toBe(1);
    expect(strict.stdout).toContain("warning MOF1102: unknown escape sequence '\\d'");
  });
});

describe('each dialect-dependent check, in both dialects', () => {
  const ASSOCIATION = 'class X { };\nclass Y { };\n[Association] class A { X REF L; X REF R; };\n';
  it.each<[string, string, string[], string[]]>([
    ['a qualifier declared nowhere', '[Frobnicate] class A { };\n', ['error MOF3200'], ['warning MOF3201']],
    ['a Microsoft flavor on a qualifier use', '[Description("d") : Amended] class A { };\n', ['error MOF3209'], []],
    ['a class declared twice', 'class A { };\nclass A { };\n', ['error MOF3001'], ['warning MOF3085']],
    ['a reference outside an association', 'class X { X REF Self; };\n', ['warning MOF3022'], []],
    [
      'a REF override to a class that is not a subclass',
      `${ASSOCIATION}[Association] class B : A { [Override("L")] Y REF L; };\n`,
      ['error MOF3013'],
      ['warning MOF3017'],
    ],
    [
      'ValueMap and Values of different lengths',
      'class A { [ValueMap {"1", "2"}, Values {"a"}] uint8 M; };\n',
      ['error MOF3300'],
      ['warning MOF3309'],
    ],
    ['a line break inside a string literal', 'class A { string S = "one\n  two"; };\n', ['warning MOF1109', 'error MOF3100'], ['warning MOF1109']],
    ['an unknown escape', 'class A { string S = "a\\sb"; };\n', ['warning MOF1102'], ['warning MOF1102']],
    [
      'an instance property without a value',
      'class A { [Key] string K; string V; };\ninstance of A { K = "a"; V; };\n',
      ['error MOF3100'],
      [],
    ],
  ])('%s', (_, text, dmtf, microsoft) => {
    expect(codes(compileText(text, { dialect: 'dmtf' }))).toEqual(dmtf);
    expect(codes(compileText(text, { dialect: 'microsoft' }))).toEqual(microsoft);
  });
});

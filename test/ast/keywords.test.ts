import { describe, expect, test } from 'vitest';
import { parseSource } from '../../src/ast/parse.js';
import type { ClassDeclaration, InstanceDeclaration, MethodDeclaration, PropertyDeclaration } from '../../src/ast/nodes.js';
import { SourceFile } from '../../src/source/source-file.js';
import { formatDiagnostic } from './serialize.js';

function parse(text: string) {
  const result = parseSource(new SourceFile('test.mof', text));
  expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
  return result.file.statements;
}

/** Every reserved word of the grammar, plus words with a meaning in one position only. */
const words = [
  'class', 'instance', 'of', 'qualifier', 'as', 'ref', 'scope', 'flavor', 'true', 'false', 'null',
  'association', 'indication', 'structure', 'enumeration', 'value',
  'void', 'object', 'any', 'source', 'amended', 'tosubclass', 'property', 'reference', 'string', 'uint32', 'include', 'pragma',
];

function capitalized(word: string): string {
  return word[0]!.toUpperCase() + word.slice(1);
}

describe('keywords as names', () => {
  for (const word of words) {
    const name = capitalized(word);
    test(name, () => {
      const [klass, instance] = parse(
        `[${name}(1) : Amended] class ${name} : ${name} {\n` +
          `  [${name}] string ${name};\n` +
          `  X ${name}[];\n` +
          `  ${name} REF R${name};\n` +
          `  uint32 ${name}([In] ${name} REF ${name}, [${name}] string S${name} = "d");\n` +
          `};\n` +
          `instance of ${name} as $${name} { ${name} = $${name}; [${name}] Y = 1; };\n` +
          `#pragma deleteclass("X", ${name})`,
      ) as [ClassDeclaration, InstanceDeclaration];
      expect(klass.name.name).toBe(name);
      expect(klass.superclass?.name).toBe(name);
      expect(klass.qualifiers[0]?.name.name).toBe(name);
      const [property, typed, reference, method] = klass.members as [
        PropertyDeclaration,
        PropertyDeclaration,
        PropertyDeclaration,
        MethodDeclaration,
      ];
      expect(property.name.name).toBe(name);
      expect(property.qualifiers[0]?.name.name).toBe(name);
      expect(typed.name.name).toBe(name);
      expect(reference.type).toMatchObject({ kind: 'ReferenceType', className: { name } });
      expect(method.name.name).toBe(name);
      expect(method.parameters.map((p) => p.name.name)).toEqual([name, `S${name}`]);
      expect(method.parameters[0]?.type).toMatchObject({ kind: 'ReferenceType', className: { name } });
      expect(instance.className.name).toBe(name);
      expect(instance.alias?.name).toBe(name);
      expect(instance.properties.map((p) => p.name.name)).toEqual([name, 'Y']);
      expect(instance.properties[0]?.value).toMatchObject({ kind: 'AliasValue', name });
    });
  }

  test('REF alone after a type is the name, not the reference marker', () => {
    const [klass] = parse('class A { uint32 Ref; B Ref[]; C Ref = 1; uint32 Ref(); D REF Ref; };') as [ClassDeclaration];
    expect(klass.members.map((m) => [m.kind, m.name.name])).toEqual([
      ['PropertyDeclaration', 'Ref'],
      ['PropertyDeclaration', 'Ref'],
      ['PropertyDeclaration', 'Ref'],
      ['MethodDeclaration', 'Ref'],
      ['PropertyDeclaration', 'Ref'],
    ]);
    expect((klass.members[4] as PropertyDeclaration).type).toMatchObject({ kind: 'ReferenceType', className: { name: 'D' } });
    expect((klass.members[1] as PropertyDeclaration).type).toMatchObject({ kind: 'ClassType', className: { name: 'B' } });
  });
});

describe('case-insensitivity', () => {
  const text = [
    '#pragma namespace("root/x")',
    'qualifier Key : boolean = false, scope(property, reference), flavor(DisableOverride, ToSubclass);',
    '[Key : ToSubclass Amended, Description("x")]',
    'class A as $A : B { [Key] string Id; B ref Other; object ref Any; object Thing; void Go([In] uint32 T = 1); boolean F = true; string N = null; };',
    'instance of A as $I { Id = "i"; F = false; Other = $I; };',
  ].join('\n');

  function withoutSpans(value: unknown): string {
    return JSON.stringify(value, (key, v: unknown) => (key === 'span' || key === 'nameSpan' ? undefined : typeof v === 'bigint' ? `${v}n` : v));
  }

  test('upper-, lower- and mixed-case keywords, types, flavors and scopes give the same tree', () => {
    const keywordLike =
      /\b(pragma|qualifier|boolean|false|true|null|scope|property|reference|flavor|disableoverride|tosubclass|amended|class|as|string|ref|object|void|uint32|instance|of)\b/gi;
    const reference = withoutSpans(parse(text));
    const upper = text.replace(keywordLike, (w) => w.toUpperCase());
    const lower = text.replace(keywordLike, (w) => w.toLowerCase());
    const mixed = text.replace(keywordLike, (w) => [...w].map((c, i) => (i % 2 ? c.toLowerCase() : c.toUpperCase())).join(''));
    for (const variant of [upper, lower, mixed]) {
      // Names (of types that are classes, e.g. `object ref`'s class name) are kept as written, so compare kinds and decoded values.
      expect(withoutSpans(parse(variant)).toLowerCase()).toBe(reference.toLowerCase());
    }
  });

  test('normalized names: primitive types, flavors, scopes and pragma names', () => {
    const [pragma, qualifier, klass] = parse(
      '#PRAGMA NameSpace("x")\nQUALIFIER Q : UINT32, SCOPE(PROPERTY), FLAVOR(TOSUBCLASS);\nclass A { STRING S; };',
    );
    expect(pragma).toMatchObject({ kind: 'Pragma', name: 'namespace' });
    expect(qualifier).toMatchObject({ type: 'uint32', scopes: [{ name: 'property' }], flavors: [{ name: 'ToSubclass' }] });
    expect((klass as ClassDeclaration).members[0]).toMatchObject({ type: { kind: 'PrimitiveType', name: 'string' } });
  });
});

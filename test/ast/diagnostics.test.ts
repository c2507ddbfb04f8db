import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseSource } from '../../src/ast/parse.js';
import { SourceFile } from '../../src/source/source-file.js';
import { lexicalDiagnostics } from '../../src/diagnostics/codes/lexical.js';
import { syntaxDiagnostics } from '../../src/diagnostics/codes/syntax.js';
import { formatDiagnostic } from './serialize.js';

function diagnosticsOf(text: string): string[] {
  return parseSource(new SourceFile('test.mof', text)).diagnostics.map(formatDiagnostic);
}

/** Each case pins one code: its exact message and span (`line:col-line:col`, end exclusive). */
const cases: readonly { code: string; input: string; expected: string[] }[] = [
  // Lexical
  {
    code: 'MOF1101',
    input: 'class A { string S = "abc; };',
    expected: ['error MOF1101 1:22-1:30: unterminated string literal'],
  },
  {
    code: 'MOF1102',
    input: 'class A { string S = "a\\qb\\x"; };',
    expected: [
      "warning MOF1102 1:24-1:26: unknown escape sequence '\\q', kept as written (backslash included)",
      "warning MOF1102 1:27-1:29: unknown escape sequence '\\x', kept as written (backslash included)",
    ],
  },
  {
    code: 'MOF1103',
    input: 'class A @ {\n};\nclass B { }; \u0007 ',
    expected: ["error MOF1103 1:9-1:10: invalid character '@'", 'error MOF1103 3:14-3:15: invalid character U+0007'],
  },
  {
    code: 'MOF1104',
    input: 'class A { uint32 X = 12ab; uint32 Y = 0x; real32 Z = 1.2.3; uint8 W = 019; };',
    expected: [
      "error MOF1104 1:22-1:26: invalid number literal '12ab'",
      "error MOF1104 1:39-1:41: invalid number literal '0x'",
      "error MOF1104 1:54-1:59: invalid number literal '1.2.3'",
      "error MOF1104 1:71-1:74: invalid number literal '019'",
    ],
  },
  {
    code: 'MOF1105',
    input: "class A { char16 C = 'ab'; char16 D = ''; };",
    expected: [
      'error MOF1105 1:22-1:26: a char16 literal must contain exactly one character, found 2',
      'error MOF1105 1:39-1:41: a char16 literal must contain exactly one character, found none',
    ],
  },
  {
    code: 'MOF1106',
    input: "class A { char16 C = 'a; };",
    expected: ['error MOF1106 1:22-1:28: unterminated char16 literal'],
  },
  {
    code: 'MOF1107',
    input: 'class A { };\n/* never closed\nclass B { };',
    expected: ['error MOF1107 2:1-2:3: unterminated block comment'],
  },
  {
    code: 'MOF1108',
    input: 'class A { };\n' + '@ '.repeat(23),
    expected: [
      ...Array.from({ length: 20 }, (_, i) => `error MOF1103 2:${2 * i + 1}-2:${2 * i + 2}: invalid character '@'`),
      "error MOF1108 2:41-2:42: 3 more invalid characters in this file are not reported (is it a MOF file?)",
    ],
  },
  {
    code: 'MOF1109',
    input: '[Description("one line\r\n   and the next" )]\nclass A { };',
    expected: [
      'warning MOF1109 1:14-1:23: string literal continues on the next line (a closing quote missing?); the line break is kept in the text',
    ],
  },
  // Syntax
  {
    code: 'MOF2001',
    input: 'class A { uint32 X; }; class B : { };\nclass C { uint32 M(uint32 A,); };',
    expected: ["error MOF2001 1:34-1:35: expected a name, found '{'", "error MOF2001 2:29-2:30: expected a name, found ')'"],
  },
  {
    code: 'MOF2002',
    input: 'garbage here; class A { };\n#define X',
    expected: [
      "error MOF2002 1:1-1:8: expected a class, instance or qualifier declaration or a pragma, found 'garbage'",
      "error MOF2002 2:1-2:8: expected a class, instance or qualifier declaration or a pragma, found '#define'",
    ],
  },
  {
    code: 'MOF2003',
    input: 'class A { uint32 X; }\nclass B { uint32 Y }\ninstance of B { Y = 1 };\nclass C { uint32 Z; }',
    expected: [
      "error MOF2003 2:1-2:6: expected ';', found 'class'",
      "error MOF2003 2:20-2:21: expected ';', found '}'",
      "error MOF2003 3:23-3:24: expected ';', found '}'",
      "error MOF2003 4:22-4:22: expected ';', found end of file",
    ],
  },
  {
    code: 'MOF2004',
    input: 'qualifier Q : boolean, Scope(any), Flavor(Sticky);\n[Q : Everywhere] class A { };',
    expected: ["error MOF2004 1:43-1:49: unknown qualifier flavor 'Sticky'", "error MOF2004 2:6-2:16: unknown qualifier flavor 'Everywhere'"],
  },
  {
    code: 'MOF2005',
    input: 'qualifier Q : boolean, Scope(class, nowhere);',
    expected: ["error MOF2005 1:37-1:44: unknown qualifier scope 'nowhere'"],
  },
  {
    code: 'MOF2006',
    input: [
      'structure S { uint32 X; };',
      'enumeration E : string { A, B = "b" };',
      'value of A as $a { X = { 1, 2 }; };',
      'class C { [Key] string Id; structure Inner { string S; }; enumeration E : uint8 { A = 1 }; uint32 Y; };',
      'qualifier Abstract : boolean = false scope(class, association) policy(restricted);',
      'Qualifier Override : string scope(property, method) policy(disableoverride);',
    ].join('\n'),
    expected: [
      'error MOF2006 1:1-1:10: MOF v3 structure declarations are not supported yet',
      'error MOF2006 2:1-2:12: MOF v3 enumeration declarations are not supported yet',
      "error MOF2006 3:1-3:6: MOF v3 value declarations ('value of') are not supported yet",
      'error MOF2006 4:28-4:37: MOF v3 structure declarations are not supported yet',
      'error MOF2006 4:59-4:70: MOF v3 enumeration declarations are not supported yet',
      'error MOF2006 5:1-5:10: MOF v3 qualifier type declarations are not supported yet',
      'error MOF2006 6:1-6:10: MOF v3 qualifier type declarations are not supported yet',
    ],
  },
  {
    code: 'MOF2007',
    input: '#pragma mystery("x")\n#pragma Frobnicate',
    expected: ["warning MOF2007 1:9-1:16: unknown pragma 'mystery'", "warning MOF2007 2:9-2:19: unknown pragma 'Frobnicate'"],
  },
  {
    code: 'MOF2008',
    input: '#pragma include ()\n#include("a.mof", "b.mof")\n#pragma include (NOFAIL)',
    expected: [
      'error MOF2008 1:1-1:19: an include pragma takes exactly one string argument, the file to include',
      'error MOF2008 2:1-2:27: an include pragma takes exactly one string argument, the file to include',
      'error MOF2008 3:1-3:25: an include pragma takes exactly one string argument, the file to include',
    ],
  },
  {
    code: 'MOF2009',
    input: 'class A { uint8 X[1.5]; uint8 Y[-1]; };',
    expected: [
      "error MOF2009 1:19-1:22: array size must be a non-negative integer, found '1.5'",
      "error MOF2009 1:33-1:35: array size must be a non-negative integer, found '-1'",
    ],
  },
  {
    code: 'MOF2010',
    input: 'class A { void X; uint32 M([In] void P); };',
    expected: [
      "error MOF2010 1:11-1:15: 'void' is only allowed as the return type of a method",
      "error MOF2010 1:33-1:37: 'void' is only allowed as the return type of a method",
    ],
  },
];

describe('every diagnostic code', () => {
  for (const { code, input, expected } of cases) {
    test(code, () => {
      expect(diagnosticsOf(input)).toEqual(expected);
    });
  }

  test('MOF2011', () => {
    // Where the stack runs out depends on the stack size, so the span is only pinned to a token of the nesting.
    const depth = 20_000;
    const text = `instance of A { X = ${'{'.repeat(depth)}${'}'.repeat(depth)}; };`;
    const [diagnostic, ...others] = parseSource(new SourceFile('test.mof', text)).diagnostics;
    expect(others).toEqual([]);
    expect(diagnostic).toMatchObject({ code: 'MOF2011', severity: 'error', message: 'values are nested too deeply to parse' });
    const { start, end } = diagnostic!.span!;
    expect(start.line).toBe(1);
    expect(start.column).toBeGreaterThan(21);
    expect(end.offset - start.offset).toBe(1);
    expect('{}').toContain(text[start.offset]);
  });

  test('the cases above cover every lexical and syntax code', () => {
    const defined = [...Object.values(lexicalDiagnostics), ...Object.values(syntaxDiagnostics)].map((d) => d.code).sort();
    expect([...new Set([...cases.map((c) => c.code), 'MOF2011'])].sort()).toEqual(defined);
  });
});

describe('error recovery', () => {
  test('a file with several independent errors reports each of them once, and keeps the good statements', () => {
    const path = 'fixtures/mof/syntax/invalid/several-errors.mof';
    const result = parseSource(new SourceFile(path, readFileSync(path, 'utf8')));
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      "error MOF2003 7:3-7:9: expected ';', found 'uint16'",
      "error MOF2001 17:18-17:19: expected a value, found ';'",
      "error MOF2001 28:25-28:26: expected a name, found ','",
      "error MOF2001 32:1-32:7: expected 'class' or 'instance', found 'uint32'",
      "error MOF2001 39:3-39:9: expected '{', found 'string'",
    ]);
    expect(result.file.statements.map((s) => (s.kind === 'ClassDeclaration' ? s.name.name : s.kind))).toEqual([
      'QualifierDeclaration',
      'CIM_Good1',
      'InstanceDeclaration',
      'CIM_Good2',
      'Pragma',
    ]);
  });

  test('a member missing its ";" before a qualified member reports once, not again for the member that follows', () => {
    // `X [` reads as the start of an array size, hence the message.
    const result = parseSource(new SourceFile('t.mof', 'class A {\n  [Key] string X\n  [Key] string Y;\n};\nclass B { };'));
    expect(result.diagnostics.map(formatDiagnostic)).toEqual(["error MOF2001 3:4-3:7: expected ']', found 'Key'"]);
    expect(result.file.statements.map((s) => s.kind)).toEqual(['ClassDeclaration']);
  });

  test('a member missing its ";" before an unqualified member reports once', () => {
    const result = parseSource(new SourceFile('t.mof', 'class A {\n  [Key] string X\n  string Y;\n  [Key] string Z;\n};\nclass B { };'));
    expect(result.diagnostics.map(formatDiagnostic)).toEqual(["error MOF2003 3:3-3:9: expected ';', found 'string'"]);
    expect(result.file.statements.map((s) => s.kind)).toEqual(['ClassDeclaration']);
  });

  test('a stray token at top level skips to the end of its statement, braces included', () => {
    const result = parseSource(new SourceFile('t.mof', 'oops { [Key] string X; [Key] string Y; };\nclass B { };'));
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      "error MOF2002 1:1-1:5: expected a class, instance or qualifier declaration or a pragma, found 'oops'",
    ]);
    expect(result.file.statements.map((s) => s.kind)).toEqual(['ClassDeclaration']);
  });

  test('an error in a literal does not also report the statement it breaks', () => {
    expect(diagnosticsOf('class A { string S = "open; };\nclass B { };')).toEqual([
      'error MOF1101 1:22-1:31: unterminated string literal',
    ]);
    expect(parseSource(new SourceFile('t.mof', 'class A { string S = "open; };\nclass B { };')).file.statements).toHaveLength(1);
  });

  test('a MOF v3 construct cut short reports only that it is not supported', () => {
    expect(diagnosticsOf('structure S { uint32 X;')).toEqual([
      'error MOF2006 1:1-1:10: MOF v3 structure declarations are not supported yet',
    ]);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseSource } from '../../src/ast/parse.js';
import { SourceFile } from '../../src/source/source-file.js';
import { seededRandom as random } from '../helpers/random.js';

/** parseSource must return (never throw, never hang) whatever it is given. */
function parseText(text: string) {
  return parseSource(new SourceFile('fuzz.mof', text));
}


const sample = ['instances', 'microsoft-class', 'qualifier-declarations', 'pragmas']
  .map((name) => readFileSync(`fixtures/mof/syntax/valid/${name}.mof`, 'utf8'))
  .join('\n');

describe('robustness', () => {
  test('every prefix of a MOF text parses without throwing, with an error only where it was cut', () => {
    const fullLength = parseText(sample).file.statements.length;
    for (let length = 0; length <= sample.length; length++) {
      const result = parseText(sample.slice(0, length));
      expect(result.file.statements.length).toBeLessThanOrEqual(fullLength);
      // A cut text has at most one error: in the statement that was cut.
      expect(result.diagnostics.filter((d) => d.severity === 'error').length).toBeLessThanOrEqual(1);
    }
  });

  test('random token soup and random characters parse without throwing', () => {
    const words = [
      'class', 'instance', 'of', 'qualifier', 'as', 'ref', 'REF', 'Scope', 'Flavor', 'structure', 'value', 'enumeration',
      '#pragma', '#include', '#define', 'include', 'namespace', 'A', 'B', '$a', '{', '}', '[', ']', '(', ')', ';', ',',
      ':', '=', '"s"', '"open', "'c'", "'", '12', '0x', '1.5', '-3', 'true', 'null', '//c\n', '/*', '*/', '\\', '@',
      '\n', ' ', 'uint32', 'string', 'void', 'object',
    ];
    const next = random(20261124);
    for (let run = 0; run < 300; run++) {
      let text = '';
      const length = Math.floor(next() * 80);
      for (let i = 0; i < length; i++) {
        text +=
          next() < 0.8
            ? words[Math.floor(next() * words.length)]! + ' '
            : String.fromCharCode(Math.floor(next() * 0x3000));
      }
      const result = parseText(text);
      expect(Array.isArray(result.file.statements)).toBe(true);
    }
  });

  test('mutating single characters of a valid text never throws', () => {
    const next = random(7);
    const replacements = ['{', '}', ';', '"', "'", '[', ']', '(', ')', '$', '#', '/', '*', ' ', 'x', '0'];
    for (let run = 0; run < 300; run++) {
      const at = Math.floor(next() * sample.length);
      const text = sample.slice(0, at) + replacements[Math.floor(next() * replacements.length)]! + sample.slice(at + 1);
      expect(() => parseText(text)).not.toThrow();
    }
  });

  test('absurdly deep nesting ends in a diagnostic, and the next statement still parses', () => {
    const depth = 20_000;
    const arrays = `instance of A { X = ${'{'.repeat(depth)}1${'}'.repeat(depth)}; };\nclass After { };`;
    const result = parseText(arrays);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['MOF2011']);
    expect(result.file.statements.map((s) => s.kind)).toEqual(['ClassDeclaration']);

    const instances = `instance of A { X = ${'instance of A { X = '.repeat(depth)}1${'; }'.repeat(depth)}; };`;
    expect(parseText(instances).diagnostics.map((d) => d.code)).toEqual(['MOF2011']);

    const skipped = `structure S ${'{'.repeat(depth)}${'}'.repeat(depth)};`;
    expect(parseText(skipped).diagnostics.map((d) => d.code)).toContain('MOF2006');
  });

  test('the parser is reusable after any input: the same text gives the same result', () => {
    const text = readFileSync('fixtures/mof/syntax/valid/class.mof', 'utf8');
    const before = JSON.stringify(parseText(text), (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
    parseText('class A { uint32 x = {{{{ ');
    parseText(`instance of A { X = ${'{'.repeat(20_000)}`);
    const after = JSON.stringify(parseText(text), (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
    expect(after).toBe(before);
  });
});

describe('robustness at scale', () => {
  test('a large input of broken statements and bad characters is handled in linear time', () => {
    const broken = 'class A { uint32 X = @; };\n'.repeat(20_000) + 'class Last { };';
    // A quadratic recovery would run into the test timeout here.
    const result = parseText(broken);
    // Each statement: one invalid character and no syntax error on top of it; past
    // the first 20 reports, the invalid characters are counted in one MOF1108.
    expect(result.diagnostics.map((d) => d.code)).toEqual([...Array<string>(20).fill('MOF1103'), 'MOF1108']);
    expect(result.diagnostics.at(-1)?.message).toMatch(/^19980 more invalid characters/);
    expect(result.file.statements.map((s) => (s.kind === 'ClassDeclaration' ? s.name.name : s.kind))).toEqual(['Last']);
  });

  test('quotes that open strings running past their line are scanned once each, however many there are', () => {
    // Each `"` here fails as a one-line string and is tried as one spanning lines
    // (which scans to the next quote); a rescan per quote would be quadratic.
    const openers = parseText('class A { string S = "open;\n'.repeat(20_000) + '};');
    expect(openers.diagnostics.filter((d) => d.code === 'MOF1101').length).toBeGreaterThan(0);
    // A string closed 64 KiB or more after its line ends is unterminated, not one huge literal.
    const far = parseText(`[Description("a\n${'x'.repeat(70_000)}")] class B { };`);
    expect(far.diagnostics.map((d) => d.code)).toContain('MOF1101');
    const near = parseText(`[Description("a\n${'x'.repeat(1_000)}")] class B { };`);
    expect(near.diagnostics.map((d) => d.code)).toEqual(['MOF1109']);
    expect(near.file.statements).toHaveLength(1);
  });
});

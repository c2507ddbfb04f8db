import { readFileSync } from 'node:fs';
import { createSyntaxDiagramsCode } from 'chevrotain';
import { describe, expect, test } from 'vitest';
import { MofParser } from '../../grammars/mof/parser.js';

describe('MOF grammar', () => {
  test('passes Chevrotain validation (no ambiguity, no left recursion) at lookahead 1', () => {
    expect(() => new MofParser({ validate: true })).not.toThrow();
  });

  test('grammars/mof/diagram.html is generated from the current grammar', () => {
    const expected = createSyntaxDiagramsCode(new MofParser().getSerializedGastProductions());
    expect(readFileSync('grammars/mof/diagram.html', 'utf8')).toBe(expected);
  });

  test('the top rules are the MOF statements', () => {
    const rules = new MofParser().getSerializedGastProductions().map((rule) => ('name' in rule ? rule.name : rule.type));
    expect(rules).toEqual(
      expect.arrayContaining(['mofFile', 'statement', 'pragma', 'qualifierDeclaration', 'classDeclaration', 'instanceDeclaration', 'value']),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { inheritQualifiers, qualifiersToJson } from '../../../src/model/qualifiers.js';
import { resolved, span } from './helpers.js';

const DISABLE = { override: 'disable', propagation: 'toSubclass' } as const;

describe('inheritQualifiers', () => {
  it('passes ToSubclass qualifiers (the default) and drops Restricted / NotToSubclass ones', () => {
    const inherited = [
      resolved('Description', 'parent', { propagation: 'toSubclass', translatable: true }),
      resolved('Abstract', true, { override: 'enable', propagation: 'restricted' }),
      resolved('Units', 'bytes'),
    ];
    const result = inheritQualifiers(inherited, []);
    expect(result.diagnostics).toEqual([]);
    expect(qualifiersToJson(result.qualifiers)).toEqual({ Description: 'parent', Units: 'bytes' });
  });

  it('replaces an inherited qualifier in place and appends new own qualifiers', () => {
    const inherited = [resolved('Description', 'parent'), resolved('Units', 'bytes')];
    const own = [resolved('Write', true), resolved('description', 'child')];
    const result = inheritQualifiers(inherited, own);
    expect(result.diagnostics).toEqual([]);
    expect(result.qualifiers).toEqual([own[1], inherited[1], own[0]]);
  });

  it('keeps Amended and Translatable flavors of propagated qualifiers', () => {
    const description = resolved('Description', 'd', { translatable: true, amended: true });
    expect(inheritQualifiers([description], []).qualifiers).toEqual([description]);
  });

  it('allows restating a DisableOverride qualifier with the same value', () => {
    const key = resolved('Key', true, DISABLE);
    const mine = resolved('Key', true, DISABLE);
    const result = inheritQualifiers([key], [mine]);
    expect(result.diagnostics).toEqual([]);
    expect(result.qualifiers).toEqual([mine]);
  });

  it('MOF3220: changing the value of a DisableOverride qualifier is an error; the inherited one is kept', () => {
    const key = resolved('Key', true, DISABLE);
    const mine = resolved('Key', false, DISABLE);
    const result = inheritQualifiers([key], [mine]);
    expect(result.diagnostics).toEqual([
      {
        code: 'MOF3220',
        severity: 'error',
        message: "qualifier 'Key' cannot be overridden: the inherited qualifier has flavor DisableOverride and value true",
        span: mine.span,
        related: [{ message: "the inherited 'Key' is here", span: key.span }],
      },
    ]);
    expect(result.qualifiers).toEqual([key]);
  });

  it('MOF3220: points the related information at the overridden element when given', () => {
    const overridden = span();
    const arrayType = resolved('ArrayType', 'Indexed', DISABLE);
    const mine = resolved('ArrayType', 'Bag');
    const [diagnostic] = inheritQualifiers([arrayType], [mine], overridden).diagnostics;
    expect(diagnostic!.message).toBe(
      "qualifier 'ArrayType' cannot be overridden: the inherited qualifier has flavor DisableOverride and value \"Indexed\"",
    );
    expect(diagnostic!.related).toEqual([{ message: "the inherited 'ArrayType' is here", span: overridden }]);
  });

  it('MOF3221: leniently (Microsoft input), the change is a warning and the own qualifier wins', () => {
    const inParameter = resolved('In', false, DISABLE);
    const mine = resolved('In', true, DISABLE);
    const result = inheritQualifiers([inParameter], [mine], undefined, { lenient: true });
    expect(result.diagnostics).toEqual([
      {
        code: 'MOF3221',
        severity: 'warning',
        message: "qualifier 'In' overrides an inherited qualifier that has flavor DisableOverride and value false; the new value is kept",
        span: mine.span,
        related: [{ message: "the inherited 'In' is here", span: inParameter.span }],
      },
    ]);
    expect(result.qualifiers).toEqual([mine]);
  });

  it('compares array values element by element', () => {
    const inherited = resolved('UnknownValues', ['0', '1'], DISABLE);
    expect(inheritQualifiers([inherited], [resolved('UnknownValues', ['0', '1'])]).diagnostics).toEqual([]);
    expect(inheritQualifiers([inherited], [resolved('UnknownValues', ['0'])]).diagnostics.map((d) => d.code)).toEqual(['MOF3220']);
  });
});

/**
 * One home for each CIM fact. The runtime may not import the compiler, so where
 * both need a value (integer bounds) each keeps a table and these tests pin the
 * two equal, and equal to DSP0004's definition; where only a type is shared
 * (the intrinsic type names) the compiler's names are the runtime's, checked
 * here at the type level (by test/typecheck.test.ts). Microsoft's flavors are
 * one list that both the dialect detection and the DMTF check read; Microsoft's
 * pragmas one list that the parser knows and the dialect detection reads.
 */
import type { CimIntegerType, CimPrimitiveType } from '@mofc/runtime';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as ast from '../../src/ast/nodes.js';
import { MICROSOFT_FLAVORS, MICROSOFT_PRAGMAS } from '../../src/model/dialect.js';
import { INTEGER_RANGES, isIntegerType } from '../../src/model/integers.js';
import type { PrimitiveCimType } from '../../src/model/types.js';
import { INTEGER_RANGES as RUNTIME_INTEGER_RANGES } from '../../src/runtime/src/integers.js';
import { compileText } from './helpers.js';

/** DSP0004 2.x, 5.2: `uintN` holds 0..2^N-1, `sintN` holds -2^(N-1)..2^(N-1)-1. */
function boundsByDefinition(type: string): [bigint, bigint] {
  const match = /^([us])int(\d+)$/.exec(type);
  if (!match) throw new Error(`not an integer type: ${type}`);
  const bits = BigInt(match[2]!);
  return match[1] === 'u' ? [0n, 2n ** bits - 1n] : [-(2n ** (bits - 1n)), 2n ** (bits - 1n) - 1n];
}

describe('integer bounds', () => {
  it('the compiler and the runtime hold the same table', () => {
    expect(RUNTIME_INTEGER_RANGES).toEqual(INTEGER_RANGES);
  });

  it('every bound is the one DSP0004 defines by bit width, for the eight integer types', () => {
    expect(Object.keys(INTEGER_RANGES).sort()).toEqual(['sint16', 'sint32', 'sint64', 'sint8', 'uint16', 'uint32', 'uint64', 'uint8']);
    for (const [type, bounds] of Object.entries(INTEGER_RANGES)) expect(bounds, type).toEqual(boundsByDefinition(type));
  });

  it('isIntegerType knows exactly the table’s types', () => {
    for (const type of Object.keys(INTEGER_RANGES)) expect(isIntegerType(type)).toBe(true);
    for (const type of ['real32', 'string', 'boolean', 'char16', 'datetime', 'reference', 'object', 'toString', '__proto__']) {
      expect(isIntegerType(type), type).toBe(false);
    }
  });

  it('is keyed by the runtime’s integer type names', () => {
    expectTypeOf<keyof typeof INTEGER_RANGES>().toEqualTypeOf<CimIntegerType>();
    expectTypeOf<CimIntegerType>().toExtend<CimPrimitiveType>();
  });
});

describe('intrinsic type names', () => {
  it('the AST and the model name the runtime’s types', () => {
    expectTypeOf<ast.PrimitiveTypeName>().toEqualTypeOf<CimPrimitiveType>();
    expectTypeOf<PrimitiveCimType>().toEqualTypeOf<CimPrimitiveType>();
  });

  it('every integer type name parses as an intrinsic type and compiles to itself', () => {
    const types = Object.keys(INTEGER_RANGES);
    const text = `class T_All { ${types.map((t) => `${t} P_${t};`).join(' ')} };\n`;
    const result = compileText(text);
    expect(result.problems).toEqual([]);
    const klass = result.repository.namespaces[0]!.classes.find((c) => c.name === 'T_All')!;
    expect(klass.properties.map((p) => [p.name, p.type])).toEqual(types.map((t) => [`P_${t}`, t]));
  });
});

describe('Microsoft flavors', () => {
  const all: ast.FlavorName[] = [
    'EnableOverride',
    'DisableOverride',
    'Restricted',
    'ToSubclass',
    'Translatable',
    'ToInstance',
    'Amended',
    'NotToInstance',
    'NotToSubclass',
  ];

  it('are the three mofcomp adds to DSP0004', () => {
    expect([...MICROSOFT_FLAVORS].sort()).toEqual(['Amended', 'NotToInstance', 'NotToSubclass']);
  });

  it.each(all)('%s: a Microsoft flavor is both what detection looks for and what the DMTF dialect rejects', (flavor) => {
    const text = `Qualifier Note : string = null, Scope(class), Flavor(EnableOverride);\n[Note("x") : ${flavor}] class T_A { };\n`;
    const microsoft = MICROSOFT_FLAVORS.has(flavor);
    expect(compileText(text).dialect).toBe(microsoft ? 'microsoft' : 'dmtf');
    const dmtfCodes = compileText(text, { dialect: 'dmtf' }).problems.map((d) => d.code);
    expect(dmtfCodes.includes('MOF3209')).toBe(microsoft);
  });
});

describe('Microsoft pragmas', () => {
  const diagnosticsOf = (text: string) => compileText(text).program.diagnostics.map((d) => d.code);

  it('the parser knows each, and each makes the input Microsoft; locale and namespace do not', () => {
    expect(MICROSOFT_PRAGMAS.size).toBe(10);
    for (const name of MICROSOFT_PRAGMAS) {
      const text = `#pragma ${name}("x")\nclass T_A { };\n`;
      expect(diagnosticsOf(text), name).not.toContain('MOF2007');
      expect(compileText(text).dialect, name).toBe('microsoft');
    }
    for (const name of ['locale', 'namespace']) {
      const text = `#pragma ${name}("x")\nclass T_A { };\n`;
      expect(diagnosticsOf(text), name).not.toContain('MOF2007');
      expect(compileText(text).dialect, name).toBe('dmtf');
    }
  });

  it('any other pragma is unknown (MOF2007) and says nothing about the dialect', () => {
    const text = '#pragma frobnicate("x")\nclass T_A { };\n';
    expect(diagnosticsOf(text)).toContain('MOF2007');
    expect(compileText(text).dialect).toBe('dmtf');
  });
});

/**
 * Small builders for hand-made AST nodes. Every node gets a fresh, distinct
 * dummy span, so a test can pin the exact span a diagnostic points at by
 * comparing it with the node it built.
 */
import type * as ast from '../../../src/ast/nodes.js';
import type { Span } from '../../../src/diagnostics/diagnostic.js';
import type { QualifierType } from '../../../src/model/types.js';
import type { ResolvedQualifier } from '../../../src/model/qualifiers.js';

let next = 0;

/** A fresh span, distinct from every other one made here. */
export function span(): Span {
  const offset = next;
  next += 10;
  return {
    file: 'test.mof',
    start: { line: 1, column: offset + 1, offset },
    end: { line: 1, column: offset + 6, offset: offset + 5 },
  };
}

export function ident(name: string): ast.Identifier {
  return { kind: 'Identifier', name, span: span() };
}

export const str = (value: string): ast.StringValue => ({ kind: 'StringValue', value, span: span() });
export const int = (value: bigint | number, text?: string): ast.IntegerValue => ({
  kind: 'IntegerValue',
  value: BigInt(value),
  text: text ?? String(value),
  span: span(),
});
export const real = (value: number): ast.RealValue => ({ kind: 'RealValue', value, text: String(value), span: span() });
export const char16 = (value: string): ast.Char16Value => ({ kind: 'Char16Value', value, span: span() });
export const bool = (value: boolean): ast.BooleanValue => ({ kind: 'BooleanValue', value, span: span() });
export const nul = (): ast.NullValue => ({ kind: 'NullValue', span: span() });
export const arr = (...elements: ast.Value[]): ast.ArrayValue => ({ kind: 'ArrayValue', elements, span: span() });
export const alias = (name: string): ast.AliasValue => ({ kind: 'AliasValue', name, span: span() });
export const strs = (...values: string[]): ast.ArrayValue => arr(...values.map(str));

export function flavor(name: ast.FlavorName): ast.Flavor {
  return { kind: 'Flavor', name, span: span() };
}

/** `[Name(value) : Flavor ...]` */
export function qual(name: string, value?: ast.Value, flavors: readonly ast.FlavorName[] = []): ast.Qualifier {
  const q: ast.Qualifier = { kind: 'Qualifier', name: ident(name), flavors: flavors.map(flavor), span: span() };
  return value ? { ...q, value } : q;
}

export function scope(name: ast.ScopeName): ast.Scope {
  return { kind: 'Scope', name, span: span() };
}

/** `Qualifier Name : type[] = default, Scope(...), Flavor(...);` */
export function decl(
  name: string,
  type: ast.PrimitiveTypeName | undefined,
  options: {
    isArray?: boolean;
    defaultValue?: ast.Value;
    scopes?: readonly ast.ScopeName[];
    flavors?: readonly ast.FlavorName[];
  } = {},
): ast.QualifierDeclaration {
  const d: ast.QualifierDeclaration = {
    kind: 'QualifierDeclaration',
    name: ident(name),
    isArray: options.isArray ?? false,
    scopes: (options.scopes ?? (type ? ['any'] : [])).map(scope),
    flavors: (options.flavors ?? []).map(flavor),
    span: span(),
    ...(type ? { type } : {}),
    ...(options.defaultValue ? { defaultValue: options.defaultValue } : {}),
  };
  return d;
}

/** A case-insensitive lookup over a list of qualifier types, as callers build one. */
export function lookupOf(...tables: (readonly QualifierType[])[]): (name: string) => QualifierType | undefined {
  const map = new Map<string, QualifierType>();
  for (const table of tables) for (const t of table) if (!map.has(t.name.toLowerCase())) map.set(t.name.toLowerCase(), t);
  return (name) => map.get(name.toLowerCase());
}

/** A resolved qualifier made directly (for propagation and enum tests). */
export function resolved(
  name: string,
  value: ResolvedQualifier['value'],
  flavors: ResolvedQualifier['flavors'] = {},
  elementSpans?: readonly Span[],
): ResolvedQualifier {
  return elementSpans ? { name, value, flavors, span: span(), elementSpans } : { name, value, flavors, span: span() };
}

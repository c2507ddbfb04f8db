/**
 * The type of a typed element (property, parameter, method return): CIM type,
 * array, REF target, embedded instance/object — with the targets checked to
 * exist in the namespace — and the ValueMap/Values enumeration.
 *
 * - `X REF` → `reference`, refClass X (must exist; `object ref` → refClass null).
 * - `object` → `object`; a class name used as a type (Microsoft) → `object`
 *   with embeddedInstance = that class (must exist).
 * - `string` with `EmbeddedInstance("X")` or `HyperVEmbeddedInstance("X")` →
 *   `string`, embeddedInstance X (must exist); `EmbeddedObject` → embeddedObject.
 *   Class names are given as the class declares its name.
 */
import type * as ast from '../ast/nodes.js';
import { createDiagnostic, type Span } from '../diagnostics/diagnostic.js';
import { semanticModelDiagnostics as codes } from '../diagnostics/codes/semantic.js';
import { deriveEnum } from './enums.js';
import type { ResolvedQualifier } from './qualifiers.js';
import { findQualifier, type NamespaceContext } from './context.js';
import type { CimType, EnumModel } from './types.js';

export interface ElementType {
  readonly type: CimType;
  readonly isArray: boolean;
  readonly arraySize: number | null;
  readonly refClass: string | null;
  readonly embeddedInstance: string | null;
  readonly embeddedObject: boolean;
}

/** The type fields of a property or parameter model, in the model JSON's field order. */
export function elementTypeFields(t: ElementType): ElementType {
  return {
    type: t.type,
    isArray: t.isArray,
    arraySize: t.arraySize,
    refClass: t.refClass,
    embeddedInstance: t.embeddedInstance,
    embeddedObject: t.embeddedObject,
  };
}

const EMBEDDED_INSTANCE_QUALIFIERS = ['embeddedinstance', 'hypervembeddedinstance'] as const;

/**
 * Resolves the type of an element. `qualifiers` are its effective qualifiers;
 * `own` those written on this declaration — embedded-instance targets are
 * checked only where written, so an inherited one is not reported again.
 * `report` false: check nothing (the element was checked where declared).
 */
export function resolveElementType(
  type: ast.DataType,
  array: ast.ArraySpec | undefined,
  qualifiers: readonly ResolvedQualifier[],
  own: readonly ResolvedQualifier[],
  label: string,
  nsx: NamespaceContext,
): ElementType {
  const isArray = array !== undefined;
  const arraySize = array?.size ?? null;
  let cimType: CimType;
  let refClass: string | null = null;
  let embeddedInstance: string | null = null;
  switch (type.kind) {
    case 'PrimitiveType':
      cimType = type.name;
      break;
    case 'ObjectType':
      cimType = 'object';
      break;
    case 'ReferenceType': {
      cimType = 'reference';
      const written = type.className.name;
      if (written.toLowerCase() !== 'object') {
        const canonical = nsx.canonical(written);
        if (canonical === undefined) {
          nsx.diagnostics.push(createDiagnostic(codes.unknownRefClass, type.className.span, [written, label, nsx.ns.name]));
        }
        refClass = canonical ?? written;
      }
      break;
    }
    case 'ClassType': {
      cimType = 'object';
      const written = type.className.name;
      const canonical = nsx.canonical(written);
      if (canonical === undefined) {
        nsx.diagnostics.push(
          createDiagnostic(codes.unknownEmbeddedClass, type.className.span, [written, 'its type', label, nsx.ns.name]),
        );
      }
      embeddedInstance = canonical ?? written;
      break;
    }
  }

  for (const qualifierName of EMBEDDED_INSTANCE_QUALIFIERS) {
    const q = findQualifier(qualifiers, qualifierName);
    if (!q || typeof q.value !== 'string') continue;
    const written = own.includes(q);
    if (written && cimType !== 'string') {
      nsx.diagnostics.push(createDiagnostic(codes.embeddedQualifierOnNonString, q.span, [q.name, label, cimType]));
      continue;
    }
    if (embeddedInstance !== null) continue; // EmbeddedInstance wins over HyperVEmbeddedInstance
    const canonical = nsx.canonical(q.value);
    if (canonical === undefined && written) {
      nsx.diagnostics.push(
        createDiagnostic(codes.unknownEmbeddedClass, q.span, [q.value, `${q.name}("${q.value}")`, label, nsx.ns.name]),
      );
    }
    embeddedInstance = canonical ?? q.value;
  }

  const embeddedObjectQ = findQualifier(qualifiers, 'embeddedobject');
  const embeddedObject = embeddedObjectQ?.value === true;
  if (embeddedObject && own.includes(embeddedObjectQ!) && cimType !== 'string') {
    nsx.diagnostics.push(createDiagnostic(codes.embeddedQualifierOnNonString, embeddedObjectQ!.span, [embeddedObjectQ!.name, label, cimType]));
  }
  return { type: cimType, isArray, arraySize, refClass, embeddedInstance, embeddedObject };
}

/**
 * The enumeration of an element. `inherited` is the overridden element's enum
 * (undefined for a new element): reused as is when this declaration writes
 * neither ValueMap nor Values and the type is unchanged, so that an inherited
 * ValueMap is derived — and reported on — once, where it is written.
 */
export function elementEnum(
  qualifiers: readonly ResolvedQualifier[],
  own: readonly ResolvedQualifier[],
  type: CimType,
  span: Span,
  inherited: { readonly enum: EnumModel | null; readonly type: CimType } | undefined,
  nsx: NamespaceContext,
): EnumModel | null {
  const ownValueMap = findQualifier(own, 'valuemap');
  const ownValues = findQualifier(own, 'values');
  if (inherited && !ownValueMap && !ownValues && inherited.type === type) return inherited.enum;
  const valueMap = findQualifier(qualifiers, 'valuemap');
  const values = findQualifier(qualifiers, 'values');
  if (!valueMap && !values) return null;
  const derived = deriveEnum(valueMap, values, type, span, nsx.dialect);
  if (ownValueMap || ownValues || !inherited) for (const item of derived.diagnostics) nsx.diagnostics.push(item);
  return derived.enum;
}

export function typeText(t: { readonly type: CimType | 'void'; readonly isArray?: boolean; readonly refClass?: string | null }): string {
  const base = t.type === 'reference' ? `${t.refClass ?? 'object'} REF` : t.type;
  return t.isArray ? `${base}[]` : base;
}

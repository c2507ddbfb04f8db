/**
 * The row builder of the built-in qualifier tables, so that each table reads
 * as one line per qualifier: `q('Key', 'boolean', ['property', 'reference'], {...}, false)`.
 */
import type { PrimitiveCimType, QualifierFlavors, QualifierScope, QualifierType, QualifierValue } from '../types.js';

/** A CIM type name, with `[]` for arrays: `'string[]'`. */
export type TypeText = PrimitiveCimType | `${PrimitiveCimType}[]`;

export function q(
  name: string,
  type: TypeText,
  scopes: readonly QualifierScope[],
  flavors: QualifierFlavors,
  defaultValue: QualifierValue,
): QualifierType {
  const isArray = type.endsWith('[]');
  return {
    name,
    type: (isArray ? type.slice(0, -2) : type) as PrimitiveCimType,
    isArray,
    scopes,
    flavors,
    default: defaultValue,
    origin: 'builtin',
  };
}

/**
 * Reading qualifier values in the generated code's terms: qualifier names are
 * case-insensitive (DSP0004), a present-but-false boolean is absent, and
 * string arrays read as one text or a list.
 */
import type { Qualifiers, QualifierValue } from '../model/types.js';

function qualifier(qualifiers: Qualifiers, name: string): QualifierValue | undefined {
  if (name in qualifiers) return qualifiers[name];
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(qualifiers)) if (key.toLowerCase() === lower) return value;
  return undefined;
}

export function hasQualifier(qualifiers: Qualifiers, name: string): boolean {
  const value = qualifier(qualifiers, name);
  return value !== undefined && value !== false && value !== null;
}

export function qualifierString(qualifiers: Qualifiers, name: string): string | null {
  const value = qualifier(qualifiers, name);
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((v) => v !== null).join('');
  return null;
}

export function qualifierStrings(qualifiers: Qualifiers, name: string): string[] | null {
  const value = qualifier(qualifiers, name);
  if (Array.isArray(value)) return value.map((v) => String(v));
  if (typeof value === 'string') return [value];
  return null;
}

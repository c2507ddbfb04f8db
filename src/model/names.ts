/**
 * Case-insensitive comparison of CIM names (DSP0004: names are compared
 * without regard to case), without lower-casing whole strings: the model
 * compares qualifier and member names tens of thousands of times per schema,
 * and each `toLowerCase()` of a mixed-case name is a new string.
 */

/** An ASCII code unit lower-cased. */
function fold(code: number): number {
  return code >= 65 && code <= 90 ? code | 32 : code;
}

/**
 * Whether two names are equal ignoring case: exactly `a.toLowerCase() ===
 * b.toLowerCase()`. ASCII is folded here, code unit by code unit: the lower
 * case of an ASCII letter is one ASCII letter, whatever surrounds it, so the
 * first ASCII difference decides, and a name that is a longer one's prefix
 * stays shorter (lower-casing removes no character). From a non-ASCII code
 * unit on, `toLowerCase()` answers: Unicode mappings may change a string's
 * length (`İ`) or depend on context (final sigma).
 */
export function sameName(a: string, b: string): boolean {
  if (a === b) return true;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x >= 128 || y >= 128) return a.toLowerCase() === b.toLowerCase();
    if (x !== y && fold(x) !== fold(y)) return false;
  }
  return a.length === b.length;
}

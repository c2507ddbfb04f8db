/**
 * Identifier derivation for generated code. Schema names (classes, properties,
 * methods, parameters) are used exactly as the schema spells them; only enum
 * member names are derived, from the `Values` text.
 */

/** True when `name` can be written as a bare property key / identifier. */
export function isIdentifier(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name);
}

/** A property key as it must be written in an object literal or interface. */
export function propertyKey(name: string): string {
  return isIdentifier(name) ? name : JSON.stringify(name);
}

/**
 * PascalCase of the words of a `Values` text: `"Method Parameters Checked - Job Started"`
 * → `MethodParametersCheckedJobStarted`, `"Log based"` → `LogBased`, `"DMTF Reserved"` →
 * `DMTFReserved` (capitals inside a word are kept). A leading digit gets a `_` prefix
 * (`"8.3 format"` → `_83Format`); a text with no letters or digits gives `''`.
 */
export function pascalCaseWords(text: string): string {
  const words = text.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
  const joined = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  if (joined === '') return '';
  // Keep generated keys ASCII-safe and identifier-shaped.
  const ascii = joined.normalize('NFKD').replace(/[^A-Za-z0-9_]/g, '');
  if (ascii === '') return '';
  return /^[0-9]/.test(ascii) ? `_${ascii}` : ascii;
}

/**
 * Names for a list of enum members, deterministic and unique: PascalCase of the Values text;
 * `Value<value>` when the text gives nothing; the 2nd, 3rd… duplicate of a name gets `_2`, `_3`…
 * in ValueMap order.
 */
export function enumMemberNames(entries: readonly { readonly name: string; readonly value: number | string }[]): string[] {
  const seen = new Map<string, number>();
  const taken = new Set<string>();
  const result: string[] = [];
  for (const entry of entries) {
    let base = pascalCaseWords(entry.name);
    if (base === '') base = `Value${pascalCaseWords(String(entry.value)) || result.length}`;
    if (base.startsWith('Value_')) base = `Value${base.slice(6)}`;
    let candidate = base;
    let n = seen.get(base) ?? 1;
    while (taken.has(candidate)) {
      n += 1;
      candidate = `${base}_${n}`;
    }
    seen.set(base, n);
    taken.add(candidate);
    result.push(candidate);
  }
  return result;
}

/** Stable, case-sensitive comparison (code unit order) used wherever output order is not meaningful. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Glob (`*`, `?`) to a case-insensitive anchored regular expression, for `--classes`. */
export function globToRegExp(glob: string): RegExp {
  const source = glob
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'i');
}

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

/*
 * Schema names in generated code. MOF identifiers allow any character from U+0080 to
 * U+FFEF and any spelling of a word, so a schema name may be no JavaScript identifier
 * (`A×B`), a reserved word (`delete`), or a name every object already has (`toString`).
 */

/** ECMAScript identifier syntax (ID_Start, then ID_Continue), with `$` and `_`. */
const IDENTIFIER_NAME = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200C\u200D]*$/u;

/** Words that cannot name a binding in an ES module (strict mode), nor TypeScript's built-in types. */
const NOT_A_DECLARATION_NAME: ReadonlySet<string> = new Set(
  [
    // ECMAScript reserved words, the strict-mode and module ones, and the two restricted names
    'break case catch class const continue debugger default delete do else enum export extends false finally for',
    'function if import in instanceof new null return super switch this throw true try typeof var void while with',
    'implements interface let package private protected public static yield await arguments eval',
    // TypeScript: no interface or type alias may be named after a predefined type, and these
    // are operators where a type is expected (`Box<keyof>` does not parse)
    'any unknown number bigint boolean string symbol never object undefined infer keyof unique readonly',
  ]
    .join(' ')
    .split(' '),
);

/** Whether `name` has the syntax of an identifier (reserved words included). */
export function isIdentifierName(name: string): boolean {
  return IDENTIFIER_NAME.test(name);
}

/** Whether `name` can be declared as-is (`export const X`, `export interface X`) in a generated module. */
export function isDeclarationName(name: string): boolean {
  return IDENTIFIER_NAME.test(name) && !NOT_A_DECLARATION_NAME.has(name);
}

/** `name` as part of a derived identifier (`X_<name>_Args`): characters an identifier cannot hold become `_`. */
export function identifierPart(name: string): string {
  return [...name].map((c) => (/[\p{ID_Continue}$]/u.test(c) ? c : '_')).join('');
}

/**
 * A key of an object literal value. `__proto__: v` (and `"__proto__": v`) would set the
 * object's prototype; only a computed key defines a property of that name.
 */
export function objectKey(name: string): string {
  return name === '__proto__' ? '["__proto__"]' : propertyKey(name);
}

/** `object.name`, or `object["name"]` when the name is not an identifier. */
export function memberAccess(object: string, name: string): string {
  return isIdentifier(name) ? `${object}.${name}` : `${object}[${JSON.stringify(name)}]`;
}

/**
 * Members TypeScript gives every object (its `Object` interface). An optional property
 * of another type under one of these names is unassignable from any object literal that
 * lacks it (the literal's inherited member is compared instead), so input types widen it
 * by the inherited member's type (`string | Object["toString"]`).
 */
export const OBJECT_MEMBERS: ReadonlySet<string> = new Set([
  'constructor',
  'toString',
  'toLocaleString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
]);

/**
 * Enumerations from ValueMap/Values (DSP0004 2.x, "ValueMap" and "Values").
 *
 * The rules, and the choices where the spec leaves room:
 * - ValueMap[i] is named by Values[i]. Both present with different lengths is an
 *   error (a warning in the Microsoft dialect); the common entries are still paired, extra ValueMap entries are
 *   named by their own text and extra Values are dropped.
 * - Integer elements: an entry is one MOF integer literal (decimal, `0x` hex,
 *   octal with a leading 0, binary with a `b` suffix; optional sign — the CIM
 *   schema itself writes `"0x8000.."`), or a range `m..n`, `m..`, `..n` (bounds
 *   inclusive) or `..` ("every other value"). Ranges stay ranges: nothing is
 *   numbered in sequence. Values must fit the element type; 64-bit values
 *   beyond 2^53 become decimal strings (the model holds no bigint).
 * - String elements: every entry is a value, taken literally (`..` too).
 * - `..` may be written several times (the CIM schema writes it at each
 *   reserved gap); it is one range, named by its first Values entry.
 * - The same value (or the same explicit range) twice is an error. Two ranges
 *   that overlap without one containing the other are a warning (which name
 *   applies is unclear). A value or range inside another range is fine: it is
 *   carved out of a reserved range (Hyper-V's `"32768..65535"` "Vendor
 *   Specific" next to `"32769"` "Access denied" or `"32781..32787"`), and the
 *   narrower entry's name wins.
 * - Values without ValueMap: the values are 0..n-1 (DSP0004). On a string
 *   element that has no meaning we can generate, so no enum (warning).
 * - ValueMap without Values: each value is named by its own text, so string
 *   ValueMaps (the permitted strings) and bare integer maps still get an enum.
 * - Any other element type (boolean, real, datetime, reference, …): warning,
 *   no enum.
 */
import type { CimIntegerType } from '@mofc/runtime';
import { decodeNumber } from '../ast/literals.js';
import { createDiagnostic, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import { semanticQualifierDiagnostics as codes } from '../diagnostics/codes/semantic-qualifiers.js';
import type { Dialect } from './dialect.js';
import { integerRange, integerToJson, isIntegerType, narrowInteger } from './integers.js';
import type { ResolvedQualifier } from './qualifiers.js';
import type { CimType, EnumModel } from './types.js';

type EnumValue = EnumModel['values'][number];
type EnumRange = EnumModel['ranges'][number];

/** One entry of ValueMap or Values, as text, with where it was written. `text` null: a null entry. */
interface Entry {
  readonly text: string | null;
  readonly span: Span;
}

/** The entries of a ValueMap/Values qualifier; a scalar (lenient Microsoft use) counts as one entry, null as none. */
function entries(qualifier: ResolvedQualifier): Entry[] {
  const value = qualifier.value;
  if (value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((item, i) => ({
    text: item === null ? null : String(item),
    span: qualifier.elementSpans?.[i] ?? qualifier.span,
  }));
}

/**
 * An exact integer as the enum code works on it: a number when it is safe,
 * a bigint only beyond 2^53. One form per value, so a `Set` finds 5 however
 * it was written (`5`, `0x5`, `101b`), and most entries never make a bigint.
 */
type Integer = number | bigint;

/** Plain decimals of up to 15 digits (below 2^53), no leading zero: almost every ValueMap entry. `-0` is left to `decodeNumber`, which makes it 0. */
const SHORT_DECIMAL = /^(?:0|-?[1-9][0-9]{0,14})$/;

/** One MOF integer literal (DSP0004 ANNEX A forms, as the lexer reads them); reals are not ValueMap entries. */
function parseIntegerLiteral(text: string): Integer | undefined {
  if (SHORT_DECIMAL.test(text)) return Number(text);
  const decoded = decodeNumber(text);
  return decoded.kind === 'integer' ? narrowInteger(decoded.value) : undefined;
}

/** A type's bounds in the `Integer` form; comparing a number with a bigint bound is exact. */
function boundsOf(type: CimIntegerType): readonly [Integer, Integer] {
  const [min, max] = integerRange(type);
  return [narrowInteger(min), narrowInteger(max)];
}

interface ParsedRange {
  readonly from: Integer | null;
  readonly to: Integer | null;
}

type ParsedEntry =
  | { readonly kind: 'value'; readonly value: Integer }
  | { readonly kind: 'range'; readonly range: ParsedRange }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'outOfRange' };

const INVALID: ParsedEntry = { kind: 'invalid' };
const OUT_OF_RANGE: ParsedEntry = { kind: 'outOfRange' };

function parseIntegerEntry(text: string, min: Integer, max: Integer): ParsedEntry {
  const dots = text.indexOf('..');
  if (dots < 0) {
    const value = parseIntegerLiteral(text);
    if (value === undefined) return INVALID;
    return value >= min && value <= max ? { kind: 'value', value } : OUT_OF_RANGE;
  }
  const fromText = text.slice(0, dots);
  const toText = text.slice(dots + 2);
  const from = fromText === '' ? null : parseIntegerLiteral(fromText);
  const to = toText === '' ? null : parseIntegerLiteral(toText);
  if (from === undefined || to === undefined) return INVALID;
  if ((from !== null && (from < min || from > max)) || (to !== null && (to < min || to > max))) return OUT_OF_RANGE;
  return { kind: 'range', range: { from, to } };
}

/** JSON form of a parsed integer: the number, or the decimal text of one beyond 2^53. */
function jsonOf(value: Integer): number | string {
  return typeof value === 'number' ? value : integerToJson(value);
}

/** Identity of an explicit range, for finding the same range written twice. */
function rangeKey(range: ParsedRange): string {
  return `${range.from ?? ''}..${range.to ?? ''}`;
}

/**
 * For each explicit range of a ValueMap that crosses an earlier one (overlaps
 * it without one containing the other; an open end reaches the type's
 * bound), by entry index, the text of the first such earlier range. `..`
 * (both ends open) crosses nothing: it means "the rest". Same answer as
 * comparing every pair, which took 26 s for 40,000 ranges; here O(n log n):
 * `firstCrossing` below (pairs only up to `PAIRWISE` ranges).
 */
function crossingRanges(
  map: readonly Entry[],
  parsedEntries: readonly (ParsedEntry | undefined)[],
  min: Integer,
  max: Integer,
): ReadonlyMap<number, string> {
  // Most ValueMaps have at most one explicit range: nothing can cross.
  let candidates = 0;
  for (const parsed of parsedEntries) if (parsed?.kind === 'range' && !isRest(parsed.range)) candidates++;
  if (candidates < 2) return NO_CROSSINGS;
  const explicit: { index: number; from: Integer; to: Integer; text: string }[] = [];
  const seen = new Set<string>();
  map.forEach((entry, index) => {
    const parsed = parsedEntries[index];
    if (entry.text === null || parsed === undefined) return;
    if (parsed.kind !== 'range' || isRest(parsed.range)) return;
    const { from, to } = parsed.range;
    if (from !== null && to !== null && from > to) return;
    const key = rangeKey(parsed.range);
    if (seen.has(key)) return;
    seen.add(key);
    explicit.push({ index, from: from ?? min, to: to ?? max, text: entry.text });
  });
  const crossing = new Map<number, string>();
  if (explicit.length < 2) return crossing;
  if (explicit.length <= PAIRWISE) {
    // A few ranges (every schema seen has at most 6): the rule itself, pair by pair, costs least.
    for (let i = 1; i < explicit.length; i++) {
      const r = explicit[i]!;
      for (let j = 0; j < i; j++) {
        const e = explicit[j]!;
        if ((e.from < r.from && r.from <= e.to && e.to < r.to) || (r.from < e.from && e.from <= r.to && r.to < e.to)) {
          crossing.set(r.index, e.text);
          break;
        }
      }
    }
    return crossing;
  }
  // Bounds as ranks, so the search trees work on small integers.
  const bounds = [...new Set(explicit.flatMap((r) => [r.from, r.to]))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rank = new Map(bounds.map((b, i) => [b, i] as const));
  const ranks = explicit.map((r) => ({ from: rank.get(r.from)!, to: rank.get(r.to)! }));
  const first = firstCrossing(ranks, bounds.length);
  first.forEach((j, i) => {
    if (j !== NONE) crossing.set(explicit[i]!.index, explicit[j]!.text);
  });
  return crossing;
}

const NO_CROSSINGS: ReadonlyMap<number, string> = new Map();

/** Up to this many explicit ranges, crossings are found by comparing each pair. */
const PAIRWISE = 16;

const NONE = 0x7fffffff;

/**
 * For each range i (inclusive bounds as ranks below `size`), the smallest j < i
 * whose range crosses it, or NONE. Range j crosses i when
 * `j.from < i.from <= j.to < i.to` (j reaches into i from the left) or
 * `i.from < j.from <= i.to < j.to` (from the right).
 *
 * "Earlier" needs no bookkeeping: crossing is symmetric and no range crosses
 * itself, so the smallest index among all ranges crossing i is either below i
 * (the answer) or above it (then none earlier does). That makes it two sweeps,
 * each one sort and one pass over a min-segment tree of positions: O(n log n).
 */
function firstCrossing(ranges: readonly { from: number; to: number }[], size: number): Int32Array {
  const n = ranges.length;
  const first = new Int32Array(n).fill(NONE);
  const order = Array.from({ length: n }, (_, k) => k);
  // From the left: by start, ascending; each range is asked about before the
  // ranges with its start are added (j.from must be strictly smaller), then
  // j (kept at j.to) counts when j.to lies in [i.from, i.to - 1].
  order.sort((a, b) => ranges[a]!.from - ranges[b]!.from);
  sweep(first, order, size, (i) => ranges[i]!.from, (j) => ranges[j]!.to, (i) => [ranges[i]!.from, ranges[i]!.to - 1]);
  // From the right: by end, descending; j (kept at j.from) counts when
  // j.to > i.to and j.from lies in [i.from + 1, i.to].
  order.sort((a, b) => ranges[b]!.to - ranges[a]!.to);
  sweep(first, order, size, (i) => ranges[i]!.to, (j) => ranges[j]!.from, (i) => [ranges[i]!.from + 1, ranges[i]!.to]);
  for (let i = 0; i < n; i++) if (first[i]! > i) first[i] = NONE;
  return first;
}

/**
 * One pass over `order`, grouped by equal `group` keys: each range of a group
 * takes the smallest index kept in its `window`, then the group's ranges are
 * kept at their `position`.
 */
function sweep(
  first: Int32Array,
  order: readonly number[],
  size: number,
  group: (i: number) => number,
  position: (j: number) => number,
  window: (i: number) => readonly [number, number],
): void {
  const tree = new MinTree(size);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && group(order[end]!) === group(order[start]!)) end++;
    for (let k = start; k < end; k++) {
      const i = order[k]!;
      const [lo, hi] = window(i);
      const j = tree.min(lo, hi);
      if (j < first[i]!) first[i] = j;
    }
    for (let k = start; k < end; k++) tree.set(position(order[k]!), order[k]!);
    start = end;
  }
}

/** Minimum over positions, with point updates (keeping the smaller value). */
class MinTree {
  private readonly width: number;
  private readonly nodes: Int32Array;

  constructor(size: number) {
    let width = 1;
    while (width < size) width *= 2;
    this.width = width;
    this.nodes = new Int32Array(2 * width).fill(NONE);
  }

  set(position: number, value: number): void {
    for (let n = position + this.width; n >= 1; n >>= 1) {
      if (value < this.nodes[n]!) this.nodes[n] = value;
      else break;
    }
  }

  /** Minimum over positions lo..hi (inclusive); NONE when empty. */
  min(lo: number, hi: number): number {
    let result = NONE;
    for (let l = lo + this.width, h = hi + this.width + 1; l < h; l >>= 1, h >>= 1) {
      if (l & 1) result = Math.min(result, this.nodes[l++]!);
      if (h & 1) result = Math.min(result, this.nodes[--h]!);
    }
    return result;
  }
}

function isRest(range: ParsedRange): boolean {
  return range.from === null && range.to === null;
}

/**
 * Derives the enumeration of an element (property, parameter or method return
 * of `elementType`; for arrays, the element type) from its ValueMap and
 * Values qualifiers, if any. `span` is the element's, for problems with the
 * element itself (its type).
 */
export function deriveEnum(
  valueMap: ResolvedQualifier | undefined,
  values: ResolvedQualifier | undefined,
  elementType: CimType,
  span: Span,
  dialect: Dialect,
): { enum: EnumModel | null; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  if (!valueMap && !values) return { enum: null, diagnostics };

  const integer = isIntegerType(elementType);
  if (!integer && elementType !== 'string') {
    diagnostics.push(createDiagnostic(codes.enumOnUnsupportedType, span, [elementType]));
    return { enum: null, diagnostics };
  }

  const names = values ? entries(values) : [];
  names.forEach((entry, i) => {
    if (entry.text === null) diagnostics.push(createDiagnostic(codes.nullEnumEntry, entry.span, ['Values', i]));
  });

  if (!valueMap) {
    if (!integer) {
      diagnostics.push(createDiagnostic(codes.valuesWithoutValueMapOnString, values!.span));
      return { enum: null, diagnostics };
    }
    // DSP0004: without ValueMap, Values is indexed from zero.
    const enumValues: EnumValue[] = [];
    names.forEach((entry, i) => {
      if (entry.text !== null) enumValues.push({ value: i, name: entry.text });
    });
    return { enum: { values: enumValues, ranges: [] }, diagnostics };
  }

  const map = entries(valueMap);
  if (values && map.length !== names.length) {
    // Microsoft-shipped schemas have such pairs and mofcomp accepts them: a warning there.
    const definition = dialect === 'dmtf' ? codes.valueMapValuesLength : codes.valueMapValuesLengthMicrosoft;
    diagnostics.push(
      createDiagnostic(definition, values.span, [map.length, names.length], [
        { message: 'the ValueMap is here', span: valueMap.span },
      ]),
    );
  }
  const nameOf = (i: number, text: string): string => names[i]?.text ?? text;

  const enumValues: EnumValue[] = [];
  const ranges: EnumRange[] = [];

  if (!integer) {
    const seen = new Set<string>();
    map.forEach((entry, i) => {
      if (entry.text === null) {
        diagnostics.push(createDiagnostic(codes.nullEnumEntry, entry.span, ['ValueMap', i]));
        return;
      }
      if (seen.has(entry.text)) {
        diagnostics.push(createDiagnostic(codes.duplicateValueMapEntry, entry.span, [entry.text]));
        return;
      }
      seen.add(entry.text);
      enumValues.push({ value: entry.text, name: nameOf(i, entry.text) });
    });
    return { enum: { values: enumValues, ranges }, diagnostics };
  }

  const [min, max] = boundsOf(elementType);
  const singles = new Set<Integer>();
  let explicitRanges: Set<string> | undefined;
  // Each entry parsed once, for the crossing check and for the enum (undefined: a null entry).
  const parsedEntries = map.map((entry) => (entry.text === null ? undefined : parseIntegerEntry(entry.text, min, max)));
  const crossing = crossingRanges(map, parsedEntries, min, max);
  let restSeen = false;
  map.forEach((entry, i) => {
    if (entry.text === null) {
      diagnostics.push(createDiagnostic(codes.nullEnumEntry, entry.span, ['ValueMap', i]));
      return;
    }
    const text = entry.text;
    const parsed = parsedEntries[i]!;
    switch (parsed.kind) {
      case 'invalid':
        diagnostics.push(createDiagnostic(codes.invalidValueMapEntry, entry.span, [text]));
        return;
      case 'outOfRange':
        diagnostics.push(createDiagnostic(codes.valueMapEntryRange, entry.span, [text, elementType]));
        return;
      case 'value': {
        if (singles.has(parsed.value)) {
          diagnostics.push(createDiagnostic(codes.duplicateValueMapEntry, entry.span, [text]));
          return;
        }
        singles.add(parsed.value);
        enumValues.push({ value: jsonOf(parsed.value), name: nameOf(i, text) });
        return;
      }
      case 'range': {
        const { range } = parsed;
        if (range.from !== null && range.to !== null && range.from > range.to) {
          diagnostics.push(createDiagnostic(codes.emptyValueMapRange, entry.span, [text]));
          return;
        }
        if (isRest(range)) {
          // The CIM schema writes ".." at every reserved gap (`{"..", "6", "7", "..", "0x8000.."}`):
          // each means "every value not listed", so the first one is the range.
          if (restSeen) return;
          restSeen = true;
        } else {
          const key = rangeKey(range);
          explicitRanges ??= new Set();
          if (explicitRanges.has(key)) {
            diagnostics.push(createDiagnostic(codes.duplicateValueMapEntry, entry.span, [text]));
            return;
          }
          const other = crossing.get(i);
          if (other !== undefined) diagnostics.push(createDiagnostic(codes.overlappingValueMapRange, entry.span, [text, other]));
          explicitRanges.add(key);
        }
        ranges.push({
          from: range.from === null ? null : jsonOf(range.from),
          to: range.to === null ? null : jsonOf(range.to),
          name: nameOf(i, text),
        });
        return;
      }
    }
  });
  return { enum: { values: enumValues, ranges }, diagnostics };
}

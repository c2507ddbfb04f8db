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
import { INTEGER_RANGES, integerToJson, isIntegerType } from './integers.js';
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

/** One MOF integer literal (DSP0004 ANNEX A forms, as the lexer reads them); reals are not ValueMap entries. */
function parseIntegerLiteral(text: string): bigint | undefined {
  const decoded = decodeNumber(text);
  return decoded.kind === 'integer' ? decoded.value : undefined;
}

interface ParsedRange {
  readonly from: bigint | null;
  readonly to: bigint | null;
}

type ParsedEntry =
  | { readonly kind: 'value'; readonly value: bigint }
  | { readonly kind: 'range'; readonly range: ParsedRange }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'outOfRange' };

function parseIntegerEntry(text: string, type: CimIntegerType): ParsedEntry {
  const [min, max] = INTEGER_RANGES[type];
  const inRange = (v: bigint) => v >= min && v <= max;
  const dots = text.indexOf('..');
  if (dots < 0) {
    const value = parseIntegerLiteral(text);
    if (value === undefined) return { kind: 'invalid' };
    return inRange(value) ? { kind: 'value', value } : { kind: 'outOfRange' };
  }
  const fromText = text.slice(0, dots);
  const toText = text.slice(dots + 2);
  const from = fromText === '' ? null : parseIntegerLiteral(fromText);
  const to = toText === '' ? null : parseIntegerLiteral(toText);
  if (from === undefined || to === undefined) return { kind: 'invalid' };
  if ((from !== null && !inRange(from)) || (to !== null && !inRange(to))) return { kind: 'outOfRange' };
  return { kind: 'range', range: { from, to } };
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
 * comparing every pair, which took 26 s for 40,000 ranges; here O(n log² n):
 * `firstCrossing` below.
 */
function crossingRanges(map: readonly Entry[], elementType: CimIntegerType, min: bigint, max: bigint): Map<number, string> {
  const explicit: { index: number; from: bigint; to: bigint; text: string }[] = [];
  const seen = new Set<string>();
  map.forEach((entry, index) => {
    if (entry.text === null) return;
    const parsed = parseIntegerEntry(entry.text, elementType);
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

const NONE = 0x7fffffff;

/**
 * For each range i (inclusive bounds as ranks below `size`), the smallest j < i
 * whose range crosses it, or NONE. Range j crosses i when
 * `j.from < i.from <= j.to < i.to` or `i.from < j.from <= i.to < j.to`.
 * Divide and conquer on the order: each half's ranges are matched against the
 * earlier half's with two sweeps over a min-segment tree of positions, so
 * every level costs O(n log n).
 */
function firstCrossing(ranges: readonly { from: number; to: number }[], size: number): Int32Array {
  const first = new Int32Array(ranges.length).fill(NONE);
  const tree = new MinTree(size);
  const solve = (lo: number, hi: number): void => {
    if (hi - lo < 2) return;
    const mid = (lo + hi) >> 1;
    solve(lo, mid);
    solve(mid, hi);
    const left = Array.from({ length: mid - lo }, (_, k) => lo + k);
    const right = Array.from({ length: hi - mid }, (_, k) => mid + k);
    const found = (i: number, j: number) => {
      if (j < first[i]!) first[i] = j;
    };
    // Earlier ranges starting before i.from, ending in [i.from, i.to).
    left.sort((a, b) => ranges[a]!.from - ranges[b]!.from);
    right.sort((a, b) => ranges[a]!.from - ranges[b]!.from);
    let k = 0;
    for (const i of right) {
      const r = ranges[i]!;
      for (; k < left.length && ranges[left[k]!]!.from < r.from; k++) tree.set(ranges[left[k]!]!.to, left[k]!);
      found(i, tree.min(r.from, r.to - 1));
    }
    for (let m = 0; m < k; m++) tree.clear(ranges[left[m]!]!.to);
    // Earlier ranges ending after i.to, starting in (i.from, i.to].
    left.sort((a, b) => ranges[b]!.to - ranges[a]!.to);
    right.sort((a, b) => ranges[b]!.to - ranges[a]!.to);
    k = 0;
    for (const i of right) {
      const r = ranges[i]!;
      for (; k < left.length && ranges[left[k]!]!.to > r.to; k++) tree.set(ranges[left[k]!]!.from, left[k]!);
      found(i, tree.min(r.from + 1, r.to));
    }
    for (let m = 0; m < k; m++) tree.clear(ranges[left[m]!]!.from);
  };
  solve(0, ranges.length);
  return first;
}

/** Minimum over positions, with point updates (keeping the smaller value) and clearing. */
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

  clear(position: number): void {
    let n = position + this.width;
    this.nodes[n] = NONE;
    for (n >>= 1; n >= 1; n >>= 1) this.nodes[n] = Math.min(this.nodes[2 * n]!, this.nodes[2 * n + 1]!);
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

  const [min, max] = INTEGER_RANGES[elementType];
  const singles = new Set<bigint>();
  const explicitRanges = new Set<string>();
  const crossing = crossingRanges(map, elementType, min, max);
  let restSeen = false;
  map.forEach((entry, i) => {
    if (entry.text === null) {
      diagnostics.push(createDiagnostic(codes.nullEnumEntry, entry.span, ['ValueMap', i]));
      return;
    }
    const text = entry.text;
    const parsed = parseIntegerEntry(text, elementType);
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
        enumValues.push({ value: integerToJson(parsed.value), name: nameOf(i, text) });
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
          if (explicitRanges.has(key)) {
            diagnostics.push(createDiagnostic(codes.duplicateValueMapEntry, entry.span, [text]));
            return;
          }
          const other = crossing.get(i);
          if (other !== undefined) diagnostics.push(createDiagnostic(codes.overlappingValueMapRange, entry.span, [text, other]));
          explicitRanges.add(key);
        }
        ranges.push({
          from: range.from === null ? null : integerToJson(range.from),
          to: range.to === null ? null : integerToJson(range.to),
          name: nameOf(i, text),
        });
        return;
      }
    }
  });
  return { enum: { values: enumValues, ranges }, diagnostics };
}

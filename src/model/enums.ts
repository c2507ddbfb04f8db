/**
 * Enumerations from ValueMap/Values (DSP0004 2.x, "ValueMap" and "Values").
 *
 * The rules, and the choices where the spec leaves room:
 * - ValueMap[i] is named by Values[i]. Both present with different lengths is an
 *   error; the common entries are still paired, extra ValueMap entries are
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
import { decodeNumber } from '../ast/literals.js';
import { createDiagnostic, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import { semanticQualifierDiagnostics as codes } from '../diagnostics/codes/semantic-qualifiers.js';
import { INTEGER_RANGES, integerToJson, isIntegerType, type ResolvedQualifier } from './qualifiers.js';
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

function parseIntegerEntry(text: string, type: string): ParsedEntry {
  const [min, max] = INTEGER_RANGES[type]!;
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

/** Overlap of two explicit ranges; an open end reaches the type's bound. `..` (both ends open) overlaps nothing: it means "the rest". */
function overlaps(a: ParsedRange, b: ParsedRange, min: bigint, max: bigint): boolean {
  const aFrom = a.from ?? min;
  const aTo = a.to ?? max;
  const bFrom = b.from ?? min;
  const bTo = b.to ?? max;
  return aFrom <= bTo && bFrom <= aTo;
}

/** Whether one range lies wholly inside the other: a named sub-range carved out of a reserved range. */
function nested(a: ParsedRange, b: ParsedRange, min: bigint, max: bigint): boolean {
  const [aFrom, aTo, bFrom, bTo] = [a.from ?? min, a.to ?? max, b.from ?? min, b.to ?? max];
  return (aFrom <= bFrom && bTo <= aTo) || (bFrom <= aFrom && aTo <= bTo);
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
    diagnostics.push(
      createDiagnostic(codes.valueMapValuesLength, values.span, [map.length, names.length], [
        { message: 'The ValueMap is here.', span: valueMap.span },
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

  const [min, max] = INTEGER_RANGES[elementType]!;
  const singles = new Set<bigint>();
  const explicitRanges: { range: ParsedRange; text: string }[] = [];
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
          const same = explicitRanges.find((r) => r.range.from === range.from && r.range.to === range.to);
          if (same) {
            diagnostics.push(createDiagnostic(codes.duplicateValueMapEntry, entry.span, [text]));
            return;
          }
          const other = explicitRanges.find((r) => overlaps(r.range, range, min, max) && !nested(r.range, range, min, max));
          if (other) diagnostics.push(createDiagnostic(codes.overlappingValueMapRange, entry.span, [text, other.text]));
          explicitRanges.push({ range, text });
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

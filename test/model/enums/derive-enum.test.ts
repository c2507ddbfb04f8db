import { describe, expect, it } from 'vitest';
import { deriveEnum } from '../../../src/model/enums.js';
import type { ResolvedQualifier } from '../../../src/model/qualifiers.js';
import { resolved, span } from '../qualifiers/helpers.js';

/** A ValueMap or Values qualifier with one distinct span per entry, as resolveQualifierList records them. */
function list(name: string, values: readonly (string | number | null)[]): ResolvedQualifier {
  return resolved(name, values, {}, values.map(() => span()));
}
const valueMap = (...values: (string | number | null)[]) => list('ValueMap', values);
const values = (...names: (string | null)[]) => list('Values', names);
const element = span();

describe('deriveEnum', () => {
  it('returns no enum when there is neither ValueMap nor Values', () => {
    expect(deriveEnum(undefined, undefined, 'uint16', element, 'dmtf')).toEqual({ enum: null, diagnostics: [] });
  });

  it('pairs a Hyper-V return-value map, keeping ranges as ranges', () => {
    const result = deriveEnum(
      valueMap('0', '4096', '4097..32767', '32768..65535'),
      values('Completed with No Error', 'Method Parameters Checked - Job Started', 'Method Reserved', 'Vendor Specific'),
      'uint32',
      element,
      'dmtf',
    );
    expect(result).toEqual({
      enum: {
        values: [
          { value: 0, name: 'Completed with No Error' },
          { value: 4096, name: 'Method Parameters Checked - Job Started' },
        ],
        ranges: [
          { from: 4097, to: 32767, name: 'Method Reserved' },
          { from: 32768, to: 65535, name: 'Vendor Specific' },
        ],
      },
      diagnostics: [],
    });
  });

  it('reads "..", open ranges and hex bounds as the CIM schema writes them', () => {
    const result = deriveEnum(
      valueMap('0', '..', '0x8000..', '..5'),
      values('Unknown', 'DMTF Reserved', 'Vendor Reserved', 'Low'),
      'uint16',
      element,
      'dmtf',
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.enum!.ranges).toEqual([
      { from: null, to: null, name: 'DMTF Reserved' },
      { from: 32768, to: null, name: 'Vendor Reserved' },
      { from: null, to: 5, name: 'Low' },
    ]);
  });

  it('reads ".." written at several reserved gaps as one range (CIM_Synchronized.SyncType)', () => {
    const result = deriveEnum(
      valueMap('..', '6', '7', '..', '0x8000..'),
      values('DMTF Reserved', 'Mirror', 'Snapshot', 'DMTF Reserved', 'Vendor Specific'),
      'uint16',
      element,
      'dmtf',
    );
    expect(result).toEqual({
      enum: {
        values: [
          { value: 6, name: 'Mirror' },
          { value: 7, name: 'Snapshot' },
        ],
        ranges: [
          { from: null, to: null, name: 'DMTF Reserved' },
          { from: 32768, to: null, name: 'Vendor Specific' },
        ],
      },
      diagnostics: [],
    });
  });

  it('keeps 64-bit values beyond 2^53 as decimal strings', () => {
    const result = deriveEnum(
      valueMap('100', '9007199254740993', '18446744073709551615', '9007199254740994..0xFFFFFFFFFFFFFFFE'),
      undefined,
      'uint64',
      element,
      'dmtf',
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.enum).toEqual({
      values: [
        { value: 100, name: '100' },
        { value: '9007199254740993', name: '9007199254740993' },
        { value: '18446744073709551615', name: '18446744073709551615' },
      ],
      ranges: [{ from: '9007199254740994', to: '18446744073709551614', name: '9007199254740994..0xFFFFFFFFFFFFFFFE' }],
    });
  });

  it('takes string ValueMaps literally', () => {
    const result = deriveEnum(valueMap('OK', 'Error', '..'), values('Fine', 'Broken', 'Other'), 'string', element, 'dmtf');
    expect(result).toEqual({
      enum: {
        values: [
          { value: 'OK', name: 'Fine' },
          { value: 'Error', name: 'Broken' },
          { value: '..', name: 'Other' },
        ],
        ranges: [],
      },
      diagnostics: [],
    });
  });

  it('names ValueMap entries by their own text when there is no Values', () => {
    expect(deriveEnum(valueMap('Automatic', 'Manual'), undefined, 'string', element, 'dmtf').enum).toEqual({
      values: [
        { value: 'Automatic', name: 'Automatic' },
        { value: 'Manual', name: 'Manual' },
      ],
      ranges: [],
    });
  });

  it('numbers Values from zero when there is no ValueMap (DSP0004)', () => {
    expect(deriveEnum(undefined, values('Unknown', 'Other', 'Enabled'), 'uint16', element, 'dmtf')).toEqual({
      enum: {
        values: [
          { value: 0, name: 'Unknown' },
          { value: 1, name: 'Other' },
          { value: 2, name: 'Enabled' },
        ],
        ranges: [],
      },
      diagnostics: [],
    });
  });

  it('reads every MOF integer form, signs included', () => {
    expect(deriveEnum(valueMap('-5', '+6', '101b', '017', '0x1F'), undefined, 'sint8', element, 'dmtf').enum!.values.map((v) => v.value)).toEqual([
      -5, 6, 5, 15, 31,
    ]);
    const bad = deriveEnum(valueMap('08', ' 1', '1.5'), undefined, 'uint8', element, 'dmtf');
    expect(bad.diagnostics.map((d) => d.code)).toEqual(['MOF3301', 'MOF3301', 'MOF3301']);
  });

  it('accepts numbers in a ValueMap (a Microsoft file written without quotes)', () => {
    expect(deriveEnum(resolved('ValueMap', [1, 2]), undefined, 'uint8', element, 'dmtf').enum!.values).toEqual([
      { value: 1, name: '1' },
      { value: 2, name: '2' },
    ]);
  });

  it('MOF3300: different lengths are an error; the common entries are still paired', () => {
    const map = valueMap('0', '1', '2');
    const names = values('Zero', 'One');
    const result = deriveEnum(map, names, 'uint8', element, 'dmtf');
    expect(result.diagnostics).toEqual([
      {
        code: 'MOF3300',
        severity: 'error',
        message: 'ValueMap has 3 entries but Values has 2',
        span: names.span,
        related: [{ message: 'the ValueMap is here', span: map.span }],
      },
    ]);
    expect(result.enum!.values.map((v) => v.name)).toEqual(['Zero', 'One', '2']);
  });

  it('MOF3309: in the Microsoft dialect different lengths are a warning (mofcomp accepts them), paired the same way', () => {
    const map = valueMap('1', '2');
    const names = values('Unknown', 'destination-ip', 'destination-mac');
    const result = deriveEnum(map, names, 'uint16', element, 'microsoft');
    expect(result.diagnostics).toEqual([
      {
        code: 'MOF3309',
        severity: 'warning',
        message: 'ValueMap has 2 entries but Values has 3 (mofcomp accepts this)',
        span: names.span,
        related: [{ message: 'the ValueMap is here', span: map.span }],
      },
    ]);
    expect(result.enum!.values).toEqual([
      { value: 1, name: 'Unknown' },
      { value: 2, name: 'destination-ip' },
    ]);
  });

  it('MOF3301: an entry that is not an integer or range', () => {
    const map = valueMap('1', 'abc', '1..x');
    const result = deriveEnum(map, undefined, 'uint8', element, 'dmtf');
    expect(result.diagnostics).toEqual([
      { code: 'MOF3301', severity: 'error', message: "ValueMap entry 'abc' is not an integer or integer range", span: map.elementSpans![1] },
      { code: 'MOF3301', severity: 'error', message: "ValueMap entry '1..x' is not an integer or integer range", span: map.elementSpans![2] },
    ]);
    expect(result.enum).toEqual({ values: [{ value: 1, name: '1' }], ranges: [] });
  });

  it('MOF3302: an entry outside the range of the element type', () => {
    const map = valueMap('256', '0..300');
    const result = deriveEnum(map, undefined, 'uint8', element, 'dmtf');
    expect(result.diagnostics).toEqual([
      { code: 'MOF3302', severity: 'error', message: "ValueMap entry '256' is out of range for uint8", span: map.elementSpans![0] },
      { code: 'MOF3302', severity: 'error', message: "ValueMap entry '0..300' is out of range for uint8", span: map.elementSpans![1] },
    ]);
  });

  it('MOF3303: the same value, range or string twice', () => {
    const map = valueMap('1', '0x1', '2..3', '2..3');
    const result = deriveEnum(map, undefined, 'uint8', element, 'dmtf');
    expect(result.diagnostics).toEqual([
      { code: 'MOF3303', severity: 'error', message: "ValueMap entry '0x1' maps a value that an earlier entry already maps", span: map.elementSpans![1] },
      { code: 'MOF3303', severity: 'error', message: "ValueMap entry '2..3' maps a value that an earlier entry already maps", span: map.elementSpans![3] },
    ]);
    const strings = valueMap('a', 'a');
    expect(deriveEnum(strings, undefined, 'string', element, 'dmtf').diagnostics).toEqual([
      { code: 'MOF3303', severity: 'error', message: "ValueMap entry 'a' maps a value that an earlier entry already maps", span: strings.elementSpans![1] },
    ]);
  });

  it('MOF3303: finds the same value however it is written, below and beyond 2^53', () => {
    // Plain decimals take a short path (numbers); other forms are decoded exactly and must meet them as equals.
    const map = valueMap('0', '-0', '1000000000000000', '0x38D7EA4C68000', '9007199254740993', '0x20000000000001', '0..16', '0x0..0x10');
    const result = deriveEnum(map, undefined, 'sint64', element, 'dmtf');
    expect(result.diagnostics.map((d) => [d.code, d.span])).toEqual([
      ['MOF3303', map.elementSpans![1]],
      ['MOF3303', map.elementSpans![3]],
      ['MOF3303', map.elementSpans![5]],
      ['MOF3303', map.elementSpans![7]],
    ]);
    expect(result.enum!.values.map((v) => v.value)).toEqual([0, 1000000000000000, '9007199254740993']);
    expect(Object.is(result.enum!.values[0]!.value, 0)).toBe(true);
  });

  it('MOF3304: partly overlapping ranges are a warning; a value or range inside a range is not', () => {
    const map = valueMap('1..10', '5', '8..20', '30', '25..', '..3', '5..6');
    const result = deriveEnum(map, undefined, 'uint8', element, 'dmtf');
    expect(result.diagnostics).toEqual([
      { code: 'MOF3304', severity: 'warning', message: "ValueMap range '8..20' overlaps '1..10'", span: map.elementSpans![2] },
      { code: 'MOF3304', severity: 'warning', message: "ValueMap range '..3' overlaps '1..10'", span: map.elementSpans![5] },
    ]);
    expect(result.enum!.values).toHaveLength(2);
    expect(result.enum!.ranges).toHaveLength(5);
  });

  it('keeps a named value carved out of a reserved range (Hyper-V return codes)', () => {
    const result = deriveEnum(
      valueMap('0', '32768..65535', '32769', '32781..32787'),
      values('OK', 'Vendor Specific', 'Access denied', 'Replication codes'),
      'uint32',
      element,
      'dmtf',
    );
    expect(result).toEqual({
      enum: {
        values: [
          { value: 0, name: 'OK' },
          { value: 32769, name: 'Access denied' },
        ],
        ranges: [
          { from: 32768, to: 65535, name: 'Vendor Specific' },
          { from: 32781, to: 32787, name: 'Replication codes' },
        ],
      },
      diagnostics: [],
    });
  });

  it('MOF3305: a range whose bounds are reversed', () => {
    const map = valueMap('10..1');
    expect(deriveEnum(map, undefined, 'uint8', element, 'dmtf').diagnostics).toEqual([
      {
        code: 'MOF3305',
        severity: 'error',
        message: "ValueMap range '10..1' is empty: its lower bound is above its upper bound",
        span: map.elementSpans![0],
      },
    ]);
  });

  it('MOF3306: no enum on other element types', () => {
    expect(deriveEnum(valueMap('0'), values('No'), 'boolean', element, 'dmtf')).toEqual({
      enum: null,
      diagnostics: [
        { code: 'MOF3306', severity: 'warning', message: 'ValueMap/Values on an element of type boolean: no enumeration is derived', span: element },
      ],
    });
  });

  it('MOF3307: Values without ValueMap on a string element', () => {
    const names = values('A', 'B');
    expect(deriveEnum(undefined, names, 'string', element, 'dmtf')).toEqual({
      enum: null,
      diagnostics: [
        { code: 'MOF3307', severity: 'warning', message: 'Values without ValueMap on a string element: no enumeration is derived', span: names.span },
      ],
    });
  });

  it('MOF3308: null entries', () => {
    const map = valueMap('0', null);
    const names = values(null, 'One');
    const result = deriveEnum(map, names, 'uint8', element, 'dmtf');
    expect(result.diagnostics).toEqual([
      { code: 'MOF3308', severity: 'error', message: 'Values entry 0 is null', span: names.elementSpans![0] },
      { code: 'MOF3308', severity: 'error', message: 'ValueMap entry 1 is null', span: map.elementSpans![1] },
    ]);
    expect(result.enum).toEqual({ values: [{ value: 0, name: '0' }], ranges: [] });
  });
});

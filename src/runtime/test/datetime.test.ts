import { describe, expect, it } from 'vitest';
import { CimDateTime } from '../src/datetime.js';
import { CimValueError } from '../src/errors.js';

describe('CimDateTime', () => {
  it('round-trips DMTF timestamps exactly, keeping microseconds and offset', () => {
    for (const text of ['20240501120000.123456+120', '19980401135809.000000-000', '00010101000000.000000+000', '20241231235959.999999-999', '20240229000000.000001+060']) {
      expect(CimDateTime.parse(text).toString()).toBe(text);
    }
    const t = CimDateTime.parse('20240501120000.123456+120');
    expect(t.isInterval).toBe(false);
    expect([t.year, t.month, t.day, t.hour, t.minute, t.second, t.microsecond, t.utcOffset]).toEqual([2024, 5, 1, 12, 0, 0, 123456, 120]);
    expect(CimDateTime.parse('20240501120000.000000-090').utcOffset).toBe(-90);
  });

  it('round-trips intervals', () => {
    const i = CimDateTime.parse('00000001020304.000005:000');
    expect(i.isInterval).toBe(true);
    expect([i.days, i.hour, i.minute, i.second, i.microsecond]).toEqual([1, 2, 3, 4, 5]);
    expect(i.toString()).toBe('00000001020304.000005:000');
    expect(i.toXsd()).toBe('P1DT2H3M4.000005S');
    expect(CimDateTime.fromXsd('P1DT2H3M4.000005S').equals(i)).toBe(true);
    expect(i.totalMicroseconds).toBe(93_784_000_005n);
  });

  it('builds and normalizes intervals', () => {
    const i = CimDateTime.interval({ seconds: 90, milliseconds: 1500, microseconds: 7 });
    expect(i.toString()).toBe('00000000000131.500007:000');
    expect(CimDateTime.interval({}).toXsd()).toBe('PT0S');
    expect(CimDateTime.interval({ days: 99_999_999 }).toString()).toBe('99999999000000.000000:000');
    expect(() => CimDateTime.interval({ days: 100_000_000 })).toThrow(CimValueError);
    expect(() => CimDateTime.interval({ hours: -1 })).toThrow(CimValueError);
    expect(() => CimDateTime.interval({ hours: 1.5 })).toThrow(CimValueError);
  });

  it('converts to and from xs:dateTime', () => {
    const t = CimDateTime.fromXsd('2024-05-01T12:00:00.123456+02:00');
    expect(t.toString()).toBe('20240501120000.123456+120');
    expect(t.toXsd()).toBe('2024-05-01T12:00:00.123456+02:00');
    expect(CimDateTime.fromXsd('2024-05-01T12:00:00Z').toString()).toBe('20240501120000.000000+000');
    expect(CimDateTime.fromXsd('2024-05-01T12:00:00').toXsd()).toBe('2024-05-01T12:00:00Z');
    expect(CimDateTime.fromXsd('2024-05-01T12:00:00.5-05:30').toString()).toBe('20240501120000.500000-330');
    expect(CimDateTime.fromXsd('2024-05-01T12:00:00.123456000Z').microsecond).toBe(123456);
    expect(CimDateTime.fromXsd('2024-05-01T12:00:00.9999999Z').toString()).toBe('20240501120000.999999+000');
    expect(CimDateTime.fromXsd('PT1.0000019S').toString()).toBe('00000000000001.000001:000');
    expect(() => CimDateTime.fromXsd('P1M')).toThrow(/months/);
    expect(() => CimDateTime.fromXsd('-P1D')).toThrow(/negative/);
    expect(() => CimDateTime.fromXsd('PT')).toThrow(CimValueError);
    expect(() => CimDateTime.fromXsd('yesterday')).toThrow(/"yesterday"/);
  });

  it('converts to and from Date', () => {
    const d = new Date('2024-05-01T10:00:00.123Z');
    const t = CimDateTime.fromDate(d, 120);
    expect(t.toString()).toBe('20240501120000.123000+120');
    expect(t.toDate().toISOString()).toBe('2024-05-01T10:00:00.123Z');
    expect(CimDateTime.fromDate(d).toString()).toBe('20240501100000.123000+000');
    expect(CimDateTime.parse('20240501120000.123999+120').toDate().getTime()).toBe(d.getTime());
    expect(CimDateTime.parse('00500101000000.000000+000').toDate().getUTCFullYear()).toBe(50);
    expect(() => CimDateTime.parse('00000001000000.000000:000').toDate()).toThrow(/interval/);
    expect(() => CimDateTime.fromDate(new Date('nope'))).toThrow(CimValueError);
  });

  it('keeps reduced precision written with trailing asterisks', () => {
    const t = CimDateTime.parse('20240501120000.123***+000');
    expect(t.precision).toBe(3);
    expect(t.microsecond).toBe(123000);
    expect(t.toString()).toBe('20240501120000.123***+000');
  });

  it('compares by representation; totalMicroseconds compares instants', () => {
    const a = CimDateTime.parse('20240501120000.000000+120');
    const b = CimDateTime.parse('20240501100000.000000+000');
    expect(a.equals(b)).toBe(false);
    expect(a.totalMicroseconds).toBe(b.totalMicroseconds);
    expect(a.equals(CimDateTime.parse('20240501120000.000000+120'))).toBe(true);
    expect(CimDateTime.parse('20240501120000.000000-000').equals(CimDateTime.parse('20240501120000.000000+000'))).toBe(false);
  });

  it('rejects invalid text with a CimValueError naming it', () => {
    const bad = [
      '2024050112000.123456+120',
      '20241301120000.000000+000',
      '20240230120000.000000+000',
      '20230229120000.000000+000',
      '20240501240000.000000+000',
      '20240501126000.000000+000',
      '20240501120060.000000+000',
      '20240501120000,000000+000',
      '20240501120000.000000*000',
      '20240501120000.000000+0x0',
      '2024****120000.000000+000',
      '20240501120000.*12345+000',
      '20240501120000.000000+***',
      '00000001020304.000005:001',
      'abcdefghijklmnopqrstuvwxy',
    ];
    for (const text of bad) {
      expect(() => CimDateTime.parse(text), text).toThrow(CimValueError);
      expect(() => CimDateTime.parse(text), text).toThrow(JSON.stringify(text));
    }
  });

  it('is immutable', () => {
    const t = CimDateTime.parse('20240501120000.000000+000');
    expect(Object.isFrozen(t)).toBe(true);
    expect(JSON.stringify({ t })).toBe('{"t":"20240501120000.000000+000"}');
  });
});

describe('the all-zero datetime (WMI "never")', () => {
  it('reads as a value, keeps its text, and refuses to be an instant', () => {
    const never = CimDateTime.parse('00000000000000.000000+000');
    expect(never.isZero).toBe(true);
    expect(never.isInterval).toBe(false);
    expect(never.toString()).toBe('00000000000000.000000+000');
    expect(never.toXsd()).toBe('00000000000000.000000+000');
    expect(never.equals(CimDateTime.parse('00000000000000.000000+000'))).toBe(true);
    expect(() => never.toDate()).toThrow(/all-zero value/);
    expect(() => never.totalMicroseconds).toThrow(/all-zero value/);
    expect(CimDateTime.parse('20240101000000.000000+000').isZero).toBe(false);
    // Only the whole zero value is special: a zero month alone is still invalid.
    expect(() => CimDateTime.parse('20240001000000.000000+000')).toThrow(/month 0 out of range/);
    expect(() => CimDateTime.parse('00000000000001.000000+000')).toThrow(/month 0 out of range/);
  });
});

/**
 * CIM `datetime` (DSP0004): either a timestamp `yyyymmddHHMMSS.mmmmmmsUUU`
 * or an interval `ddddddddHHMMSS.mmmmmm:000`. JavaScript `Date` loses both
 * the microseconds and the UTC offset, so the runtime carries this value
 * type instead; it converts to `Date` and to XML Schema text on demand.
 */
import { CimValueError } from './errors.js';

const MICROS_PER_SECOND = 1_000_000n;
const MICROS_PER_MINUTE = 60n * MICROS_PER_SECOND;
const MICROS_PER_HOUR = 60n * MICROS_PER_MINUTE;
const MICROS_PER_DAY = 24n * MICROS_PER_HOUR;
const MAX_INTERVAL_DAYS = 99_999_999;

export interface CimIntervalParts {
  readonly days?: number;
  readonly hours?: number;
  readonly minutes?: number;
  readonly seconds?: number;
  readonly milliseconds?: number;
  readonly microseconds?: number;
}

export interface CimTimestampParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour?: number;
  readonly minute?: number;
  readonly second?: number;
  readonly microsecond?: number;
  /** Minutes east of UTC, -999..999. */
  readonly utcOffset?: number;
}

interface Fields {
  interval: boolean;
  year: number;
  month: number;
  day: number;
  days: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
  /** Significant microsecond digits, 0..6; fewer than 6 means trailing `*` in DMTF text. */
  precision: number;
  utcOffset: number;
  /** DMTF text `-000` differs from `+000`; kept so `toString` round-trips exactly. */
  negativeZeroOffset: boolean;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function fail(text: string, why: string): never {
  throw new CimValueError(`invalid CIM datetime ${JSON.stringify(text)}: ${why}`);
}

function isNonNegativeInteger(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

export class CimDateTime {
  readonly #f: Fields;

  private constructor(fields: Fields) {
    this.#f = fields;
    Object.freeze(this);
  }

  // ---- construction -------------------------------------------------------

  /** Parses DMTF text (timestamp or interval). Trailing `*` in the microseconds field mark reduced precision; other wildcards are rejected. */
  static parse(dmtf: string): CimDateTime {
    if (typeof dmtf !== 'string') fail(String(dmtf), 'not a string');
    if (dmtf.length !== 25) fail(dmtf, 'expected 25 characters');
    if (dmtf[14] !== '.') fail(dmtf, "expected '.' at position 15");
    const micro = dmtf.slice(15, 21);
    const m = /^(\d*)(\**)$/.exec(micro);
    if (!m) fail(dmtf, 'microseconds must be digits, optionally followed by trailing asterisks');
    const precision = m[1]!.length;
    const microsecond = precision === 0 ? 0 : Number(m[1]!.padEnd(6, '0'));
    const head = dmtf.slice(0, 14);
    if (head.includes('*') || dmtf.slice(22).includes('*')) {
      fail(dmtf, 'wildcard fields other than trailing microsecond digits are not supported');
    }
    if (!/^\d{14}$/.test(head)) fail(dmtf, 'date and time fields must be digits');
    const sign = dmtf[21];
    const tail = dmtf.slice(22);
    if (!/^\d{3}$/.test(tail)) fail(dmtf, 'UTC offset field must be three digits');
    const hour = Number(head.slice(8, 10));
    const minute = Number(head.slice(10, 12));
    const second = Number(head.slice(12, 14));
    if (sign === ':') {
      if (tail !== '000') fail(dmtf, "an interval must end with ':000'");
      return CimDateTime.#checked(dmtf, {
        interval: true,
        year: 0,
        month: 0,
        day: 0,
        days: Number(head.slice(0, 8)),
        hour,
        minute,
        second,
        microsecond,
        precision,
        utcOffset: 0,
        negativeZeroOffset: false,
      });
    }
    if (sign !== '+' && sign !== '-') fail(dmtf, "expected '+', '-' or ':' at position 22");
    const offset = Number(tail);
    return CimDateTime.#checked(dmtf, {
      interval: false,
      year: Number(head.slice(0, 4)),
      month: Number(head.slice(4, 6)),
      day: Number(head.slice(6, 8)),
      days: 0,
      hour,
      minute,
      second,
      microsecond,
      precision,
      utcOffset: sign === '-' ? -offset : offset,
      negativeZeroOffset: sign === '-' && offset === 0,
    });
  }

  static #checked(text: string, f: Fields): CimDateTime {
    // WMI writes the all-zero timestamp for "never" (e.g. a VM never started): a value, though no instant.
    if (!f.interval && f.year === 0 && f.month === 0 && f.day === 0 && f.hour === 0 && f.minute === 0 && f.second === 0 && f.microsecond === 0 && f.utcOffset === 0) {
      return new CimDateTime(f);
    }
    if (f.hour > 23) fail(text, `hour ${f.hour} out of range 0..23`);
    if (f.minute > 59) fail(text, `minute ${f.minute} out of range 0..59`);
    if (f.second > 59) fail(text, `second ${f.second} out of range 0..59`);
    if (!f.interval) {
      if (f.month < 1 || f.month > 12) fail(text, `month ${f.month} out of range 1..12`);
      const dim = daysInMonth(f.year, f.month);
      if (f.day < 1 || f.day > dim) fail(text, `day ${f.day} out of range 1..${dim}`);
      if (f.utcOffset < -999 || f.utcOffset > 999) fail(text, `UTC offset ${f.utcOffset} out of range -999..999`);
      if (f.year > 9999 || f.year < 0) fail(text, `year ${f.year} out of range 0..9999`);
    } else if (f.days > MAX_INTERVAL_DAYS) {
      fail(text, `interval days ${f.days} out of range 0..${MAX_INTERVAL_DAYS}`);
    }
    return new CimDateTime(f);
  }

  /** A timestamp from its parts; `utcOffset` (minutes east of UTC) defaults to 0. */
  static timestamp(parts: CimTimestampParts): CimDateTime {
    const values = [parts.year, parts.month, parts.day, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0, parts.microsecond ?? 0];
    const label = JSON.stringify(parts);
    if (!values.every(isNonNegativeInteger)) fail(label, 'parts must be non-negative integers');
    const offset = parts.utcOffset ?? 0;
    if (!Number.isSafeInteger(offset)) fail(label, 'utcOffset must be an integer');
    if ((parts.microsecond ?? 0) > 999_999) fail(label, 'microsecond out of range 0..999999');
    return CimDateTime.#checked(label, {
      interval: false,
      year: parts.year,
      month: parts.month,
      day: parts.day,
      days: 0,
      hour: parts.hour ?? 0,
      minute: parts.minute ?? 0,
      second: parts.second ?? 0,
      microsecond: parts.microsecond ?? 0,
      precision: 6,
      utcOffset: offset,
      negativeZeroOffset: false,
    });
  }

  /** An interval; parts may overflow (90 seconds = 1 minute 30 seconds) and are normalized. */
  static interval(parts: CimIntervalParts): CimDateTime {
    const label = JSON.stringify(parts);
    const all = [parts.days, parts.hours, parts.minutes, parts.seconds, parts.milliseconds, parts.microseconds];
    if (!all.every((v) => v === undefined || isNonNegativeInteger(v))) fail(label, 'interval parts must be non-negative integers');
    const total =
      BigInt(parts.days ?? 0) * MICROS_PER_DAY +
      BigInt(parts.hours ?? 0) * MICROS_PER_HOUR +
      BigInt(parts.minutes ?? 0) * MICROS_PER_MINUTE +
      BigInt(parts.seconds ?? 0) * MICROS_PER_SECOND +
      BigInt(parts.milliseconds ?? 0) * 1000n +
      BigInt(parts.microseconds ?? 0);
    return CimDateTime.#fromTotalMicros(label, total);
  }

  static #fromTotalMicros(label: string, total: bigint, precision = 6): CimDateTime {
    const days = total / MICROS_PER_DAY;
    if (days > BigInt(MAX_INTERVAL_DAYS)) fail(label, `interval longer than ${MAX_INTERVAL_DAYS} days`);
    let rest = total % MICROS_PER_DAY;
    const hour = rest / MICROS_PER_HOUR;
    rest %= MICROS_PER_HOUR;
    const minute = rest / MICROS_PER_MINUTE;
    rest %= MICROS_PER_MINUTE;
    return new CimDateTime({
      interval: true,
      year: 0,
      month: 0,
      day: 0,
      days: Number(days),
      hour: Number(hour),
      minute: Number(minute),
      second: Number(rest / MICROS_PER_SECOND),
      microsecond: Number(rest % MICROS_PER_SECOND),
      precision,
      utcOffset: 0,
      negativeZeroOffset: false,
    });
  }

  /** The instant of `date`, expressed at `utcOffsetMinutes` east of UTC (default 0). */
  static fromDate(date: Date, utcOffsetMinutes = 0): CimDateTime {
    if (!(date instanceof Date) || Number.isNaN(date.getTime())) fail(String(date), 'not a valid Date');
    if (!Number.isSafeInteger(utcOffsetMinutes) || Math.abs(utcOffsetMinutes) > 999) {
      fail(String(date), `UTC offset ${utcOffsetMinutes} out of range -999..999`);
    }
    const shifted = new Date(date.getTime() + utcOffsetMinutes * 60_000);
    return CimDateTime.timestamp({
      year: shifted.getUTCFullYear(),
      month: shifted.getUTCMonth() + 1,
      day: shifted.getUTCDate(),
      hour: shifted.getUTCHours(),
      minute: shifted.getUTCMinutes(),
      second: shifted.getUTCSeconds(),
      microsecond: shifted.getUTCMilliseconds() * 1000,
      utcOffset: utcOffsetMinutes,
    });
  }

  /** Parses an `xs:dateTime` (timestamp) or `xs:duration` (interval), as WS-Management carries them. A dateTime without zone is taken as UTC; digits below the microsecond are truncated. */
  static fromXsd(text: string): CimDateTime {
    if (typeof text !== 'string') fail(String(text), 'not a string');
    const t = text.trim();
    if (t.startsWith('P') || t.startsWith('-P')) return CimDateTime.#fromDuration(text, t);
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/.exec(t);
    if (!m) fail(text, 'not an xs:dateTime or xs:duration');
    const [, y, mo, d, h, mi, s, frac, zone] = m;
    const { micro, precision } = CimDateTime.#fraction(frac);
    let offset = 0;
    if (zone && zone !== 'Z') {
      offset = (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * (zone[0] === '-' ? -1 : 1);
    }
    return CimDateTime.#checked(text, {
      interval: false,
      year: Number(y),
      month: Number(mo),
      day: Number(d),
      days: 0,
      hour: Number(h),
      minute: Number(mi),
      second: Number(s),
      microsecond: micro,
      precision,
      utcOffset: offset,
      negativeZeroOffset: false,
    });
  }

  static #fraction(frac: string | undefined): { micro: number; precision: number } {
    if (frac === undefined) return { micro: 0, precision: 6 };
    // CIM stops at microseconds; finer digits (.NET writes 100 ns ticks) are truncated, not rounded,
    // so a value never moves into the next second.
    return { micro: Number(frac.slice(0, 6).padEnd(6, '0')), precision: 6 };
  }

  static #fromDuration(text: string, t: string): CimDateTime {
    const m = /^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:\.(\d+))?S)?)?$/.exec(t);
    if (!m || t.endsWith('P') || t.endsWith('T')) fail(text, 'not an xs:duration');
    const [, neg, years, months, days, hours, minutes, seconds, frac] = m;
    if (neg) fail(text, 'a CIM interval cannot be negative');
    if (Number(years ?? 0) !== 0 || Number(months ?? 0) !== 0) fail(text, 'years and months have no fixed length in a CIM interval');
    const { micro } = CimDateTime.#fraction(frac);
    const total =
      BigInt(days ?? 0) * MICROS_PER_DAY +
      BigInt(hours ?? 0) * MICROS_PER_HOUR +
      BigInt(minutes ?? 0) * MICROS_PER_MINUTE +
      BigInt(seconds ?? 0) * MICROS_PER_SECOND +
      BigInt(micro);
    return CimDateTime.#fromTotalMicros(text, total);
  }

  // ---- accessors ----------------------------------------------------------

  get isInterval(): boolean {
    return this.#f.interval;
  }
  /** The all-zero timestamp `00000000000000.000000+000`, WMI's "never": it has DMTF text but no instant (`toDate` throws, `toXsd` gives the DMTF text). */
  get isZero(): boolean {
    const f = this.#f;
    return !f.interval && f.year === 0 && f.month === 0 && f.day === 0;
  }
  /** Timestamp year (0 for intervals). */
  get year(): number {
    return this.#f.year;
  }
  /** Timestamp month 1..12 (0 for intervals). */
  get month(): number {
    return this.#f.month;
  }
  /** Timestamp day of month 1..31 (0 for intervals). */
  get day(): number {
    return this.#f.day;
  }
  /** Interval days (0 for timestamps). */
  get days(): number {
    return this.#f.days;
  }
  get hour(): number {
    return this.#f.hour;
  }
  get minute(): number {
    return this.#f.minute;
  }
  get second(): number {
    return this.#f.second;
  }
  get microsecond(): number {
    return this.#f.microsecond;
  }
  /** Significant microsecond digits (6 unless the DMTF text had trailing `*`). */
  get precision(): number {
    return this.#f.precision;
  }
  /** Minutes east of UTC (0 for intervals). */
  get utcOffset(): number {
    return this.#f.utcOffset;
  }

  /** Intervals: the whole length in microseconds. Timestamps: microseconds since 1970-01-01T00:00:00Z. */
  get totalMicroseconds(): bigint {
    const f = this.#f;
    if (this.isZero) throw new CimValueError(`CIM datetime ${this.toString()} is the all-zero value ("never"), not a point in time`);
    const timeOfDay =
      BigInt(f.hour) * MICROS_PER_HOUR + BigInt(f.minute) * MICROS_PER_MINUTE + BigInt(f.second) * MICROS_PER_SECOND + BigInt(f.microsecond);
    if (f.interval) return BigInt(f.days) * MICROS_PER_DAY + timeOfDay;
    const epochDay = Math.floor(utcMillis(f.year, f.month, f.day) / 86_400_000);
    return BigInt(epochDay) * MICROS_PER_DAY + timeOfDay - BigInt(f.utcOffset) * MICROS_PER_MINUTE;
  }

  // ---- conversion ---------------------------------------------------------

  /** DMTF text; `CimDateTime.parse(x).toString() === x` for every valid `x`. */
  toString(): string {
    const f = this.#f;
    const micro = pad(f.microsecond, 6).slice(0, f.precision).padEnd(6, '*');
    const time = `${pad(f.hour, 2)}${pad(f.minute, 2)}${pad(f.second, 2)}.${micro}`;
    if (f.interval) return `${pad(f.days, 8)}${time}:000`;
    const sign = f.utcOffset < 0 || f.negativeZeroOffset ? '-' : '+';
    return `${pad(f.year, 4)}${pad(f.month, 2)}${pad(f.day, 2)}${time}${sign}${pad(Math.abs(f.utcOffset), 3)}`;
  }

  /** `xs:dateTime` for timestamps (`Z` for offset 0), `xs:duration` for intervals. */
  toXsd(): string {
    const f = this.#f;
    // xs:dateTime has no month 0; the DMTF text is what WS-Management carries for it (readers accept both forms).
    if (this.isZero) return this.toString();
    const frac = f.microsecond === 0 ? '' : `.${pad(f.microsecond, 6).replace(/0+$/, '')}`;
    if (f.interval) {
      let out = 'P';
      if (f.days) out += `${f.days}D`;
      let time = '';
      if (f.hour) time += `${f.hour}H`;
      if (f.minute) time += `${f.minute}M`;
      if (f.second || frac) time += `${f.second}${frac}S`;
      if (time) out += `T${time}`;
      return out === 'P' ? 'PT0S' : out;
    }
    const abs = Math.abs(f.utcOffset);
    const zone = f.utcOffset === 0 ? 'Z' : `${f.utcOffset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
    return `${pad(f.year, 4)}-${pad(f.month, 2)}-${pad(f.day, 2)}T${pad(f.hour, 2)}:${pad(f.minute, 2)}:${pad(f.second, 2)}${frac}${zone}`;
  }

  /** The instant (timestamps only); microseconds below the millisecond are dropped. */
  toDate(): Date {
    if (this.#f.interval) throw new CimValueError(`CIM datetime ${this.toString()} is an interval, not a point in time`);
    if (this.isZero) throw new CimValueError(`CIM datetime ${this.toString()} is the all-zero value ("never"), not a point in time`);
    return new Date(Number(this.totalMicroseconds / 1000n));
  }

  /** Same kind and same fields, UTC offset and precision included (two spellings of one instant are not equal; compare `totalMicroseconds` for that). */
  equals(other: unknown): boolean {
    return other instanceof CimDateTime && other.toString() === this.toString();
  }

  toJSON(): string {
    return this.toString();
  }
}

function utcMillis(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

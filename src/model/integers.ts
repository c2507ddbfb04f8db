/**
 * The CIM numeric types as the compiler checks literals against them: the
 * integer types' bounds, the JSON form of an exact integer, and what a real
 * type holds. The integer type names come from the runtime (`CimIntegerType`,
 * their one home); the runtime keeps its own bounds
 * table for marshaling because it cannot import the compiler, and
 * test/model/cim-facts.test.ts pins the two tables equal.
 */
import type { CimIntegerType } from '@mofc/runtime';

/** Inclusive bounds of the CIM integer types (DSP0004 2.x, 5.2: `uintN` is 0..2^N-1, `sintN` is -2^(N-1)..2^(N-1)-1). */
export const INTEGER_RANGES: Readonly<Record<CimIntegerType, readonly [bigint, bigint]>> = {
  uint8: [0n, 255n],
  sint8: [-128n, 127n],
  uint16: [0n, 65535n],
  sint16: [-32768n, 32767n],
  uint32: [0n, 4294967295n],
  sint32: [-2147483648n, 2147483647n],
  uint64: [0n, 18446744073709551615n],
  sint64: [-9223372036854775808n, 9223372036854775807n],
};

/*
 * The table by type in a Map as well: type names come from the source, and a
 * Map finds such a string by its hash where indexing an object first looks
 * the string up in V8's table of property names (once per use, per value).
 */
const RANGES_BY_TYPE: ReadonlyMap<string, readonly [bigint, bigint]> = new Map(Object.entries(INTEGER_RANGES));

export function isIntegerType(type: string): type is CimIntegerType {
  return RANGES_BY_TYPE.has(type);
}

/** `INTEGER_RANGES[type]`, for a type name read from the source. */
export function integerRange(type: CimIntegerType): readonly [bigint, bigint] {
  return RANGES_BY_TYPE.get(type)!;
}

/** JSON form of an exact integer: a number when it is safe, else its decimal text (model values hold no bigint). */
export function integerToJson(value: bigint): number | string {
  const narrow = narrowInteger(value);
  return typeof narrow === 'number' ? narrow : narrow.toString();
}

/** The value as a number when it is safe, else as the bigint: one form per value, so sets and maps find it however it was written. */
export function narrowInteger(value: bigint): number | bigint {
  return value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) : value;
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** The largest finite real32 (IEEE 754 binary32). */
const REAL32_MAX = 3.4028234663852886e38;

/**
 * Whether a real literal's value fits its type: finite (a literal such as `1.8e308` reads as
 * Infinity, which no real type holds), and for real32 no larger than its largest finite value.
 * A value too small for the type is not an error: IEEE 754 rounds it towards zero.
 */
export function realFits(value: number, type: 'real32' | 'real64'): boolean {
  return Number.isFinite(value) && (type === 'real64' || Math.abs(value) <= REAL32_MAX);
}

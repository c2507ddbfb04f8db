/**
 * The compiler (a datetime default in MOF, MOF3052) and the runtime (`CimDateTime.parse`, what a
 * generated SDK does with a value) check datetime text on their own; they must draw the line at
 * the same place, or a default the compiler accepted fails in the SDK, or the other way round.
 * Two differences are by design and pinned here: the compiler leaves fields written with
 * asterisks unchecked (DSP0004's unknown fields), which the runtime accepts only as trailing
 * microsecond digits; and the runtime reads WMI's all-zero timestamp ("never"), which DSP0004's
 * ranges refuse.
 */
import { describe, expect, it } from 'vitest';
import { CimDateTime } from '../../src/runtime/src/datetime.js';
import { seededRandom } from '../helpers/random.js';
import { compileText } from './helpers.js';

/** The indices of `values` the compiler refuses as datetime defaults (MOF3052). */
function refusedByCompiler(values: readonly string[]): number[] {
  const mof = `class A {\n  [Key] string K;\n${values.map((v, i) => `  datetime D${i} = "${v}";\n`).join('')}};\n`;
  const problems = compileText(mof).problems;
  expect(problems.filter((d) => d.code !== 'MOF3052')).toEqual([]);
  return problems.map((d) => Number(/'A\.D(\d+)'/.exec(d.message)![1])).sort((a, b) => a - b);
}

function refusedByRuntime(values: readonly string[]): number[] {
  return values.flatMap((value, i) => {
    try {
      CimDateTime.parse(value);
      return [];
    } catch {
      return [i];
    }
  });
}

/** Datetime text with every field near and beyond its bounds (digits only). */
function randomDatetimes(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const digits = (value: number, width: number): string => String(value).padStart(width, '0');
  const upTo = (max: number): number => Math.floor(random() * (max + 1));
  return Array.from({ length: count }, () => {
    const time = digits(pick([0, 12, 23, 24, 99, upTo(30)]), 2) + digits(pick([0, 59, 60, 99, upTo(61)]), 2) + digits(pick([0, 59, 60, upTo(61)]), 2);
    const micro = digits(upTo(999_999), 6);
    if (random() < 0.3) return `${digits(pick([0, 1, 99_999_999, upTo(99_999_999)]), 8)}${time}.${micro}:000`;
    const year = pick([0, 1900, 2000, 2023, 2024, 2100, 2400, 9999, upTo(9999)]);
    const month = pick([0, 1, 2, 4, 12, 13, upTo(13)]);
    const day = pick([0, 1, 28, 29, 30, 31, 32, upTo(32)]);
    return `${digits(year, 4)}${digits(month, 2)}${digits(day, 2)}${time}.${micro}${pick(['+', '-'])}${digits(upTo(999), 3)}`;
  });
}

describe('datetime text: compiler and runtime agree', () => {
  it('accept and refuse the same random values, fields at and beyond their bounds (leap years included)', () => {
    const values = randomDatetimes(600, 20261201);
    const refused = refusedByRuntime(values);
    // The sample must exercise both sides of the line.
    expect(refused.length).toBeGreaterThan(100);
    expect(refused.length).toBeLessThan(values.length - 100);
    expect(refusedByCompiler(values)).toEqual(refused);
  });

  it('differ where designed: unknown (*) fields, and WMI\'s all-zero "never"', () => {
    const values = ['2024013100000*.******+000', '20240131000000.123***+000', '00000000000000.000000+000'];
    expect(refusedByCompiler(values)).toEqual([2]);
    expect(refusedByRuntime(values)).toEqual([0]);
  });
});

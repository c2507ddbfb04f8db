/**
 * MOF3304 (a ValueMap range crossing an earlier one) found in O(n log n):
 * the same diagnostics as comparing every pair, on random ValueMaps (small
 * ones, checked pair by pair, and large ones, checked by the sweeps), and a
 * 40,000-range ValueMap (26 s by pairs) is checked at all.
 */
import { describe, expect, it } from 'vitest';
import { deriveEnum } from '../../../src/model/enums.js';
import type { ResolvedQualifier } from '../../../src/model/qualifiers.js';
import { resolved, span } from '../qualifiers/helpers.js';

function valueMap(entries: readonly string[]): ResolvedQualifier {
  return resolved('ValueMap', entries, {}, entries.map(() => span()));
}

/** The rule by its definition: each explicit range crossing an earlier one, with the first such. */
function crossingsByPairs(entries: readonly string[], max: bigint): string[] {
  const seen: { from: bigint; to: bigint; text: string }[] = [];
  const messages: string[] = [];
  for (const text of entries) {
    const match = /^(\d*)\.\.(\d*)$/.exec(text);
    if (!match) continue;
    const from = match[1] === '' ? null : BigInt(match[1]!);
    const to = match[2] === '' ? null : BigInt(match[2]!);
    if (from === null && to === null) continue;
    if (from !== null && to !== null && from > to) continue;
    const [a, b] = [from ?? 0n, to ?? max];
    // The entries are distinct texts, hence no duplicate ranges (MOF3303) to skip.
    const other = seen.find((r) => r.from <= b && a <= r.to && !((r.from <= a && b <= r.to) || (a <= r.from && r.to <= b)));
    if (other) messages.push(`ValueMap range '${text}' overlaps '${other.text}'`);
    seen.push({ from: a, to: b, text });
  }
  return messages;
}

describe('ValueMap range crossings', () => {
  it('match comparing every pair, on 300 random ValueMaps of up to 30 entries and 100 of up to 200', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    for (let round = 0; round < 400; round++) {
      const entries = new Set<string>();
      const count = round < 300 ? 1 + random(30) : 40 + random(160);
      while (entries.size < count) {
        const from = random(60);
        const kind = random(10);
        // Mostly closed ranges, some open ones, some single values and `..`.
        if (kind < 6) entries.add(`${from}..${from + random(25)}`);
        else if (kind === 6) entries.add(`${from}..`);
        else if (kind === 7) entries.add(`..${from}`);
        else if (kind === 8) entries.add(String(from));
        else entries.add('..');
      }
      const list = [...entries];
      const messages = deriveEnum(valueMap(list), undefined, 'uint8', span(), 'dmtf')
        .diagnostics.filter((d) => d.code === 'MOF3304')
        .map((d) => d.message);
      expect(messages, list.join(' ')).toEqual(crossingsByPairs(list, 255n));
    }
  });

  it('checks 40,000 ranges: disjoint ones cross nothing, a chain of crossing ones is reported at each', () => {
    const disjoint = Array.from({ length: 40_000 }, (_, i) => `${3 * i}..${3 * i + 1}`);
    expect(deriveEnum(valueMap(disjoint), undefined, 'uint32', span(), 'dmtf').diagnostics).toEqual([]);
    const crossing = Array.from({ length: 40_000 }, (_, i) => `${i}..${i + 2}`);
    const messages = deriveEnum(valueMap(crossing), undefined, 'uint32', span(), 'dmtf').diagnostics.map((d) => d.message);
    expect(messages).toHaveLength(39_999);
    expect(messages[0]).toBe("ValueMap range '1..3' overlaps '0..2'");
    expect(messages[39_998]).toBe("ValueMap range '39999..40001' overlaps '39997..39999'");
  });
});

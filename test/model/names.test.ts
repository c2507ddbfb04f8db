/** sameName (src/model/names.ts): case-insensitive name equality, exactly as comparing `toLowerCase()` would answer. */
import { describe, expect, it } from 'vitest';
import { sameName } from '../../src/model/names.js';

const byLowerCase = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

describe('sameName', () => {
  it('folds ASCII case and tells different names apart', () => {
    expect(sameName('ValueMap', 'valuemap')).toBe(true);
    expect(sameName('VALUEMAP', 'ValueMap')).toBe(true);
    expect(sameName('Values', 'ValueMap')).toBe(false);
    expect(sameName('In', 'Indication')).toBe(false);
    expect(sameName('key', 'key_')).toBe(false);
    expect(sameName('', '')).toBe(true);
    expect(sameName('@', '`')).toBe(false); // next to 'A' and 'a' in the code table, but not letters
  });

  it('answers as toLowerCase where Unicode case mappings change length or depend on context', () => {
    // U+0130 lower-cases to "i" + U+0307 (two code units); the Kelvin sign to "k"; final sigma depends on what follows.
    const pairs: [string, string][] = [
      ['\u0130', 'i\u0307'],
      ['\u0130D', 'i\u0307d'],
      ['\u212Aey', 'key'],
      ['KEY', '\u212Aey'],
      ['\u03a3A', '\u03c3a'],
      ['A\u03a3', 'a\u03c2'],
      ['A\u03a3', 'a\u03c3'],
      ['stra\u00dfe', 'STRASSE'],
    ];
    for (const [a, b] of pairs) {
      expect(sameName(a, b), `${a} ${b}`).toBe(byLowerCase(a, b));
      expect(sameName(b, a), `${b} ${a}`).toBe(byLowerCase(b, a));
    }
  });

  it('agrees with toLowerCase on 50,000 random pairs over letters whose cases are tricky', () => {
    const alphabet = ['a', 'A', 'i', 'I', 'k', 'K', 's', 'S', '_', '1', '@', '`', '\u0130', '\u0307', '\u212A', '\u03a3', '\u03c3', '\u03c2', '\u00df', '\u00c9', '\u00e9'];
    let seed = 99;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const word = () => Array.from({ length: random(6) }, () => alphabet[random(alphabet.length)]).join('');
    let equal = 0;
    for (let k = 0; k < 50_000; k++) {
      const a = word();
      // Half the pairs are case variants of one word, so that many are equal.
      const b = random(2) === 0 ? word() : [...a].map((c) => (random(2) === 0 ? c.toUpperCase() : c.toLowerCase())).join('');
      const expected = byLowerCase(a, b);
      if (expected) equal++;
      if (sameName(a, b) !== expected) expect(sameName(a, b), JSON.stringify([a, b])).toBe(expected);
    }
    expect(equal).toBeGreaterThan(10_000);
  });
});

/** MemberTable: the persistent member table classes share with their superclass (src/model/members.ts). */
import { describe, expect, it } from 'vitest';
import { hashKey, MemberTable } from '../../src/model/members.js';

function names(table: MemberTable<string>): string[] {
  return table.slots().map((slot) => slot.member);
}

describe('MemberTable', () => {
  it('appends new names in order and replaces a known name in place', () => {
    const base = MemberTable.empty<string>().with('a', 'A', 'base').with('b', 'B', 'base');
    const derived = base.with('c', 'C', 'derived').with('a', 'A2', 'derived');
    expect(names(base)).toEqual(['A', 'B']);
    expect(names(derived)).toEqual(['A2', 'B', 'C']);
    expect(derived.size).toBe(3);
    expect(derived.get('a')).toEqual({ index: 0, member: 'A2', writer: 'derived' });
    expect(derived.get('b')).toEqual({ index: 1, member: 'B', writer: 'base' });
    expect(derived.has('c')).toBe(true);
    expect(derived.get('d')).toBeUndefined();
    // The superclass's table is untouched: tables are persistent.
    expect(base.get('a')?.member).toBe('A');
    expect(base.has('c')).toBe(false);
  });

  it('keeps keys whose 32-bit hashes collide apart', () => {
    expect(hashKey('p1uzx')).toBe(hashKey('pc2ad'));
    const table = MemberTable.empty<string>().with('p1uzx', 'first', 'x').with('pc2ad', 'second', 'x').with('other', 'third', 'x');
    expect(table.get('p1uzx')?.member).toBe('first');
    expect(table.get('pc2ad')?.member).toBe('second');
    const replaced = table.with('pc2ad', 'second again', 'y');
    expect(names(replaced)).toEqual(['first', 'second again', 'third']);
    expect(replaced.size).toBe(3);
  });

  it('agrees with a Map and an array through thousands of writes on branching versions', () => {
    // A deterministic pseudo-random walk: each version extends an earlier one, as subclasses do.
    let seed = 12345;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const versions: { table: MemberTable<string>; model: Map<string, string> }[] = [{ table: MemberTable.empty(), model: new Map() }];
    for (let step = 0; step < 3000; step++) {
      const from = versions[random(versions.length)]!;
      const key = `m${random(2000)}`;
      const value = `v${step}`;
      const model = new Map(from.model);
      model.set(key, value); // a Map keeps first-insertion order, as the table keeps positions
      versions.push({ table: from.table.with(key, value, `c${step}`), model });
    }
    for (const { table, model } of versions.filter((_, i) => i % 97 === 0)) {
      expect(table.size).toBe(model.size);
      expect(names(table)).toEqual([...model.values()]);
      for (const [key, value] of model) expect(table.get(key)?.member).toBe(value);
    }
  });

  it('an edit writes several members in place of copies and leaves the table it started from as it was', () => {
    let seed = 777;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const versions: { table: MemberTable<string>; model: Map<string, string>; writers: Map<string, string> }[] = [
      { table: MemberTable.empty(), model: new Map(), writers: new Map() },
    ];
    for (let step = 0; step < 400; step++) {
      const from = versions[random(versions.length)]!;
      const writer = `c${step}`;
      const edit = from.table.edit(writer);
      const model = new Map(from.model);
      const writers = new Map(from.writers);
      // Up to 80 writes (more than one branch's 32 children), colliding keys among them.
      for (let w = random(80); w >= 0; w--) {
        const key = random(20) === 0 ? (random(2) === 0 ? 'p1uzx' : 'pc2ad') : `m${random(3000)}`;
        const value = `v${step}.${w}`;
        edit.set(key, value);
        model.set(key, value);
        writers.set(key, writer);
        // The edit reads its own writes.
        expect(edit.get(key)).toMatchObject({ member: value, writer });
      }
      versions.push({ table: edit.table(), model, writers });
    }
    // Checked at the end: every edit made after a version must have left it alone.
    for (const { table, model, writers } of versions) {
      expect(table.size).toBe(model.size);
      expect(names(table)).toEqual([...model.values()]);
      for (const [key, value] of model) expect(table.get(key)).toMatchObject({ member: value, writer: writers.get(key) });
    }
  });
});

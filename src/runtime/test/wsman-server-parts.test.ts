/** The server's pure parts: enumeration contexts (bound, expiry, release) and WQL association queries. */
import { describe, expect, it } from 'vitest';
import { CimReference, type CimInstance } from '../src/index.js';
import { EnumerationStore } from '../src/wsman/server/enumerations.js';
import { parseFilterQuery } from '../src/wsman/server/query.js';

function iterator(onReturn: () => void): AsyncIterator<CimInstance> {
  return {
    next: async () => ({ done: true, value: undefined }),
    return: async () => {
      onReturn();
      return { done: true, value: undefined };
    },
  };
}

const request = { withEpr: false, eprOnly: false };

describe('EnumerationStore', () => {
  it('expires idle contexts (aborting and closing them), bounds how many are open, and tells expired ids from unknown ones', () => {
    let now = 1_000;
    const store = new EnumerationStore({ expiryMs: 100, maxOpen: 2, now: () => now });
    let closed = 0;
    const a = store.open(iterator(() => closed++), 'uri', request, new AbortController())!;
    const b = store.open(iterator(() => closed++), 'uri', request, new AbortController())!;
    expect(store.open(iterator(() => closed++), 'uri', request, new AbortController())).toBeUndefined();
    now += 60;
    store.touch(b);
    now += 60;
    // `a` was idle 120 ms: gone; `b` was touched 60 ms ago: still open.
    expect(store.get(a.id)).toBe('expired');
    expect(a.controller.signal.aborted).toBe(true);
    expect(store.get(b.id)).toBe(b);
    expect(store.expired).toBe(1);
    expect(closed).toBe(1);
    expect(store.open(iterator(() => closed++), 'uri', request, new AbortController())).toBeDefined();
    expect(store.end(b.id, 'released')).toBe(true);
    expect(store.end(b.id, 'released')).toBe(false);
    expect(store.released).toBe(1);
    expect(store.get('uuid:never-issued')).toBeUndefined();
    // A context in the middle of a Pull does not expire under it.
    const c = store.open(iterator(() => closed++), 'uri', request, new AbortController())!;
    c.busy = true;
    now += 1_000;
    expect(store.get(c.id)).toBe(c);
    store.clear();
    expect(store.size).toBe(0);
  });
});

describe('parseFilterQuery', () => {
  it('reads SELECT, ASSOCIATORS OF and REFERENCES OF with their clauses', () => {
    expect(parseFilterQuery('SELECT * FROM Msvm_ComputerSystem WHERE Caption = "Virtual Machine"')).toMatchObject({ kind: 'select', className: 'Msvm_ComputerSystem' });
    const assoc = parseFilterQuery(
      'associators of {Msvm_ComputerSystem.CreationClassName="Msvm_ComputerSystem",Name="a}b \\"q\\""} where AssocClass=Msvm_SettingsDefineState ResultClass = Msvm_VirtualSystemSettingData role=ManagedElement ResultRole=SettingData',
    );
    expect(assoc).toEqual({
      kind: 'associators',
      source: CimReference.to('Msvm_ComputerSystem', { CreationClassName: 'Msvm_ComputerSystem', Name: 'a}b "q"' }),
      assocClass: 'Msvm_SettingsDefineState',
      resultClass: 'Msvm_VirtualSystemSettingData',
      role: 'ManagedElement',
      resultRole: 'SettingData',
    });
    expect(parseFilterQuery('REFERENCES OF {Test_Element.Name="e"}')).toEqual({ kind: 'references', source: CimReference.to('Test_Element', { Name: 'e' }) });
  });

  it('refuses what it cannot answer, by name', () => {
    const bad = (q: string): string => {
      try {
        parseFilterQuery(q);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error(`accepted ${q}`);
    };
    expect(bad('ASSOCIATORS OF {Test_Element.Name="e"')).toContain("missing '}'");
    expect(bad('ASSOCIATORS OF {Test_Element}')).toContain('names a class');
    expect(bad('ASSOCIATORS OF {Test_Element.Name="e"} WHERE SchemaOnly')).toContain('SchemaOnly is not supported');
    expect(bad('ASSOCIATORS OF {Test_Element.Name="e"} WHERE Frob = X')).toContain('unknown ASSOCIATORS OF clause Frob');
    expect(bad('REFERENCES OF {Test_Element.Name="e"} WHERE ResultRole = X')).toContain('unknown REFERENCES OF clause ResultRole');
    expect(bad('ASSOCIATORS OF {Test_Element.Name="e"} WHERE Role = A Role = B')).toContain('Role given twice');
    expect(bad('ASSOCIATORS OF {Test_Element.Name="e"} AND x')).toContain('expected WHERE');
    expect(bad('ASSOCIATORS OF {not a path}')).toContain('invalid object path');
    expect(bad('DELETE FROM X')).toContain('expected SELECT');
  });
});

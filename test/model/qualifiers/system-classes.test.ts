import { describe, expect, it } from 'vitest';
import type * as ast from '../../../src/ast/nodes.js';
import { dmtfQualifierTypes } from '../../../src/model/builtins/dmtf-qualifiers.js';
import { wmiQualifierTypes } from '../../../src/model/builtins/wmi-qualifiers.js';
import { wmiSystemClassesMof } from '../../../src/model/builtins/wmi-system-classes.js';
import { resolveQualifierList } from '../../../src/model/qualifiers.js';
import { lookupOf } from './helpers.js';
import { parseFixture, parseText, qualifierSites } from './walk.js';

const system = parseText('<wmi-system-classes>', wmiSystemClassesMof);
const classes = system.file.statements.filter((s): s is ast.ClassDeclaration => s.kind === 'ClassDeclaration');
const byName = new Map(classes.map((c) => [c.name.name.toLowerCase(), c]));

/** Property names of a class and its ancestors, lower-cased. */
function propertiesOf(name: string): Set<string> {
  const names = new Set<string>();
  for (let c = byName.get(name.toLowerCase()); c; c = c.superclass ? byName.get(c.superclass.name.toLowerCase()) : undefined) {
    for (const m of c.members) if (m.kind === 'PropertyDeclaration') names.add(m.name.name.toLowerCase());
  }
  return names;
}

describe('wmiSystemClassesMof', () => {
  it('parses with no errors and declares only classes', () => {
    expect(system.errors).toEqual([]);
    expect(system.file.statements.every((s) => s.kind === 'ClassDeclaration')).toBe(true);
  });

  it('declares the system classes Microsoft files rely on, each superclass before its subclasses', () => {
    const names = classes.map((c) => c.name.name);
    for (const name of [
      '__SystemClass', '__NAMESPACE', '__Provider', '__Win32Provider', '__ProviderRegistration',
      '__ObjectProviderRegistration', '__InstanceProviderRegistration', '__MethodProviderRegistration',
      '__EventProviderRegistration', '__EventConsumerProviderRegistration', '__Event', '__ExtrinsicEvent',
      '__InstanceOperationEvent', '__InstanceModificationEvent',
    ]) {
      expect(names).toContain(name);
    }
    const seen = new Set<string>();
    for (const c of classes) {
      if (c.superclass) expect(seen.has(c.superclass.name.toLowerCase()), c.name.name).toBe(true);
      seen.add(c.name.name.toLowerCase());
    }
  });

  it('resolves its qualifiers against the built-in tables with no diagnostic', () => {
    const lookup = lookupOf(dmtfQualifierTypes, wmiQualifierTypes);
    const problems = qualifierSites([system.file]).flatMap((site) =>
      resolveQualifierList(site.list, site.scope, lookup, 'microsoft').diagnostics.map((d) => `${site.where}: ${d.message}`),
    );
    expect(problems).toEqual([]);
  });

  it('has every property the Hyper-V schema and amendment set on system-class instances', () => {
    const missing: string[] = [];
    let checked = 0;
    for (const path of ['fixtures/hyperv/WindowsVirtualization.V2.mof', 'fixtures/hyperv/WindowsVirtualization.V2.mfl']) {
      const { file, errors } = parseFixture(path);
      expect(errors).toEqual([]);
      for (const s of file.statements) {
        if (s.kind !== 'InstanceDeclaration' || !s.className.name.startsWith('__')) continue;
        const properties = propertiesOf(s.className.name);
        if (!byName.has(s.className.name.toLowerCase())) missing.push(s.className.name);
        for (const p of s.properties) {
          checked++;
          if (!properties.has(p.name.name.toLowerCase())) missing.push(`${s.className.name}.${p.name.name}`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(14);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type * as ast from '../../../src/ast/nodes.js';
import { dmtfQualifierTypes } from '../../../src/model/builtins/dmtf-qualifiers.js';
import { wmiQualifierTypes } from '../../../src/model/builtins/wmi-qualifiers.js';
import { deriveEnum } from '../../../src/model/enums.js';
import { qualifierTypeFromDeclaration, resolveQualifierList, type ResolvedQualifier } from '../../../src/model/qualifiers.js';
import type { CimType, QualifierType } from '../../../src/model/types.js';
import { lookupOf } from './helpers.js';
import { parseFixture, qualifierSites } from './walk.js';

const DMTF_DIR = 'fixtures/dmtf/cim-schema-2.49.0';
const HYPERV_MOF = 'fixtures/hyperv/WindowsVirtualization.V2.mof';
const HYPERV_MFL = 'fixtures/hyperv/WindowsVirtualization.V2.mfl';

function declarations(file: ast.MofFile): ast.QualifierDeclaration[] {
  return file.statements.filter((s): s is ast.QualifierDeclaration => s.kind === 'QualifierDeclaration');
}

function declaredTypes(file: ast.MofFile): QualifierType[] {
  return declarations(file).map((d) => {
    const { type, diagnostics } = qualifierTypeFromDeclaration(d, 'microsoft');
    expect(diagnostics).toEqual([]);
    return type!;
  });
}

const lower = (t: { name: string }) => t.name.toLowerCase();

describe('dmtfQualifierTypes', () => {
  it('has the 70 qualifiers of CIM Schema 2.49, uniquely named, all built-in', () => {
    expect(dmtfQualifierTypes).toHaveLength(70);
    expect(new Set(dmtfQualifierTypes.map(lower)).size).toBe(70);
    expect(dmtfQualifierTypes.every((t) => t.origin === 'builtin')).toBe(true);
  });

  it('equals what compiling qualifiers.mof and qualifiers_optional.mof declares', () => {
    const compiled: QualifierType[] = [];
    for (const name of ['qualifiers.mof', 'qualifiers_optional.mof']) {
      const { file, errors } = parseFixture(`${DMTF_DIR}/${name}`);
      expect(errors).toEqual([]);
      compiled.push(...declaredTypes(file));
    }
    expect(dmtfQualifierTypes).toEqual(compiled.map((t) => ({ ...t, origin: 'builtin' })));
  });
});

describe('wmiQualifierTypes', () => {
  it('is uniquely named, built-in, and names no DMTF qualifier (DMTF declarations win)', () => {
    const dmtf = new Set(dmtfQualifierTypes.map(lower));
    expect(new Set(wmiQualifierTypes.map(lower)).size).toBe(wmiQualifierTypes.length);
    expect(wmiQualifierTypes.filter((t) => dmtf.has(lower(t))).map((t) => t.name)).toEqual([]);
    expect(wmiQualifierTypes.every((t) => t.origin === 'builtin')).toBe(true);
  });

  it('covers every qualifier the Hyper-V schema and its amendment use without declaring', () => {
    const mof = parseFixture(HYPERV_MOF);
    const mfl = parseFixture(HYPERV_MFL);
    expect(mof.errors).toEqual([]);
    expect(mfl.errors).toEqual([]);
    const declared = new Set(declarations(mof.file).map((d) => d.name.name.toLowerCase()));
    const used = new Map<string, string>();
    for (const site of qualifierSites([mof.file, mfl.file])) {
      for (const q of site.list) if (!declared.has(q.name.name.toLowerCase())) used.set(q.name.name.toLowerCase(), q.name.name);
    }
    const builtin = lookupOf(dmtfQualifierTypes, wmiQualifierTypes);
    expect([...used.values()].filter((name) => !builtin(name))).toEqual([]);
    // The ones SOURCE.md lists as Microsoft-specific come from the WMI table.
    const wmi = lookupOf(wmiQualifierTypes);
    for (const name of ['Dynamic', 'AMENDMENT', 'HyperVEmbeddedInstance', 'WmiDataId', 'InterfaceVersion', 'InterfaceRevision', 'UUID', 'Singleton', 'ExtensionId', 'SubType', 'MSFT_TargetNamespace', 'LOCALE']) {
      expect(wmi(name), name).toBeDefined();
    }
  });
});

describe('the Hyper-V schema against these modules', () => {
  const mof = parseFixture(HYPERV_MOF);
  const mfl = parseFixture(HYPERV_MFL);
  const declared = declaredTypes(mof.file).map((t) => t);
  const lookup = lookupOf(declared, dmtfQualifierTypes, wmiQualifierTypes);
  const sites = qualifierSites([mof.file, mfl.file]);

  it('resolves every qualifier list with no diagnostic in the Microsoft dialect', () => {
    const problems: string[] = [];
    for (const site of sites) {
      for (const d of resolveQualifierList(site.list, site.scope, lookup, 'microsoft').diagnostics) {
        problems.push(`${site.where}: ${d.code} ${d.message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has WMI types and scopes that fit how the schema uses them (checked strictly)', () => {
    // As if the file declared them: origin input is checked strictly even in the Microsoft dialect.
    const strictWmi = wmiQualifierTypes.map((t) => ({ ...t, origin: 'input' as const }));
    const strict = lookupOf(declared, dmtfQualifierTypes, strictWmi);
    const problems = new Set<string>();
    for (const site of sites) {
      for (const d of resolveQualifierList(site.list, site.scope, strict, 'microsoft').diagnostics) {
        problems.add(`${site.scope}: ${d.code} ${d.message}`);
      }
    }
    // Only the one documented exception: numbers on properties where classes write strings.
    expect([...problems].sort()).toEqual([
      "property: MOF3205 qualifier 'InterfaceRevision' expects a value of type string, not integer",
      "property: MOF3205 qualifier 'InterfaceVersion' expects a value of type string, not integer",
    ]);
  });

  it('reports exactly the Microsoft-only qualifiers and flavors in the DMTF dialect', () => {
    const strict = lookupOf(declared, dmtfQualifierTypes);
    const found = new Set<string>();
    for (const site of sites) {
      for (const d of resolveQualifierList(site.list, site.scope, strict, 'dmtf').diagnostics) {
        found.add(`${d.code} ${d.message.split("'")[1]}`);
      }
    }
    expect([...found].sort()).toEqual(
      [
        'MOF3200 AMENDMENT', 'MOF3200 Dynamic', 'MOF3200 ExtensionId', 'MOF3200 HyperVEmbeddedInstance',
        'MOF3200 InterfaceRevision', 'MOF3200 InterfaceVersion', 'MOF3200 LOCALE', 'MOF3200 MSFT_TargetNamespace',
        'MOF3200 Singleton', 'MOF3200 SubType', 'MOF3200 UUID', 'MOF3200 WmiDataId', 'MOF3209 Amended',
      ].sort(),
    );
  });

  it('derives every ValueMap/Values enumeration with no error', () => {
    const problems: string[] = [];
    let enums = 0;
    for (const site of sites) {
      if (!site.type) continue;
      const { qualifiers } = resolveQualifierList(site.list, site.scope, lookup, 'microsoft');
      const find = (name: string): ResolvedQualifier | undefined => qualifiers.find((q) => q.name === name);
      const type: CimType =
        site.type.kind === 'PrimitiveType' ? site.type.name : site.type.kind === 'ReferenceType' ? 'reference' : 'object';
      const span = site.type.span;
      const result = deriveEnum(find('ValueMap'), find('Values'), type, span, 'microsoft');
      if (result.enum) enums++;
      for (const d of result.diagnostics) if (d.severity === 'error') problems.push(`${site.where}: ${d.code} ${d.message}`);
    }
    expect(problems).toEqual([]);
    expect(enums).toBeGreaterThan(700);
  });
});

describe('the whole CIM Schema 2.49 against these modules (DMTF dialect)', () => {
  // Parsed in the order cim_schema_2.49.0.mof includes the files, so superclasses come first.
  const entry = readFileSync(`${DMTF_DIR}/cim_schema_2.49.0.mof`, 'utf8');
  const paths = [...entry.matchAll(/#pragma\s+include\s*\(\s*"([^"]+)"\s*\)/gi)].map((m) => `${DMTF_DIR}/${m[1]}`);
  const parsed = paths.map(parseFixture);
  const lookup = lookupOf(dmtfQualifierTypes);
  const sites = qualifierSites(parsed.map((p) => p.file));

  it('parses all 1,633 included files', () => {
    expect(paths).toHaveLength(1633);
    expect(parsed.flatMap((p) => p.errors)).toEqual([]);
  });

  it('resolves every qualifier list and derives every enumeration with no diagnostic', () => {
    const problems: string[] = [];
    let enums = 0;
    for (const site of sites) {
      const { qualifiers, diagnostics } = resolveQualifierList(site.list, site.scope, lookup, 'dmtf');
      for (const d of diagnostics) problems.push(`${site.where}: ${d.code} ${d.message}`);
      if (!site.type) continue;
      const type: CimType = site.type.kind === 'PrimitiveType' ? site.type.name : 'reference';
      const result = deriveEnum(
        qualifiers.find((q) => q.name === 'ValueMap'),
        qualifiers.find((q) => q.name === 'Values'),
        type,
        site.type.span,
        'dmtf',
      );
      if (result.enum) enums++;
      for (const d of result.diagnostics) problems.push(`${site.where}: ${d.code} ${d.message}`);
    }
    expect(problems).toEqual([]);
    expect(enums).toBeGreaterThan(1900);
  });
});

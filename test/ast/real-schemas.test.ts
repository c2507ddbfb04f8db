import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseSource, type ParseResult } from '../../src/ast/parse.js';
import type { Statement } from '../../src/ast/nodes.js';
import { SourceFile } from '../../src/source/source-file.js';
import { formatDiagnostic } from './serialize.js';

/** The real inputs are UTF-8 (DMTF: ASCII); decoding other encodings is the source loader's job. */
function parseFile(path: string): ParseResult {
  return parseSource(new SourceFile(path, readFileSync(path, 'utf8')));
}

function count(statements: readonly Statement[], kind: Statement['kind']): number {
  return statements.filter((statement) => statement.kind === kind).length;
}

function errorsOf(result: ParseResult): string[] {
  return result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.span?.file} ${formatDiagnostic(d)}`);
}

describe('DMTF CIM Schema 2.49.0', () => {
  const root = 'fixtures/dmtf/cim-schema-2.49.0';
  const paths = (readdirSync(root, { recursive: true }) as string[])
    .filter((name) => name.endsWith('.mof'))
    .sort()
    .map((name) => join(root, name));
  const results = paths.map(parseFile);
  const statements = results.flatMap((result) => result.file.statements);

  test('every file parses without diagnostics', () => {
    expect(paths).toHaveLength(1634);
    expect(results.flatMap((result) => result.diagnostics.map(formatDiagnostic))).toEqual([]);
  });

  test('declares 1,631 classes and 70 qualifier types', () => {
    expect(count(statements, 'ClassDeclaration')).toBe(1631);
    expect(count(statements, 'QualifierDeclaration')).toBe(70);
    expect(count(statements, 'InstanceDeclaration')).toBe(0);
  });

  test('the entry file is a locale pragma and 1,633 includes', () => {
    const entry = results[paths.indexOf(join(root, 'cim_schema_2.49.0.mof'))]!.file.statements;
    expect(entry[0]).toMatchObject({ kind: 'Pragma', name: 'locale', arguments: [{ kind: 'StringValue', value: 'en_US' }] });
    expect(count(entry, 'IncludePragma')).toBe(1633);
    expect(entry[1]).toMatchObject({ kind: 'IncludePragma', path: 'qualifiers.mof' });
  });

  test('CIM_ManagedElement reads as written', () => {
    const file = results[paths.indexOf(join(root, 'Core/CIM_ManagedElement.mof'))]!.file;
    const [managedElement] = file.statements;
    expect(managedElement).toMatchObject({ kind: 'ClassDeclaration', name: { name: 'CIM_ManagedElement' } });
    if (managedElement?.kind !== 'ClassDeclaration') throw new Error('not a class');
    expect(managedElement.superclass).toBeUndefined();
    expect(managedElement.members.map((member) => member.name.name)).toEqual([
      'InstanceID',
      'Caption',
      'Description',
      'ElementName',
      'Generation',
    ]);
  });
});

describe('Hyper-V WindowsVirtualization.V2', () => {
  test('the .mof parses without errors: 437 classes, 41 qualifier types, 5 instances', () => {
    const result = parseFile('fixtures/hyperv/WindowsVirtualization.V2.mof');
    expect(errorsOf(result)).toEqual([]);
    const statements = result.file.statements;
    expect(count(statements, 'ClassDeclaration')).toBe(437);
    expect(count(statements, 'QualifierDeclaration')).toBe(41);
    expect(count(statements, 'InstanceDeclaration')).toBe(5);
    expect(statements.filter((s) => s.kind === 'Pragma').map((s) => s.kind === 'Pragma' && s.name)).toEqual([
      'namespace',
      'namespace',
      'namespace',
      'classflags',
    ]);
  });

  test('members and qualifiers match the counts in fixtures/hyperv/SOURCE.md', () => {
    const result = parseFile('fixtures/hyperv/WindowsVirtualization.V2.mof');
    const classes = result.file.statements.flatMap((s) => (s.kind === 'ClassDeclaration' ? [s] : []));
    const members = classes.flatMap((c) => c.members);
    const properties = members.flatMap((m) => (m.kind === 'PropertyDeclaration' ? [m] : []));
    const methods = members.flatMap((m) => (m.kind === 'MethodDeclaration' ? [m] : []));
    const parameters = methods.flatMap((m) => m.parameters);
    const qualifierUses = [...classes, ...members, ...parameters].reduce((sum, element) => sum + element.qualifiers.length, 0);
    expect(properties).toHaveLength(2577);
    expect(methods).toHaveLength(351);
    expect(parameters).toHaveLength(838);
    expect(qualifierUses).toBe(10500);
    expect(classes.filter((c) => c.qualifiers.some((q) => q.name.name === 'Association'))).toHaveLength(130);
  });

  test('ExportReferencePoint has its documented signature', () => {
    const result = parseFile('fixtures/hyperv/WindowsVirtualization.V2.mof');
    const service = result.file.statements.find(
      (s) => s.kind === 'ClassDeclaration' && s.name.name === 'Msvm_CollectionReferencePointService',
    );
    if (service?.kind !== 'ClassDeclaration') throw new Error('class not found');
    const method = service.members.find((m) => m.name.name === 'ExportReferencePoint');
    if (method?.kind !== 'MethodDeclaration') throw new Error('method not found');
    expect(method.returnType).toMatchObject({ kind: 'PrimitiveType', name: 'uint32' });
    expect(
      method.parameters.map((p) => [
        p.qualifiers.map((q) => q.name.name).join(','),
        p.type.kind === 'ReferenceType' ? `${p.type.className.name} REF` : p.type.kind === 'PrimitiveType' ? p.type.name : p.type.kind,
        p.name.name,
      ]),
    ).toEqual([
      ['In', 'CIM_Collection REF', 'ReferencePointCollection'],
      ['In', 'string', 'ExportDirectory'],
      ['In,EmbeddedInstance', 'string', 'ExportSettingData'],
      ['Out', 'CIM_ConcreteJob REF', 'Job'],
    ]);
  });

  test('strongly typed embedded objects are class types', () => {
    const result = parseFile('fixtures/hyperv/WindowsVirtualization.V2.mof');
    const summary = result.file.statements.find(
      (s) => s.kind === 'ClassDeclaration' && s.name.name === 'Msvm_SummaryInformation',
    );
    if (summary?.kind !== 'ClassDeclaration') throw new Error('class not found');
    const tasks = summary.members.find((m) => m.name.name === 'AsynchronousTasks');
    expect(tasks).toMatchObject({
      kind: 'PropertyDeclaration',
      type: { kind: 'ClassType', className: { name: 'CIM_ConcreteJob' } },
      array: { kind: 'ArraySpec' },
    });
  });

  test('the .mfl amendment parses without errors: 22 classes with Amended qualifiers', () => {
    const result = parseFile('fixtures/hyperv/WindowsVirtualization.V2.mfl');
    expect(errorsOf(result)).toEqual([]);
    const statements = result.file.statements;
    expect(statements.slice(0, 4).map((s) => s.kind)).toEqual(['Pragma', 'Pragma', 'InstanceDeclaration', 'Pragma']);
    expect(statements[0]).toMatchObject({ kind: 'Pragma', name: 'autorecover', arguments: [] });
    expect(statements[3]).toMatchObject({ kind: 'Pragma', name: 'namespace', arguments: [{ value: 'ms_409' }] });
    expect(count(statements, 'ClassDeclaration')).toBe(22);
    const [first] = statements.filter((s) => s.kind === 'ClassDeclaration');
    expect(first?.qualifiers[0]).toMatchObject({
      name: { name: 'Description' },
      flavors: [{ name: 'Amended' }, { name: 'ToSubclass' }],
    });
  });
});

describe('OMI network schema (Microsoft-authored)', () => {
  const root = 'fixtures/microsoft/omi-networkschema';
  const paths = readdirSync(root).filter((name) => name.endsWith('.mof')).sort().map((name) => join(root, name));
  const results = paths.map(parseFile);

  test('every file parses without errors; what mofcomp accepts and DSP0004 does not comes back as warnings', () => {
    expect(paths).toHaveLength(135);
    expect(results.flatMap(errorsOf)).toEqual([]);
    const warnings = results.flatMap((result) => result.diagnostics.filter((d) => d.severity === 'warning'));
    expect(warnings.filter((d) => d.code === 'MOF1102')).toHaveLength(11);
    expect(warnings.filter((d) => d.code === 'MOF1109').map((d) => `${d.span?.file}:${d.span?.start.line}`)).toEqual([
      `${root}/MSFT_SwitchService.mof:39`,
    ]);
    expect(warnings).toHaveLength(12);
  });
});

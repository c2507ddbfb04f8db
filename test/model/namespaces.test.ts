/** Namespace names, locales, and how pragmas and __Namespace instances move between namespaces. */
import { describe, expect, it } from 'vitest';
import { normalizeLocale, normalizeNamespace, resolveNamespaceName } from '../../src/model/namespaces.js';
import { classIn, compileFiles, compileText, namespace, summarize } from './helpers.js';

describe('namespace names', () => {
  it.each([
    ['root/cimv2', 'root/x', 'root/cimv2'],
    ['\\\\.\\root\\virtualization\\v2', 'root/cimv2', 'root/virtualization/v2'],
    ['//server/root/a', 'root/cimv2', 'root/a'],
    ['ms_409', 'root/virtualization/v2', 'root/virtualization/v2/ms_409'],
    ['ROOT\\Test', 'root/cimv2', 'ROOT/Test'],
    ['__create', 'root/a', 'root/a'],
    ['\\\\.\\root\\__create\\new', 'root/a', 'root/new'],
    ['/interop', 'root/a', 'interop'],
    ['root/../x', 'root/a', undefined],
    ['root/a b', 'root/a', undefined],
  ])('%s in %s is %s', (written, current, expected) => {
    expect(resolveNamespaceName(written, current)).toBe(expected);
  });

  it('normalizes -n and locales', () => {
    expect(normalizeNamespace('root\\test')).toBe('root/test');
    expect(normalizeLocale('0x409')).toBe('0x409');
    expect(normalizeLocale('ms_409')).toBe('0x409');
    expect(normalizeLocale('MS_0409')).toBe('0x409');
    expect(normalizeLocale('1033')).toBe('0x409');
    expect(normalizeLocale('en-US')).toBeUndefined();
  });
});

describe('namespaces in a compilation', () => {
  it('keeps the namespace an included file switched to', () => {
    const result = compileFiles(['fixtures/mof/model/namespaces/main.mof']);
    expect(result.problems).toEqual([]);
    expect(result.repository.namespaces.map((n) => [n.name, n.classes.map((c) => c.name)])).toEqual([
      ['root/first', ['Test_InFirst']],
      ['root/second', ['Test_AfterInclude', 'Test_InSecond']],
    ]);
  });

  it('uses the default namespace, configurable, until a pragma names another', () => {
    const text = 'class A { };\n#pragma namespace("root/other")\nclass B { };\n';
    expect(compileText(text).repository.namespaces.map((n) => n.name)).toEqual(['root/cimv2', 'root/other']);
    expect(compileText(text, { defaultNamespace: 'root\\mine' }).repository.namespaces.map((n) => n.name)).toEqual([
      'root/mine',
      'root/other',
    ]);
  });

  it('creates a child namespace for each __Namespace instance, relative to the current one', () => {
    const text = [
      '#pragma namespace("\\\\\\\\.\\\\root")',
      'instance of __Namespace { Name = "parent"; };',
      '#pragma namespace("\\\\\\\\.\\\\root\\\\parent")',
      'instance of __namespace { name = "child"; };',
      '#pragma namespace("child")',
      'class Test_Deep { };',
    ].join('\n');
    const result = compileText(text);
    expect(result.dialect).toBe('microsoft');
    expect(result.problems).toEqual([]);
    expect(result.repository.namespaces.map((n) => n.name)).toEqual(['root', 'root/parent', 'root/parent/child']);
    expect(classIn(result, 'Test_Deep', 'root/parent/child').name).toBe('Test_Deep');
    expect(classIn(result, '__Namespace', 'root').instances.map((i) => i.properties)).toEqual([{ Name: 'parent' }]);
    // Every namespace of a Microsoft compilation has the system classes.
    expect(namespace(result, 'root/parent/child').classes.some((c) => c.name === '__Win32Provider')).toBe(true);
  });

  it('keeps classes of the same name apart in different namespaces', () => {
    const text = '#pragma namespace("root/a")\nclass Same { string A; };\n#pragma namespace("root/b")\nclass Same { string B; };\n';
    const result = compileText(text);
    expect(result.problems.map(summarize)).toEqual([]);
    expect(classIn(result, 'Same', 'root/a').properties.map((p) => p.name)).toEqual(['A']);
    expect(classIn(result, 'Same', 'root/b').properties.map((p) => p.name)).toEqual(['B']);
  });
});

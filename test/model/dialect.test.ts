/** Dialect detection and the Microsoft (mofcomp) dialect's behaviour. */
import { describe, expect, it } from 'vitest';
import { classIn, compileText, summarize } from './helpers.js';

describe('dialect detection', () => {
  it('is DMTF for plain DSP0004 MOF', () => {
    expect(compileText('class A { [Key] string K; };\n').dialect).toBe('dmtf');
  });

  it.each([
    ['a classflags pragma', '#pragma classflags("forceupdate")\nclass A { };\n'],
    ['autorecover', '#pragma autorecover\nclass A { };\n'],
    ['a machine namespace', '#pragma namespace("\\\\\\\\.\\\\root\\\\x")\nclass A { };\n'],
    ['the Amended flavor', '[Description("x") : Amended] class A { };\n'],
    ['an object property', 'class A { object O; };\n'],
    ['a class used as a type', 'class B { };\nclass A { B Embedded; };\n'],
    ['a void method', 'class A { void M(); };\n'],
    ['an undeclared WMI qualifier', '[Dynamic, Provider("P")] class A { };\n'],
    ['an instance of a system class', 'instance of __Namespace { Name = "x"; };\n'],
  ])('is Microsoft for %s', (_, text) => {
    expect(compileText(text).dialect).toBe('microsoft');
  });

  it('reports a qualifier declared nowhere: error in DMTF, warning in Microsoft', () => {
    const text = '[Frobnicate] class A { };\n';
    expect(compileText(text).problems.map((d) => [d.code, d.severity])).toEqual([['MOF3200', 'error']]);
    expect(compileText(text, { dialect: 'microsoft' }).problems.map((d) => [d.code, d.severity])).toEqual([['MOF3201', 'warning']]);
  });

  it('accepts the WMI qualifiers without declarations in the Microsoft dialect only', () => {
    const text = '[Dynamic, Provider("P"), UUID("{1}")] class A { [Key, WmiDataId(1)] string K; };\n';
    expect(compileText(text).problems).toEqual([]);
    expect(compileText(text, { dialect: 'dmtf' }).problems.map((d) => d.code)).toEqual(['MOF3200', 'MOF3200', 'MOF3200']);
  });
});

describe('the Microsoft dialect', () => {
  const ms = { dialect: 'microsoft' as const };

  it('deletes a class, its subclasses and instances with deleteclass; NOFAIL tolerates a missing one', () => {
    const text = [
      'class A { [Key] string K; };',
      'class B : A { };',
      'instance of B { K = "b"; };',
      '#pragma deleteclass("A", NOFAIL)',
      '#pragma deleteclass("Missing", NOFAIL)',
      'class C { };',
    ].join('\n');
    const result = compileText(text, ms);
    expect(result.problems).toEqual([]);
    expect(result.repository.namespaces[0]!.classes.filter((c) => !c.name.startsWith('__')).map((c) => c.name)).toEqual(['C']);
  });

  it('replaces a redeclared class: silently under an update class flag, with MOF3085 otherwise', () => {
    const twice = 'class A { string Old; };\nclass A { string New; };\n';
    const flagged = compileText(`#pragma classflags("forceupdate")\n${twice}`, ms);
    expect(flagged.problems).toEqual([]);
    expect(classIn(flagged, 'A').properties.map((p) => p.name)).toEqual(['New']);
    const plain = compileText(twice, ms);
    expect(plain.problems.map((d) => d.code)).toEqual(['MOF3085']);
    expect(classIn(plain, 'A').properties.map((p) => p.name)).toEqual(['New']);
  });

  it('models object, class-typed embedded objects, void methods and parameter defaults', () => {
    const text = [
      'class Job { [Key] string Id; };',
      'class A {',
      '  [Key] string K;',
      '  object Anything;',
      '  Job Jobs[];',
      '  [HyperVEmbeddedInstance("Job")] string Encoded;',
      '  void Reset([In] uint32 Timeout = 30, [In] object ref Target);',
      '};',
      'instance of A { K = "a"; Anything = instance of Job { Id = "j1"; }; Jobs = { instance of Job { Id = "j2"; } }; };',
    ].join('\n');
    const result = compileText(text);
    expect(result.dialect).toBe('microsoft');
    expect(result.problems.map(summarize)).toEqual([]);
    const a = classIn(result, 'A');
    expect(a.properties.map((p) => [p.name, p.type, p.isArray, p.embeddedInstance])).toEqual([
      ['K', 'string', false, null],
      ['Anything', 'object', false, null],
      ['Jobs', 'object', true, 'Job'],
      ['Encoded', 'string', false, 'Job'],
    ]);
    const reset = a.methods[0]!;
    expect(reset.returnType).toBe('void');
    expect(reset.parameters.map((p) => [p.name, p.type, p.refClass, p.default])).toEqual([
      ['Timeout', 'uint32', null, 30],
      ['Target', 'reference', null, null],
    ]);
    expect(a.instances[0]!.properties).toEqual({
      K: 'a',
      Anything: { instanceOf: 'Job', properties: { Id: 'j1' } },
      Jobs: [{ instanceOf: 'Job', properties: { Id: 'j2' } }],
    });
  });

  it('amends inherited members too when compiled for the locale', () => {
    const text = [
      '#pragma namespace("\\\\\\\\.\\\\root\\\\test")',
      'class Base { [Key, Description("neutral key")] string K; };',
      'class Derived : Base { };',
      'instance of __Namespace { Name = "ms_409"; };',
      '#pragma namespace("ms_409")',
      '[AMENDMENT, LOCALE(0x409)] class Derived { [Description("English key") : Amended ToSubclass] string K; };',
    ].join('\n');
    const neutral = compileText(text);
    expect(neutral.problems).toEqual([]);
    expect(classIn(neutral, 'Derived', 'root/test').properties[0]!.qualifiers['Description']).toBe('neutral key');
    expect(classIn(neutral, 'Derived', 'root/test').amendments).toEqual({
      '0x409': { class: {}, properties: { K: { Description: 'English key' } }, methods: {} },
    });
    const english = compileText(text, { locale: '1033' });
    const k = classIn(english, 'Derived', 'root/test').properties[0]!;
    expect([k.qualifiers['Description'], k.propagated, k.key]).toEqual(['English key', true, true]);
    expect(classIn(english, 'Base', 'root/test').properties[0]!.qualifiers['Description']).toBe('neutral key');
  });
});

describe('references and embedded classes in methods', () => {
  it('checks REF parameters, class-typed embedded objects and EmbeddedInstance on parameters', () => {
    const text = [
      'class A {',
      '  uint32 M([In] Missing REF Target, [Out, EmbeddedInstance("Gone")] string Result, [In] Absent Typed);',
      '};',
    ].join('\n');
    expect(compileText(text).problems.map(summarize)).toEqual([
      {
        code: 'MOF3020',
        severity: 'error',
        message: "class 'Missing', the target of reference 'A.M(Target)', is not declared in namespace 'root/cimv2'",
        at: '2:17-2:24',
      },
      {
        code: 'MOF3023',
        severity: 'error',
        message: `class 'Gone', named by EmbeddedInstance("Gone") on 'A.M(Result)', is not declared in namespace 'root/cimv2'`,
        at: '2:43-2:67',
      },
      {
        code: 'MOF3023',
        severity: 'error',
        message: "class 'Absent', named by its type on 'A.M(Typed)', is not declared in namespace 'root/cimv2'",
        at: '2:89-2:95',
      },
    ]);
  });
});

describe('flavors across inheritance', () => {
  it('forbids changing a DisableOverride qualifier in an override, pointing at the overridden member', () => {
    const text = [
      'Qualifier Fixed : string = null, Scope(property), Flavor(DisableOverride, ToSubclass);',
      'class A { [Fixed("a")] string P; };',
      'class B : A { [Override("P"), Fixed("b")] string P; };',
    ].join('\n');
    expect(compileText(text).problems.map(summarize)).toEqual([
      {
        code: 'MOF3220',
        severity: 'error',
        message: `qualifier 'Fixed' cannot be overridden: the inherited qualifier has flavor DisableOverride and value "a"`,
        at: '3:31-3:41',
        related: ['test.mof:2:31-2:32'],
      },
    ]);
  });

  it('does not pass Restricted qualifiers to subclasses', () => {
    const result = compileText('[Abstract, Description("d")] class A { };\nclass B : A { };\n');
    expect(classIn(result, 'A').isAbstract).toBe(true);
    expect(classIn(result, 'B').isAbstract).toBe(false);
    expect(classIn(result, 'B').qualifiers).toEqual({ Description: 'd' });
  });
});

/**
 * Parameter direction by dialect (docs/decisions/0016-in-default-by-dialect.md):
 * DSP0004 declares `In : boolean = true`, so in the DMTF dialect `[Out]` alone
 * is in and out; mofcomp files `[out]` alone as output-only. The model, its
 * JSON, the generated Args/Result types and the runtime marshaling all follow.
 */
import { describe, expect, it } from 'vitest';
import { modelToJson } from '../../src/model/compile.js';
import type { Dialect } from '../../src/model/dialect.js';
import { createPlan } from '../../src/codegen/plan.js';
import { emitClassModule } from '../../src/codegen/emit-class.js';
import { classDescriptor } from '../../src/codegen/class-module/descriptor.js';
import { marshalArguments, marshalResult } from '../../src/runtime/src/marshal.js';
import { CimMarshalError } from '../../src/runtime/src/errors.js';
import { classIn, compileText, type Compiled } from './helpers.js';

const SERVICE = [
  'class Svc {',
  '  [Key] string Name;',
  '  uint32 Act([Out] string OutOnly, [In(false), Out] string Result, [In] string Given, string Plain, [In, Out] string Both);',
  '};',
].join('\n');

function directions(result: Compiled, cls = 'Svc', method = 'Act'): Record<string, string> {
  const m = classIn(result, cls).methods.find((x) => x.name === method)!;
  return Object.fromEntries(m.parameters.map((p) => [p.name, `${p.in ? 'in' : ''}${p.in && p.out ? '+' : ''}${p.out ? 'out' : ''}` || 'none']));
}

function compileIn(dialect: Dialect, text = SERVICE): Compiled {
  const result = compileText(text, { dialect });
  expect(result.problems).toEqual([]);
  return result;
}

describe('parameter direction', () => {
  it('DMTF: [Out] alone is in and out; only [In(false), Out] is output-only', () => {
    expect(directions(compileIn('dmtf'))).toEqual({ OutOnly: 'in+out', Result: 'out', Given: 'in', Plain: 'in', Both: 'in+out' });
  });

  it('Microsoft: [Out] alone is output-only, as mofcomp files it', () => {
    expect(directions(compileIn('microsoft'))).toEqual({ OutOnly: 'out', Result: 'out', Given: 'in', Plain: 'in', Both: 'in+out' });
  });

  it('DMTF: an absent In takes the default of the In declaration in effect', () => {
    const text = [
      'Qualifier In : boolean = false, Scope(parameter), Flavor(DisableOverride);',
      'Qualifier Out : boolean = false, Scope(parameter), Flavor(DisableOverride);',
      'Qualifier Key : boolean = false, Scope(property, reference), Flavor(DisableOverride);',
      SERVICE,
    ].join('\n');
    expect(directions(compileIn('dmtf', text))).toEqual({ OutOnly: 'out', Result: 'out', Given: 'in', Plain: 'none', Both: 'in+out' });
  });

  it('DMTF: an override inherits the overridden parameter In(false) (DisableOverride), so [Out] stays output-only', () => {
    const text = [
      'class Base { [Key] string Name; uint32 Act([In(false), Out] string Result, [Out] string Echo); };',
      'class Derived : Base { [Override("Act")] uint32 Act([Out] string Result, [Out] string Echo); };',
    ].join('\n');
    const result = compileIn('dmtf', text);
    expect(directions(result, 'Derived')).toEqual({ Result: 'out', Echo: 'in+out' });
  });

  it('is the same when the dialect is detected: a Microsoft pragma makes [Out] output-only', () => {
    const detected = compileText(`#pragma autorecover\n${SERVICE}`);
    expect(detected.dialect).toBe('microsoft');
    expect(directions(detected).OutOnly).toBe('out');
    const plain = compileText(SERVICE);
    expect(plain.dialect).toBe('dmtf');
    expect(directions(plain).OutOnly).toBe('in+out');
  });

  it('writes in/out to the model JSON', () => {
    const json = JSON.parse(modelToJson(compileIn('dmtf').repository)) as {
      namespaces: { classes: { name: string; methods: { parameters: { name: string; in: boolean; out: boolean }[] }[] }[] }[];
    };
    const params = json.namespaces[0]!.classes.find((c) => c.name === 'Svc')!.methods[0]!.parameters;
    expect(params.find((p) => p.name === 'OutOnly')).toMatchObject({ in: true, out: true });
  });
});

describe('generated code and runtime marshaling follow the model', () => {
  async function generated(dialect: Dialect) {
    const { plan } = createPlan(compileIn(dialect).repository);
    const classPlan = plan!.classes.get('Svc')!;
    const text = emitClassModule(plan!, 'Svc', '// header');
    return { text, descriptor: classDescriptor(classPlan.model, plan!.namespace, classPlan) };
  }

  /** The members of one generated interface, by name. */
  function members(text: string, name: string): string[] {
    const body = new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`).exec(text)?.[1] ?? '';
    return [...body.matchAll(/readonly (\w+)\??:/g)].map((m) => m[1]!);
  }

  it('DMTF: an [Out]-only parameter is in Args and Result, and marshals both ways', async () => {
    const { text, descriptor } = await generated('dmtf');
    expect(members(text, 'Svc_Act_Args')).toEqual(['OutOnly', 'Given', 'Plain', 'Both']);
    expect(members(text, 'Svc_Act_Result')).toEqual(['ReturnValue', 'OutOnly', 'Result', 'Both']);
    expect(marshalArguments(descriptor, 'Act', { OutOnly: 'x' })).toEqual({ OutOnly: 'x' });
    expect(marshalResult(descriptor, 'Act', { ReturnValue: 0, OutOnly: 'y' }).outParameters).toEqual({ OutOnly: 'y' });
    expect(() => marshalArguments(descriptor, 'Act', { Result: 'x' })).toThrow(CimMarshalError);
  });

  it('Microsoft: an [Out]-only parameter is in Result only, and is refused as an argument', async () => {
    const { text, descriptor } = await generated('microsoft');
    expect(members(text, 'Svc_Act_Args')).toEqual(['Given', 'Plain', 'Both']);
    expect(members(text, 'Svc_Act_Result')).toEqual(['ReturnValue', 'OutOnly', 'Result', 'Both']);
    expect(() => marshalArguments(descriptor, 'Act', { OutOnly: 'x' })).toThrow(/not an input parameter/);
  });
});

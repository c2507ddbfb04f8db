/**
 * MOF names are data: `__proto__` is a valid MOF identifier (DSP0004: a name may
 * start with an underscore), and a property, qualifier, method or parameter of
 * that name is kept in the model's maps as an own property like any other,
 * never taken as the map's prototype.
 */
import { describe, expect, it } from 'vitest';
import { modelToJson } from '../../src/model/compile.js';
import { classIn, compileText } from './helpers.js';

function expectOwn(map: object, name: string, value: unknown): void {
  expect(Object.getPrototypeOf(map)).toBe(Object.prototype);
  expect(Object.hasOwn(map, name), name).toBe(true);
  expect(Object.getOwnPropertyDescriptor(map, name)?.value).toEqual(value);
}

describe('a schema whose names are also Object.prototype\'s', () => {
  const text = [
    '#pragma namespace("\\\\\\\\.\\\\root\\\\test")',
    'Qualifier __proto__ : string = null, Scope(any);',
    '[__proto__("on the class")] class Test_Proto {',
    '  [Key, __proto__("on the property")] string __proto__;',
    '  string constructor;',
    '  uint32 __proto__M([In, Description("neutral")] string __proto__);',
    '};',
    'instance of Test_Proto { [__proto__("on the value")] __proto__ = "x"; constructor = "y"; };',
    'instance of __Namespace { Name = "ms_409"; };',
    '#pragma namespace("ms_409")',
    '[AMENDMENT, LOCALE(0x409)] class Test_Proto {',
    '  [Description("English") : Amended] string __proto__;',
    '  uint32 __proto__M([Description("English") : Amended] string __proto__);',
    '};',
  ].join('\n');

  it('keeps instance values, instance and class qualifiers and amendments under those names', () => {
    const compiled = compileText(text);
    expect(compiled.problems).toEqual([]);
    const cls = classIn(compiled, 'Test_Proto', 'root/test');
    expectOwn(cls.qualifiers, '__proto__', 'on the class');
    expectOwn(cls.properties.find((p) => p.name === '__proto__')!.qualifiers, '__proto__', 'on the property');
    const instance = cls.instances[0]!;
    expectOwn(instance.properties, '__proto__', 'x');
    expectOwn(instance.properties, 'constructor', 'y');
    expectOwn(instance.propertyQualifiers, '__proto__', JSON.parse('{"__proto__":"on the value"}'));
    const amended = cls.amendments['0x409']!;
    expectOwn(amended.properties, '__proto__', { Description: 'English' });
    expectOwn(amended.methods['__proto__M']!.parameters, '__proto__', { Description: 'English' });
  });

  it('writes them to the model JSON', () => {
    const json = JSON.parse(modelToJson(compileText(text).repository)) as {
      namespaces: { name: string; classes: { name: string; instances: { properties: object }[] }[] }[];
    };
    const cls = json.namespaces.find((n) => n.name === 'root/test')!.classes.find((c) => c.name === 'Test_Proto')!;
    expectOwn(cls.instances[0]!.properties, '__proto__', 'x');
  });
});

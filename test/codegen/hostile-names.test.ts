/**
 * Schema names that JavaScript or the generated code already uses — a method `descriptor`,
 * members named `__proto__`, `constructor` or `toString`, characters no identifier holds —
 * still give a package that type-checks under strict and works: the package generated
 * from such a schema is type-checked, then run against the in-memory session. (Names the
 * generator refuses, MOF4014/MOF4016, are pinned in diagnostics.test.ts.) Found by
 * generating packages from schemas with random names.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CimReference, CimStatus } from '@mofc/runtime';
import { InMemorySession } from '@mofc/runtime/memory';
import { renderPackage } from '../../src/codegen/render.js';
import { buildRepository, enumOf } from './builder.js';
import { typeCheckPackage } from './typecheck.js';

const repository = buildRepository('root/test', [
  {
    name: 'T_Base',
    properties: [
      { name: 'Name', type: 'string', key: true },
      { name: 'toString', type: 'string' },
      { name: '__proto__', type: 'string' },
      { name: 'A×B', type: 'uint16', enum: enumOf(['0', 'Off'], ['1', 'On']) },
    ],
    methods: [
      { name: 'descriptor', returnType: 'uint32' },
      { name: '__proto__', returnType: 'uint32' },
      { name: 'toString', returnType: 'uint32' },
      {
        name: 'constructor',
        returnType: 'uint32',
        parameters: [
          { name: 'toString', type: 'string', in: true, out: false },
          { name: 'valueOf', type: 'uint32', in: false, out: true },
        ],
      },
      { name: 'Mix×Up', returnType: 'uint32', parameters: [{ name: 'Level×', type: 'uint16', in: true, out: false, enum: enumOf(['0', 'Low'], ['1', 'High']) }] },
    ],
  },
  { name: 'T_Sub', superclass: 'T_Base', properties: [{ name: 'Extra', type: 'boolean' }] },
  {
    name: 'T_Link',
    association: true,
    properties: [
      { name: 'A×B', type: 'reference', refClass: 'T_Base', key: true },
      { name: 'valueOf', type: 'reference', refClass: 'T_Base', key: true },
    ],
  },
]);

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'mofc-hostile-names-'));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

const rendered = renderPackage(repository, { packageName: 'hostile', packageVersion: '0.0.0', header: '// hostile names' });
// The package as the generator writes it (unformatted: prettier changes layout, not meaning).
for (const file of rendered.files) {
  fs.mkdirSync(path.dirname(path.join(temp, file.path)), { recursive: true });
  fs.writeFileSync(path.join(temp, file.path), file.text);
}

/** The package's modules compiled to JavaScript next to their sources, importing the built runtime. */
async function importPackage(): Promise<Record<string, any>> {
  const runtime = pathToFileURL(path.resolve(import.meta.dirname, '../../src/runtime/dist/index.js')).href;
  for (const file of rendered.files.filter((f) => f.path.endsWith('.ts'))) {
    const js = ts.transpileModule(file.text, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    fs.writeFileSync(path.join(temp, file.path.replace(/\.ts$/, '.js')), js.replaceAll("'@mofc/runtime'", JSON.stringify(runtime)));
  }
  return import(pathToFileURL(path.join(temp, 'src/index.js')).href);
}

describe('a schema whose names JavaScript already uses', () => {
  // Imported once, awaited by each test that runs the package: a package that does not
  // load fails those tests, not the file.
  let loaded: Promise<Record<string, any>>;
  beforeAll(() => {
    loaded = importPackage();
    loaded.catch(() => {});
  });

  it('is generated, with one warning for the method renamed', () => {
    expect(rendered.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      "MOF4015 method 'T_Base.descriptor' is generated as 'descriptor_': every generated class has a member named 'descriptor'",
    ]);
  });

  it('type-checks under strict', () => {
    expect(typeCheckPackage(temp, { runtimeFromSource: true }).errors).toEqual([]);
  });

  it('type-checks object literals that leave out the members every object has', () => {
    const user = path.join(temp, 'src', 'user.ts');
    fs.writeFileSync(
      user,
      [
        "import { T_Base, type T_BaseInit, type T_Base_constructor_Args, type T_BaseProvider } from './index.js';",
        "export const init: T_BaseInit = { Name: 'n' };",
        "export const withString: T_BaseInit = { Name: 'n', toString: 'text' };",
        'export const args: T_Base_constructor_Args = {};',
        'export const provider: T_BaseProvider = { getInstance: () => undefined };',
        "export const path = T_Base.ref({ Name: 'n' });",
      ].join('\n'),
    );
    try {
      expect(typeCheckPackage(temp, { runtimeFromSource: true }).errors).toEqual([]);
    } finally {
      fs.rmSync(user);
    }
  });

  it('keeps the descriptor a descriptor, and calls the schema method through its renamed member', async () => {
    const pkg = await loaded;
    const { T_Base } = pkg;
    expect(T_Base.descriptor.name).toBe('T_Base');
    const session = new InMemorySession({ registry: pkg['registry'], namespace: 'root/test' });
    session.put({ className: 'T_Base', properties: { Name: 'n' } });
    const calls: string[] = [];
    session.registerProvider(
      'T_Base',
      T_Base.bindProvider({
        descriptor: () => (calls.push('descriptor'), { ReturnValue: 7 }),
        constructor: (_target: unknown, args: Record<string, unknown>) => (calls.push(`constructor ${String(args['toString'])}`), { ReturnValue: 0, valueOf: 3 }),
        ['Mix×Up']: (_target: unknown, args: Record<string, unknown>) => (calls.push(`Mix×Up ${String(args['Level×'])}`), { ReturnValue: 1 }),
      }),
    );
    const target = T_Base.ref({ Name: 'n' });
    expect(await T_Base.descriptor_(session, target)).toEqual({ ReturnValue: 7 });
    expect(await T_Base.constructor(session, target, { toString: 'hello' })).toEqual({ ReturnValue: 0, valueOf: 3 });
    expect(await T_Base['Mix×Up'](session, target, { ['Level×']: 1 })).toEqual({ ReturnValue: 1 });
    expect(calls).toEqual(['descriptor', 'constructor hello', 'Mix×Up 1']);
    // A provider that does not implement `toString` does not get Object's.
    await expect(T_Base.toString(session, target)).rejects.toMatchObject({ status: CimStatus.METHOD_NOT_AVAILABLE });
  });

  it('gives a subclass the inherited __proto__ method as a member, never as its prototype', async () => {
    const { T_Base, T_Sub } = await loaded;
    expect(Object.getPrototypeOf(T_Sub)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(T_Sub, '__proto__')?.value).toBe(Object.getOwnPropertyDescriptor(T_Base, '__proto__')?.value);
    expect(typeof Object.getOwnPropertyDescriptor(T_Sub, '__proto__')?.value).toBe('function');
    expect(T_Sub.descriptor_).toBe(T_Base.descriptor_);
  });

  it('names derived types and association members with identifiers', async () => {
    const pkg = await loaded;
    expect(pkg['T_Base_A_B']).toEqual({ Off: 0, On: 1 });
    expect(pkg['T_Base_Mix_Up_Level_']).toEqual({ Low: 0, High: 1 });
    expect(typeof pkg['T_Link'].followFromA_B).toBe('function');
    expect(typeof pkg['T_Link'].referencesFromvalueOf).toBe('function');
  });

  it('writes the typed instance with the names as own properties', async () => {
    const pkg = await loaded;
    const session = new InMemorySession({ registry: pkg['registry'], namespace: 'root/test' });
    const created = await pkg['T_Base'].create(session, JSON.parse('{"Name":"m","toString":"t","__proto__":"p","A×B":1}'));
    expect(created).toBeInstanceOf(CimReference);
    const read = await pkg['T_Base'].get(session, created);
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    expect({ ...read }).toEqual(JSON.parse('{"__CLASS":"T_Base","Name":"m","toString":"t","__proto__":"p","A×B":1}'));
  });
});

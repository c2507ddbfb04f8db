/**
 * Seed files: the instances a server (or the reference simulator) starts
 * with, as JSON. Every value is checked against the class descriptors, and
 * every problem names its JSON path, so a typo in a seed is a clear error
 * rather than a half-loaded repository.
 *
 * Format (documented in docs/runtime-api.md, "Seed files"):
 *
 * ```json
 * { "namespace": "root/virtualization/v2",
 *   "instances": [
 *     { "class": "Msvm_ComputerSystem", "properties": { "Name": "VM-1", "EnabledState": 2 } },
 *     { "class": "Msvm_SystemDevice",
 *       "properties": { "GroupComponent": { "class": "Msvm_ComputerSystem", "keys": { "CreationClassName": "Msvm_ComputerSystem", "Name": "VM-1" } },
 *                       "PartComponent": "Msvm_Processor.CreationClassName=\"Msvm_Processor\",DeviceID=\"P0\",..." } } ] }
 * ```
 *
 * Values: strings, numbers and booleans as JSON has them; 64-bit integers as
 * numbers (safe integers) or decimal strings; datetimes as DMTF text or
 * `xs:dateTime` / `xs:duration` text; references as object-path strings or
 * `{ "class", "keys", "namespace"? }`; embedded instances as objects with an
 * optional `"__CLASS"` (the embedded class otherwise); arrays as arrays.
 * Associations are instances of the association class.
 */
import type { ClassDescriptor, PropertyDescriptor, ValueDescriptor } from '../../descriptor.js';
import type { CimInstance, CimScalar, CimValue } from '../../session.js';
import { CimError, CimValueError, describeValue } from '../../errors.js';
import { CimReference, type CimKeyValue } from '../../reference.js';
import { type ClassRegistry, findByName, isA } from '../../registry.js';
import { CLASS_PROPERTY, marshalValue, unmarshalValue, wirePath } from '../../marshal.js';
import { instanceToCimXml } from '../../cimxml.js';
import { getOwn, setOwn } from '../../own.js';

/** A seed file that does not fit the schema; `jsonPath` says where (`$.instances[2].properties.Name`). */
export class SeedError extends CimValueError {
  readonly jsonPath: string;
  constructor(jsonPath: string, problem: string, options?: { cause?: unknown }) {
    super(`${jsonPath}: ${problem}`, options);
    this.jsonPath = jsonPath;
  }
}

export interface SeedOptions {
  /** Namespace for instances when the seed names none (default: each class descriptor's). */
  readonly namespace?: string;
}

/** The instances of a parsed seed document, as wire instances with their namespace set, in file order. */
export function seedInstances(document: unknown, registry: ClassRegistry, options: SeedOptions = {}): CimInstance[] {
  if (!isPlainObject(document)) throw new SeedError('$', `expected an object with "instances", got ${describeJson(document)}`);
  for (const key of Object.keys(document)) {
    if (key !== 'namespace' && key !== 'instances') throw new SeedError(`$.${key}`, 'unknown key (expected "namespace" and "instances")');
  }
  const ns = document['namespace'];
  if (ns !== undefined && typeof ns !== 'string') throw new SeedError('$.namespace', `expected a string, got ${describeJson(ns)}`);
  const list = document['instances'];
  if (!Array.isArray(list)) throw new SeedError('$.instances', `expected an array, got ${describeJson(list)}`);
  const namespace = (ns as string | undefined) ?? options.namespace;
  const seen = new Map<string, string>();
  return list.map((entry, i) => {
    const where = `$.instances[${i}]`;
    const instance = seedInstance(entry, where, registry, namespace);
    const d = registry.get(instance.className)!;
    let key: string;
    try {
      key = `${(instance.namespace ?? '').toLowerCase()}|${wirePath(d, instance).toString().toLowerCase()}`;
    } catch (cause) {
      throw new SeedError(where, cause instanceof Error ? cause.message : String(cause), { cause });
    }
    const first = seen.get(key);
    if (first !== undefined) throw new SeedError(where, `duplicate instance (same keys as ${first})`);
    seen.set(key, where);
    return instance;
  });
}

/** Parses seed JSON text; syntax errors become `SeedError`s too. */
export function parseSeed(text: string, registry: ClassRegistry, options: SeedOptions = {}): CimInstance[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (cause) {
    throw new SeedError('$', `invalid JSON: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  return seedInstances(document, registry, options);
}

function seedInstance(entry: unknown, where: string, registry: ClassRegistry, namespace: string | undefined): CimInstance {
  if (!isPlainObject(entry)) throw new SeedError(where, `expected an object with "class" and "properties", got ${describeJson(entry)}`);
  for (const key of Object.keys(entry)) {
    if (key !== 'class' && key !== 'properties') throw new SeedError(`${where}.${key}`, 'unknown key (expected "class" and "properties")');
  }
  const className = entry['class'];
  if (typeof className !== 'string') throw new SeedError(`${where}.class`, `expected a class name, got ${describeJson(className)}`);
  const d = registry.get(className);
  if (!d) throw new SeedError(`${where}.class`, `unknown class ${className}`);
  if (d.isAbstract) throw new SeedError(`${where}.class`, `class ${d.name} is abstract`);
  const props = entry['properties'] ?? {};
  if (!isPlainObject(props)) throw new SeedError(`${where}.properties`, `expected an object, got ${describeJson(props)}`);
  const instance = wireInstance(d, props, `${where}.properties`, registry, true);
  return { ...instance, namespace: namespace ?? d.namespace };
}

function wireInstance(d: ClassDescriptor, props: Record<string, unknown>, where: string, registry: ClassRegistry, requireKeys: boolean): CimInstance {
  const properties: Record<string, CimValue> = {};
  for (const [name, value] of Object.entries(props)) {
    if (name === CLASS_PROPERTY) continue;
    const p = d.properties.find((x) => x.name === name);
    if (!p) {
      const near = findByName(d.properties, name);
      throw new SeedError(`${where}.${name}`, `${d.name} has no property ${name}${near ? ` (did you mean ${near.name}?)` : ''}`);
    }
    if (value === null) continue;
    setOwn(properties, p.name, wireValue(p, value, `${where}.${name}`, d, registry));
  }
  if (requireKeys) {
    for (const k of d.keys) {
      const p = findByName(d.properties, k);
      if (getOwn(properties, p?.name ?? k) === undefined) throw new SeedError(where, `key property ${d.name}.${p?.name ?? k} is missing`);
    }
  }
  for (const p of d.properties as readonly PropertyDescriptor[]) {
    if (p.required && getOwn(properties, p.name) === undefined) throw new SeedError(where, `required property ${d.name}.${p.name} is missing`);
  }
  return { className: d.name, namespace: d.namespace, properties };
}

function wireValue(p: ValueDescriptor, value: unknown, where: string, owner: ClassDescriptor, registry: ClassRegistry): CimValue {
  if (p.isArray) {
    if (!Array.isArray(value)) throw new SeedError(where, `expected an array of ${p.type}, got ${describeJson(value)}`);
    const scalar: ValueDescriptor = { ...p, isArray: false };
    return value.map((element, i) => {
      if (element === null) throw new SeedError(`${where}[${i}]`, 'NULL array element');
      return wireValue(scalar, element, `${where}[${i}]`, owner, registry) as CimScalar;
    });
  }
  if (Array.isArray(value)) throw new SeedError(where, `expected a single ${p.type}, got an array`);
  const at = { className: owner.name, member: where };
  try {
    switch (p.type) {
      case 'reference':
        return marshalValue(p, seedReference(value, where), at, registry);
      case 'instance':
      case 'object': {
        if (typeof value === 'string') return marshalValue(p, value, at, registry);
        if (!isPlainObject(value)) throw new SeedError(where, `expected an embedded instance object, got ${describeJson(value)}`);
        const named = value[CLASS_PROPERTY];
        const className = typeof named === 'string' ? named : p.embeddedClass;
        if (className === undefined) throw new SeedError(where, `an embedded object needs "${CLASS_PROPERTY}"`);
        const d = registry.get(className);
        if (!d) throw new SeedError(where, `unknown embedded class ${className}`);
        if (p.type === 'instance' && p.embeddedClass !== undefined && !isA(d, d.name, p.embeddedClass)) {
          throw new SeedError(where, `expected an instance of ${p.embeddedClass}, got ${d.name}`);
        }
        const inner = wireInstance(d, value, where, registry, false);
        return p.embeddedAs === 'string' ? instanceToCimXml(inner, d, registry) : inner;
      }
      default:
        if (typeof value === 'object' || value === undefined) throw new SeedError(where, `expected ${p.type}, got ${describeJson(value)}`);
        if (typeof value === 'number' && (p.type === 'uint64' || p.type === 'sint64') && !Number.isSafeInteger(value)) {
          throw new SeedError(where, `${p.type} ${value} is not a safe integer; write it as a decimal string`);
        }
        // The unmarshaler accepts JSON's forms and text forms (decimal strings, DMTF and xs: datetimes) and checks ranges.
        if (typeof value === 'string' && p.type !== 'string' && p.type !== 'char16' && p.type !== 'datetime' && !/^(boolean|real)/.test(p.type)) {
          if (!/^[+-]?\d+$/.test(value.trim())) throw new SeedError(where, `expected ${p.type}, got ${describeJson(value)}`);
        }
        if (typeof value !== 'string' && (p.type === 'string' || p.type === 'char16' || p.type === 'datetime')) {
          throw new SeedError(where, `expected ${p.type === 'datetime' ? 'datetime text' : p.type}, got ${describeJson(value)}`);
        }
        return marshalValue(p, unmarshalValue(p, value as CimScalar, at, registry), at, registry);
    }
  } catch (cause) {
    if (cause instanceof SeedError) throw cause;
    if (cause instanceof CimError) throw new SeedError(where, problemOf(cause.message, where), { cause });
    throw cause;
  }
}

function seedReference(value: unknown, where: string): CimReference | string {
  if (typeof value === 'string') return value;
  if (!isPlainObject(value)) throw new SeedError(where, `expected an object path or { "class", "keys" }, got ${describeJson(value)}`);
  for (const key of Object.keys(value)) {
    if (key !== 'class' && key !== 'keys' && key !== 'namespace') throw new SeedError(`${where}.${key}`, 'unknown key (expected "class", "keys", "namespace")');
  }
  const { class: className, keys = {}, namespace } = value as { class?: unknown; keys?: unknown; namespace?: unknown };
  if (typeof className !== 'string') throw new SeedError(`${where}.class`, `expected a class name, got ${describeJson(className)}`);
  if (!isPlainObject(keys)) throw new SeedError(`${where}.keys`, `expected an object, got ${describeJson(keys)}`);
  if (namespace !== undefined && typeof namespace !== 'string') throw new SeedError(`${where}.namespace`, `expected a string, got ${describeJson(namespace)}`);
  const typed: Record<string, CimKeyValue> = {};
  for (const [k, v] of Object.entries(keys)) {
    if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) setOwn(typed, k, v);
    else if (isPlainObject(v)) setOwn(typed, k, seedReference(v, `${where}.keys.${k}`) as CimReference);
    else throw new SeedError(`${where}.keys.${k}`, `expected a key value, got ${describeJson(v)}`);
  }
  try {
    return new CimReference(className, typed, { namespace });
  } catch (cause) {
    throw new SeedError(where, cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/** The marshaler's messages start with `Class.member: `; the JSON path replaces that. */
function problemOf(message: string, where: string): string {
  const i = message.indexOf(`${where}: `);
  return i === -1 ? message : message.slice(i + where.length + 2);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describeJson(v: unknown): string {
  if (isPlainObject(v)) return 'an object';
  if (Array.isArray(v)) return 'an array';
  return describeValue(v);
}

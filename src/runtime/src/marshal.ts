/**
 * Typed values ⇄ wire values, driven only by descriptors.
 *
 * Typed instances are plain objects keyed by property name (as the schema
 * spells them) plus `__CLASS`, WMI's own system-property name for the class:
 * optional on input (defaults to the descriptor's class), always set on
 * output, so embedded objects of any class can be told apart.
 *
 * Marshaling (typed → wire) is strict: the caller wrote the value. Unmarshaling
 * (wire → typed) accepts each type's canonical wire form and its text form,
 * because text-only transports (WS-Management) cannot say more.
 */
import type { ClassDescriptor, MethodDescriptor, ParameterDescriptor, ValueDescriptor } from './descriptor.js';
import type { CimInstance, CimScalar, CimValue, InvokeResult } from './session.js';
import { CimDateTime } from './datetime.js';
import { INTEGER_RANGES } from './integers.js';
import { CimReference, type CimKeyValue } from './reference.js';
import { CimMarshalError, describeValue } from './errors.js';
import { type ClassRegistry, findByName, findMethod, isA, lookup } from './registry.js';
import { instanceFromCimXml, instanceToCimXml } from './cimxml.js';
import { getOwn, setOwn } from './own.js';

/** The typed-object property carrying the class name. */
export const CLASS_PROPERTY = '__CLASS';

/** Where a value sits, for error messages: `Msvm_X.ElementName`. */
export interface MarshalLocation {
  readonly className: string;
  readonly member: string;
}

export interface MarshalInstanceOptions {
  /** Fail when a key property is missing (default true). Embedded instances pass false: WMI templates leave keys NULL. */
  readonly requireKeys?: boolean;
}


function err(where: MarshalLocation, problem: string, value: unknown): CimMarshalError {
  return new CimMarshalError(where.className, where.member, problem, value);
}

function expected(where: MarshalLocation, what: string, value: unknown): CimMarshalError {
  return err(where, `expected ${what}, got ${describeValue(value)}`, value);
}

export function isCimInstance(v: unknown): v is CimInstance {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    typeof (v as CimInstance).className === 'string' &&
    typeof (v as CimInstance).properties === 'object' &&
    (v as CimInstance).properties !== null
  );
}

function at(where: MarshalLocation, index: number): MarshalLocation {
  return { className: where.className, member: `${where.member}[${index}]` };
}

// ---- values -----------------------------------------------------------------

/** Typed value → wire value. `null`/`undefined` → `null`. */
export function marshalValue(desc: ValueDescriptor, value: unknown, where: MarshalLocation, registry?: ClassRegistry): CimValue {
  if (value === null || value === undefined) return null;
  if (desc.isArray) {
    if (!Array.isArray(value)) throw expected(where, `an array of ${desc.type}`, value);
    return value.map((element, i) => {
      // A typed `readonly T[]` cannot say "NULL element", so none is accepted.
      if (element === null || element === undefined) throw err(at(where, i), 'NULL array element', element);
      return marshalScalar(desc, element, at(where, i), registry);
    });
  }
  if (Array.isArray(value)) throw expected(where, `a single ${desc.type}`, value);
  return marshalScalar(desc, value, where, registry);
}

function marshalScalar(desc: ValueDescriptor, value: unknown, where: MarshalLocation, registry?: ClassRegistry): CimScalar {
  const type = desc.type;
  switch (type) {
    case 'boolean':
      if (typeof value !== 'boolean') throw expected(where, 'boolean', value);
      return value;
    case 'string':
      if (typeof value !== 'string') throw expected(where, 'string', value);
      return value;
    case 'char16':
      if (typeof value !== 'string' || value.length !== 1) throw expected(where, 'char16 (a string of one UTF-16 unit)', value);
      return value;
    case 'real32':
    case 'real64':
      if (typeof value !== 'number') throw expected(where, type, value);
      if (type === 'real32' && Number.isFinite(value) && !Number.isFinite(Math.fround(value))) {
        throw err(where, `real32 out of range: ${describeValue(value)}`, value);
      }
      return value;
    case 'uint8':
    case 'sint8':
    case 'uint16':
    case 'sint16':
    case 'uint32':
    case 'sint32':
    case 'uint64':
    case 'sint64':
      return marshalInteger(type, value, where);
    case 'datetime':
      if (value instanceof CimDateTime) return value;
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw expected(where, 'a valid Date', value);
        return CimDateTime.fromDate(value);
      }
      throw expected(where, 'CimDateTime or Date', value);
    case 'reference':
      return marshalReference(desc, value, where, registry);
    case 'instance':
    case 'object': {
      if (typeof value === 'string' && desc.embeddedAs === 'string') {
        // Escape hatch: CIM-XML text the caller already has (e.g. from WMI's GetText) passes through once it parses.
        try {
          instanceFromCimXml(value);
        } catch (cause) {
          throw new CimMarshalError(where.className, where.member, 'invalid embedded instance text', value, { cause });
        }
        return value;
      }
      if (typeof value !== 'object' || value === null || value instanceof CimReference || value instanceof CimDateTime) {
        throw expected(where, type === 'instance' ? `an instance of ${desc.embeddedClass ?? 'a class'}` : 'an embedded object', value);
      }
      const className = classOf(value) ?? desc.embeddedClass;
      if (className === undefined) throw err(where, `embedded object needs ${CLASS_PROPERTY}`, value);
      // An unregistered subclass of a known embedded class is written with the base's descriptor.
      const target = registry?.get(className) ?? (desc.embeddedClass === undefined ? undefined : registry?.get(desc.embeddedClass));
      if (!target) throw err(where, `unknown embedded class ${className} (register its descriptor)`, value);
      if (type === 'instance' && desc.embeddedClass !== undefined && !isA(target, target.name, desc.embeddedClass)) {
        throw err(where, `expected an instance of ${desc.embeddedClass}, got ${target.name}`, value);
      }
      const wire = marshalInstance(target, value, registry, { requireKeys: false });
      if ((desc.embeddedAs ?? 'object') === 'object') return wire;
      // Only the properties the caller gave: an absent one keeps the server's class default (WMI
      // fills those in), an explicit `null` is written as a NULL property and overrides it.
      const given = { ...target, properties: target.properties.filter((p) => Object.hasOwn(wire.properties, p.name)) };
      return instanceToCimXml(wire, given, registry);
    }
    default:
      throw err(where, `unsupported CIM type ${String(type)}`, value);
  }
}

function marshalInteger(type: string, value: unknown, where: MarshalLocation): number | bigint {
  const [min, max] = INTEGER_RANGES[type]!;
  const wide = type.endsWith('64');
  let big: bigint;
  if (typeof value === 'bigint') big = value;
  else if (typeof value === 'number' && Number.isInteger(value)) {
    if (wide && !Number.isSafeInteger(value)) throw err(where, `${type}: ${describeValue(value)} is not a safe integer; pass a bigint`, value);
    big = BigInt(value);
  } else throw expected(where, wide ? `${type} (bigint or safe integer)` : `${type} (integer)`, value);
  if (big < min || big > max) throw err(where, `${type} out of range ${min}..${max}: ${describeValue(value)}`, value);
  return wide ? big : Number(big);
}

function marshalReference(desc: ValueDescriptor, value: unknown, where: MarshalLocation, registry?: ClassRegistry): CimReference {
  let ref: CimReference;
  if (value instanceof CimReference) ref = value;
  else if (typeof value === 'string') {
    try {
      ref = CimReference.parse(value);
    } catch (cause) {
      throw new CimMarshalError(where.className, where.member, `invalid object path ${JSON.stringify(value)}`, value, { cause });
    }
  } else throw expected(where, `CimReference${desc.refClass ? ` to ${desc.refClass}` : ''} or object path`, value);
  // Checked only when the referenced class is known: servers may name subclasses we never saw.
  const known = registry?.get(ref.className);
  if (desc.refClass && known && !isA(known, known.name, desc.refClass)) {
    throw err(where, `expected a reference to ${desc.refClass}, got one to ${ref.className}`, value);
  }
  return ref;
}

/** Wire value → typed value; NULL → `undefined`. */
export function unmarshalValue(desc: ValueDescriptor, wire: CimValue | undefined, where: MarshalLocation, registry?: ClassRegistry): unknown {
  if (wire === null || wire === undefined) return undefined;
  if (desc.isArray) {
    // WS-Management cannot tell a one-element array from a scalar.
    const items = Array.isArray(wire) ? wire : [wire];
    return items.map((element, i) => (element === null ? null : unmarshalScalar(desc, element, at(where, i), registry)));
  }
  if (Array.isArray(wire)) {
    if (wire.length === 1 && wire[0] !== null) return unmarshalScalar(desc, wire[0]!, where, registry);
    throw expected(where, `a single ${desc.type}`, wire);
  }
  return unmarshalScalar(desc, wire as CimScalar, where, registry);
}

function unmarshalScalar(desc: ValueDescriptor, wire: CimScalar, where: MarshalLocation, registry?: ClassRegistry): unknown {
  const type = desc.type;
  switch (type) {
    case 'boolean':
      if (typeof wire === 'boolean') return wire;
      if (typeof wire === 'string') {
        const t = wire.trim().toLowerCase();
        if (t === 'true' || t === '1') return true;
        if (t === 'false' || t === '0') return false;
      }
      throw expected(where, 'boolean', wire);
    case 'string':
      if (typeof wire === 'string') return wire;
      throw expected(where, 'string', wire);
    case 'char16':
      if (typeof wire === 'string' && wire.length === 1) return wire;
      if (typeof wire === 'number' && Number.isInteger(wire) && wire >= 0 && wire <= 0xffff) return String.fromCharCode(wire);
      throw expected(where, 'char16', wire);
    case 'real32':
    case 'real64':
      if (typeof wire === 'number') return wire;
      // An integer on the wire (CIM-XML written by a peer that typed the value by its look): its real value.
      if (typeof wire === 'bigint') return Number(wire);
      if (typeof wire === 'string') {
        const t = wire.trim();
        if (t === 'INF') return Infinity;
        if (t === '-INF') return -Infinity;
        if (t === 'NaN') return NaN;
        if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
      }
      throw expected(where, type, wire);
    case 'uint8':
    case 'sint8':
    case 'uint16':
    case 'sint16':
    case 'uint32':
    case 'sint32':
    case 'uint64':
    case 'sint64': {
      let value: unknown = wire;
      if (typeof wire === 'string') {
        const t = wire.trim();
        if (!/^[+-]?\d+$/.test(t)) throw expected(where, type, wire);
        // Up to 32 bits, text of at most 10 digits is exact as a number: no BigInt round trip.
        if (t.length <= 11 && !type.endsWith('64')) {
          const [min, max] = INTEGER_RANGES[type]!;
          const n = Number(t);
          if (n >= Number(min) && n <= Number(max)) return n === 0 ? 0 : n;
          throw err(where, `${type} out of range ${min}..${max}: ${describeValue(wire)}`, wire);
        }
        value = BigInt(t);
      } else if (typeof wire === 'number' && type.endsWith('64') && Number.isInteger(wire)) {
        value = BigInt(wire);
      }
      return marshalInteger(type, value, where);
    }
    case 'datetime':
      if (wire instanceof CimDateTime) return wire;
      if (typeof wire === 'string') {
        const t = wire.trim();
        try {
          // DMTF text is fixed-length with a sign or ':' at offset 21; anything else is XML Schema text.
          return /^[\d*]{14}\.[\d*]{6}[-+:][\d*]{3}$/.test(t) ? CimDateTime.parse(t) : CimDateTime.fromXsd(t);
        } catch (cause) {
          throw new CimMarshalError(where.className, where.member, `invalid datetime ${JSON.stringify(wire)}`, wire, { cause });
        }
      }
      throw expected(where, 'datetime', wire);
    case 'reference': {
      let ref: CimReference;
      if (wire instanceof CimReference) ref = wire;
      else if (typeof wire === 'string') {
        try {
          ref = CimReference.parse(wire);
        } catch (cause) {
          throw new CimMarshalError(where.className, where.member, `invalid object path ${JSON.stringify(wire)}`, wire, { cause });
        }
      } else throw expected(where, 'reference', wire);
      return registry ? typeReferenceKeys(ref, registry) : ref;
    }
    case 'instance':
    case 'object': {
      let inst: CimInstance;
      if (typeof wire === 'string') {
        try {
          inst = instanceFromCimXml(wire);
        } catch (cause) {
          throw new CimMarshalError(where.className, where.member, 'invalid embedded instance text', wire, { cause });
        }
      } else if (isCimInstance(wire)) inst = wire;
      else throw expected(where, 'embedded instance', wire);
      const known = registry?.get(inst.className);
      const base = desc.embeddedClass === undefined ? undefined : registry?.get(desc.embeddedClass);
      if (known && desc.embeddedClass !== undefined && !isA(known, known.name, desc.embeddedClass)) {
        throw err(where, `expected an instance of ${desc.embeddedClass}, got ${known.name}`, wire);
      }
      const target = known ?? base;
      if (!target) throw err(where, `unknown embedded class ${inst.className} (register its descriptor)`, wire);
      return unmarshalInstance(target, inst, registry);
    }
    default:
      throw err(where, `unsupported CIM type ${String(type)}`, wire);
  }
}

/**
 * Gives a reference's key values their schema types (a `"3"` selector becomes
 * `3`, a quoted nested path becomes a `CimReference`) when the referenced
 * class is registered; keys it cannot type are left as they came.
 */
export function typeReferenceKeys<T>(ref: CimReference<T>, registry: ClassRegistry): CimReference<T> {
  const d = registry.get(ref.className);
  if (!d) return ref;
  let changed = false;
  const keys: Record<string, CimKeyValue> = {};
  for (const [name, value] of Object.entries(ref.keys)) {
    setOwn(keys, name, value);
    const p = findByName(d.properties, name);
    if (!p || p.isArray || p.type === 'instance' || p.type === 'object' || typeof value !== 'string') continue;
    try {
      const typed = unmarshalScalar(p, value, { className: d.name, member: p.name }, registry);
      if (typed !== value) {
        setOwn(keys, name, typed as CimKeyValue);
        changed = true;
      }
    } catch {
      // keep the text: a path with an odd key is still a usable path
    }
  }
  return changed ? new CimReference<T>(ref.className, keys, { namespace: ref.namespace, host: ref.host, singleton: ref.isSingleton }) : ref;
}

// ---- instances -----------------------------------------------------------------

function classOf(value: object): string | undefined {
  const c = (value as Record<string, unknown>)[CLASS_PROPERTY];
  return typeof c === 'string' && c !== '' ? c : undefined;
}

/**
 * The descriptor for `value` and the class name to send: its `__CLASS` when that is
 * `descriptor` or a registered subclass; an unregistered `__CLASS` is taken as a
 * subclass we were not told about (as `unmarshalInstance` does), so a value read
 * through a base class can be written back through it.
 */
function resolveClass(
  descriptor: ClassDescriptor,
  className: string | undefined,
  registry?: ClassRegistry,
): { readonly d: ClassDescriptor; readonly className: string } {
  if (className === undefined || className.toLowerCase() === descriptor.name.toLowerCase()) return { d: descriptor, className: descriptor.name };
  const sub = registry?.get(className);
  if (!sub) return { d: descriptor, className };
  if (isA(sub, sub.name, descriptor.name)) return { d: sub, className: sub.name };
  throw new CimMarshalError(descriptor.name, CLASS_PROPERTY, `${sub.name} is not a subclass of ${descriptor.name}`, className);
}

/** Typed instance → wire instance. Properties absent from `value` are omitted; `null` ones are sent as NULL. */
export function marshalInstance(
  descriptor: ClassDescriptor,
  value: object,
  registry?: ClassRegistry,
  options: MarshalInstanceOptions = {},
): CimInstance {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CimMarshalError(descriptor.name, CLASS_PROPERTY, `expected an instance object, got ${describeValue(value)}`, value);
  }
  const { d, className } = resolveClass(descriptor, classOf(value), registry);
  const input = value as Record<string, unknown>;
  for (const name of Object.keys(input)) {
    // `__`-prefixed names are WMI system properties (`__CLASS`, `__PATH`…), never schema properties.
    if (name.startsWith('__')) continue;
    if (!d.properties.some((p) => p.name === name)) {
      const near = findByName(d.properties, name);
      throw new CimMarshalError(d.name, name, near ? `unknown property (did you mean ${near.name}?)` : 'unknown property', input[name]);
    }
  }
  const requireKeys = options.requireKeys ?? true;
  const properties: Record<string, CimValue> = {};
  for (const p of d.properties) {
    const v = getOwn(input, p.name);
    if (v === undefined || v === null) {
      if ((p.key && requireKeys) || p.required) {
        throw new CimMarshalError(d.name, p.name, `${p.key ? 'key' : 'required'} property is missing`, v);
      }
      if (v === null) setOwn(properties, p.name, null);
      continue;
    }
    setOwn(properties, p.name, marshalValue(p, v, { className: d.name, member: p.name }, registry));
  }
  return { className, namespace: d.namespace, properties };
}

/** Wire instance → typed instance (with `__CLASS`). NULL properties are left out; wire properties the descriptor lacks are ignored. */
export function unmarshalInstance<T = Record<string, unknown>>(descriptor: ClassDescriptor, instance: CimInstance, registry?: ClassRegistry): T {
  if (!isCimInstance(instance)) {
    throw new CimMarshalError(descriptor.name, CLASS_PROPERTY, `expected a CIM instance, got ${describeValue(instance)}`, instance);
  }
  let d = descriptor;
  let className = instance.className;
  if (className.toLowerCase() === descriptor.name.toLowerCase()) className = descriptor.name;
  else {
    const sub = registry?.get(className);
    if (sub) {
      if (!isA(sub, sub.name, descriptor.name)) {
        throw new CimMarshalError(descriptor.name, CLASS_PROPERTY, `expected an instance of ${descriptor.name}, got ${sub.name}`, className);
      }
      d = sub;
      className = sub.name;
    }
    // An unregistered class is taken as a subclass we were not told about: read what `descriptor` knows.
  }
  const out: Record<string, unknown> = { [CLASS_PROPERTY]: className };
  for (const p of d.properties) {
    const wire = lookup(instance.properties, p.name);
    const v = unmarshalValue(p, wire, { className: d.name, member: p.name }, registry);
    if (v !== undefined) setOwn(out, p.name, v);
  }
  return out as T;
}

/** The path of a typed instance, from its key properties. */
export function instancePath<T = unknown>(descriptor: ClassDescriptor, value: object, registry?: ClassRegistry): CimReference<T> {
  const wire = marshalInstance(descriptor, value, registry);
  const d = registry?.get(wire.className) ?? descriptor;
  return wirePath<T>(d, wire);
}

/** The path of a wire instance, from the key properties its descriptor names. */
export function wirePath<T = unknown>(descriptor: ClassDescriptor, instance: CimInstance): CimReference<T> {
  const keys: Record<string, CimKeyValue> = {};
  for (const k of descriptor.keys) {
    const p = findByName(descriptor.properties, k);
    const v = lookup(instance.properties, k);
    if (v === null || v === undefined || Array.isArray(v) || isCimInstance(v)) {
      throw new CimMarshalError(descriptor.name, k, 'key property is missing or not a single value', v);
    }
    setOwn(keys, p?.name ?? k, v as CimKeyValue);
  }
  return new CimReference<T>(instance.className, keys, {
    namespace: instance.namespace ?? descriptor.namespace,
    singleton: descriptor.keys.length === 0,
  });
}

// ---- methods ------------------------------------------------------------------

export function resolveMethod(classDesc: ClassDescriptor, method: MethodDescriptor | string): MethodDescriptor {
  if (typeof method !== 'string') return method;
  const m = findMethod(classDesc, method);
  if (!m) throw new CimMarshalError(classDesc.name, method, 'no such method', undefined);
  return m;
}

function paramWhere(classDesc: ClassDescriptor, m: MethodDescriptor, p: string): MarshalLocation {
  return { className: classDesc.name, member: `${m.name}.${p}` };
}

function checkParams(
  classDesc: ClassDescriptor,
  m: MethodDescriptor,
  names: Iterable<string>,
  usable: (p: ParameterDescriptor) => boolean,
  kind: string,
  values: Readonly<Record<string, unknown>>,
): void {
  for (const name of names) {
    const p = findByName(m.parameters, name);
    if (!p || !usable(p)) {
      throw new CimMarshalError(classDesc.name, `${m.name}.${name}`, p ? `not an ${kind} parameter` : 'unknown parameter', values[name]);
    }
  }
}

/** Typed arguments → wire `[In]` parameters. Unknown names and `[Out]`-only parameters are errors; absent ones are left out. */
export function marshalArguments(
  classDesc: ClassDescriptor,
  method: MethodDescriptor | string,
  args: object | undefined,
  registry?: ClassRegistry,
): Record<string, CimValue> {
  const m = resolveMethod(classDesc, method);
  const input = (args ?? {}) as Record<string, unknown>;
  checkParams(classDesc, m, Object.keys(input), (p) => p.in, 'input', input);
  const out: Record<string, CimValue> = {};
  for (const p of m.parameters) {
    if (!p.in) continue;
    const v = lookup(input, p.name);
    if (v === undefined) continue;
    setOwn(out, p.name, marshalValue(p, v, paramWhere(classDesc, m, p.name), registry));
  }
  return out;
}

/** Wire `[In]` parameters → typed arguments (the provider side). */
export function unmarshalArguments<A = Record<string, unknown>>(
  classDesc: ClassDescriptor,
  method: MethodDescriptor | string,
  inParameters: Readonly<Record<string, CimValue>>,
  registry?: ClassRegistry,
): A {
  const m = resolveMethod(classDesc, method);
  checkParams(classDesc, m, Object.keys(inParameters), (p) => p.in, 'input', inParameters);
  const out: Record<string, unknown> = {};
  for (const p of m.parameters) {
    if (!p.in) continue;
    const v = unmarshalValue(p, lookup(inParameters, p.name), paramWhere(classDesc, m, p.name), registry);
    if (v !== undefined) setOwn(out, p.name, v);
  }
  return out as A;
}

/** Typed `{ ReturnValue, ...outs }` → wire result (the provider side). */
export function marshalResult(
  classDesc: ClassDescriptor,
  method: MethodDescriptor | string,
  result: object | undefined,
  registry?: ClassRegistry,
): InvokeResult {
  const m = resolveMethod(classDesc, method);
  const input = (result ?? {}) as Record<string, unknown>;
  const names = Object.keys(input).filter((n) => n !== 'ReturnValue');
  checkParams(classDesc, m, names, (p) => p.out, 'output', input);
  const where = paramWhere(classDesc, m, 'ReturnValue');
  let returnValue: CimValue = null;
  if (m.returns !== 'void') {
    if (input.ReturnValue === undefined || input.ReturnValue === null) throw err(where, 'ReturnValue is missing', input.ReturnValue);
    returnValue = marshalValue(m.returns, input.ReturnValue, where, registry);
  }
  const outParameters: Record<string, CimValue> = {};
  for (const p of m.parameters) {
    if (!p.out) continue;
    const v = lookup(input, p.name);
    if (v === undefined) continue;
    setOwn(outParameters, p.name, marshalValue(p, v, paramWhere(classDesc, m, p.name), registry));
  }
  return { returnValue, outParameters };
}

/** Wire result → typed `{ ReturnValue, ...outs }`; NULL or absent outputs are left out (so `Job` is `undefined` when the call finished synchronously). */
export function unmarshalResult<R = Record<string, unknown>>(
  classDesc: ClassDescriptor,
  method: MethodDescriptor | string,
  result: InvokeResult,
  registry?: ClassRegistry,
): R {
  const m = resolveMethod(classDesc, method);
  const out: Record<string, unknown> = {};
  if (m.returns !== 'void') {
    const rv = unmarshalValue(m.returns, result.returnValue, paramWhere(classDesc, m, 'ReturnValue'), registry);
    if (rv !== undefined) out.ReturnValue = rv;
  }
  for (const p of m.parameters) {
    if (!p.out) continue;
    const v = unmarshalValue(p, lookup(result.outParameters ?? {}, p.name), paramWhere(classDesc, m, p.name), registry);
    if (v !== undefined) setOwn(out, p.name, v);
  }
  return out as R;
}

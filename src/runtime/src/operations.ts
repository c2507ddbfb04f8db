/**
 * The schema-independent generics every generated class module is built from:
 * the typed instance operations (`ref`, `get`, `enumerate`, `create`, `modify`,
 * `delete`), the provider shapes, descriptor inheritance, and the job-aware
 * call typed by the job's class. They live here, not in each generated
 * package, so a fix reaches every SDK without regenerating it.
 */
import type { ClassDescriptor } from './descriptor.js';
import type { CimSession, EnumerateOptions } from './session.js';
import type { ProviderCallOptions } from './provider.js';
import type { ClassRegistry } from './registry.js';
import { findByName, lookup } from './registry.js';
import { CimReference, type CimKeyValue } from './reference.js';
import { CimMarshalError } from './errors.js';
import { CLASS_PROPERTY, isCimInstance, marshalValue, unmarshalInstance } from './marshal.js';
import {
  callMethodAndWait,
  createTypedInstance,
  deleteTypedInstance,
  enumerateTypedInstances,
  getTypedInstance,
  modifyTypedInstance,
  type JobCallOptions,
  type TypedCallOptions,
} from './invoke.js';
import { setOwn } from './own.js';

/** What a job-aware call resolves with: the method's result and, when a job ran, the job as it ended (typed as the job's class). */
export type JobResult<R, J> = R & { readonly finishedJob?: J };

/**
 * `callMethodAndWait`, with the finished job unmarshaled as `jobClass` (a subclass keeps its
 * own `__CLASS`).
 */
export async function callMethodAndWaitTyped<R extends object, J>(
  session: CimSession,
  descriptor: ClassDescriptor,
  methodName: string,
  target: CimReference,
  args: object | undefined,
  jobClass: ClassDescriptor | undefined,
  options: JobCallOptions,
): Promise<JobResult<R, J>> {
  const { finishedJob, ...result } = await callMethodAndWait<R>(session, descriptor, methodName, target, args, options);
  if (finishedJob === undefined) return result as unknown as JobResult<R, J>;
  const job = jobClass ? unmarshalInstance<J>(jobClass, finishedJob, options.registry) : (finishedJob as J);
  return { ...result, finishedJob: job } as unknown as JobResult<R, J>;
}

/** The typed instance operations every class has (`T` as read, `TInit` as written, `TKeys` its keys). */
export interface InstanceOperations<T, TInit, TKeys> {
  /** Schema facts the runtime marshals with. */
  readonly descriptor: ClassDescriptor;
  /**
   * A path to the instance with these keys. An instance read from a server may be passed
   * as it is: only the key properties of its class are taken, and its `__CLASS` names the path's class.
   */
  ref(keys: TKeys): CimReference<T>;
  /** Reads one instance. */
  get(session: CimSession, path: CimReference<T>, options?: TypedCallOptions): Promise<T>;
  /** Every instance (and, unless `deep: false`, instances of subclasses). */
  enumerate(session: CimSession, options?: EnumerateOptions & TypedCallOptions): AsyncIterable<T>;
  /** Creates an instance; resolves to its path. Keys the server assigns may be left out. */
  create(session: CimSession, instance: TInit, options?: TypedCallOptions): Promise<CimReference<T>>;
  /** Writes the properties present in `instance` to the instance its keys name. */
  modify(session: CimSession, instance: TInit, options?: TypedCallOptions & { readonly propertyList?: readonly string[] }): Promise<void>;
  /** Deletes an instance. */
  delete(session: CimSession, path: CimReference<T>, options?: TypedCallOptions): Promise<void>;
}

/**
 * The instance operations of a class, typed by its generated types. `registry` supplies the
 * descriptors of embedded classes (a caller's `options.registry` takes precedence).
 */
export function instanceOperations<T, TInit, TKeys extends object>(
  descriptor: ClassDescriptor,
  registry?: () => ClassRegistry,
): InstanceOperations<T, TInit, TKeys> {
  const typed = <O extends TypedCallOptions>(options: O | undefined): O | undefined =>
    registry && !options?.registry ? ({ ...options, registry: registry() } as O) : options;
  return {
    descriptor,
    ref: (keys) => referenceTo<T>(descriptor, keys, registry?.()),
    get: (session, path, options) => getTypedInstance<T>(session, descriptor, path, typed(options)),
    enumerate: (session, options) => enumerateTypedInstances<T>(session, descriptor, typed(options)),
    create: (session, instance, options) => createTypedInstance<T>(session, descriptor, instance as object, typed(options)),
    modify: (session, instance, options) => modifyTypedInstance(session, descriptor, instance as object, typed(options)),
    delete: (session, path, options) => deleteTypedInstance(session, descriptor, path, options),
  };
}

/**
 * The path naming `value` (its keys, or a whole instance): the class is `value.__CLASS` when it
 * names `descriptor`'s class or a registered subclass, and only that class's key properties are
 * kept, marshaled as their declared types (a CIM object path holds keys and nothing else).
 */
export function referenceTo<T>(descriptor: ClassDescriptor, value: object, registry?: ClassRegistry): CimReference<T> {
  const record = value as Readonly<Record<string, unknown>>;
  const named = lookup(record, CLASS_PROPERTY);
  const own = typeof named === 'string' ? (registry?.get(named) ?? (named.toLowerCase() === descriptor.name.toLowerCase() ? descriptor : undefined)) : undefined;
  const d = own ?? descriptor;
  const keys: Record<string, CimKeyValue> = {};
  for (const name of d.keys) {
    const property = findByName(d.properties, name);
    const v = lookup(record, name);
    if (v === undefined || v === null || !property) continue;
    const wire = marshalValue(property, v, { className: d.name, member: property.name }, registry);
    if (wire === null || Array.isArray(wire) || isCimInstance(wire)) {
      throw new CimMarshalError(d.name, property.name, 'a key must be a single value', v);
    }
    setOwn(keys, property.name, wire as CimKeyValue);
  }
  return CimReference.to<T>(d.name, keys, { namespace: d.namespace });
}

/** A method as a provider of class `T` implements it: typed target, arguments and result. */
export type ClassProviderMethod<T, A, R> = (target: CimReference<T>, args: A, options: ProviderCallOptions) => R | Promise<R>;

/** What a provider of a class implements for its instances; every operation optional (missing = CIM_ERR_NOT_SUPPORTED). */
export interface InstanceProvider<T, TInit> {
  /** The instance at `path`, or `undefined` when there is none (answered as CIM_ERR_NOT_FOUND). */
  getInstance?(path: CimReference<T>, options: ProviderCallOptions): TInit | undefined | Promise<TInit | undefined>;
  /** Every instance of the class. */
  enumerateInstances?(options: EnumerateOptions): AsyncIterable<TInit> | Iterable<TInit>;
  createInstance?(instance: T, options: ProviderCallOptions): CimReference<T> | Promise<CimReference<T>>;
  modifyInstance?(instance: T, options: ProviderCallOptions & { readonly propertyList?: readonly string[] }): void | Promise<void>;
  deleteInstance?(path: CimReference<T>, options: ProviderCallOptions): void | Promise<void>;
}

/**
 * A descriptor member list: the superclass's, with entries redeclared by the subclass
 * replaced in place and new ones appended (the model's flattened order).
 */
export function inherit<T extends { readonly name: string }>(base: readonly T[], own: readonly T[]): readonly T[] {
  const replaced = new Map(own.map((m) => [m.name, m]));
  const result = base.map((m) => replaced.get(m.name) ?? m);
  const inherited = new Set(base.map((m) => m.name));
  for (const m of own) if (!inherited.has(m.name)) result.push(m);
  return result;
}

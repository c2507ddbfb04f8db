/**
 * The provider contract: what a server-side implementation of a class
 * offers to a session or server (in wire values), and `bindProvider`, which
 * adapts a typed implementation (the shape of a generated provider
 * interface) to that contract.
 */
import type { ClassDescriptor } from './descriptor.js';
import type { CallOptions, CimInstance, CimValue, EnumerateOptions, InvokeResult } from './session.js';
import type { CimReference } from './reference.js';
import { CimNotFoundError, CimSessionError, CimStatus } from './errors.js';
import { type ClassRegistry, findMethod } from './registry.js';
import { marshalInstance, marshalResult, unmarshalArguments, unmarshalInstance } from './marshal.js';
import { getOwn } from './own.js';

type MaybePromise<T> = T | Promise<T>;

/** Options a provider receives: sessions always pass a signal that aborts on caller abort or timeout. */
export interface ProviderCallOptions extends CallOptions {
  readonly signal?: AbortSignal;
}

/** Wire-level provider. Every operation is optional; sessions report the missing ones as NOT_SUPPORTED / METHOD_NOT_AVAILABLE. */
export interface CimProvider {
  getInstance?(path: CimReference, options: ProviderCallOptions): MaybePromise<CimInstance>;
  enumerateInstances?(className: string, options: EnumerateOptions): AsyncIterable<CimInstance> | Iterable<CimInstance>;
  invokeMethod?(
    target: CimReference,
    methodName: string,
    inParameters: Readonly<Record<string, CimValue>>,
    options: ProviderCallOptions,
  ): MaybePromise<InvokeResult>;
  createInstance?(instance: CimInstance, options: ProviderCallOptions): MaybePromise<CimReference>;
  modifyInstance?(instance: CimInstance, options: ProviderCallOptions & { readonly propertyList?: readonly string[] }): MaybePromise<void>;
  deleteInstance?(path: CimReference, options: ProviderCallOptions): MaybePromise<void>;
}

/**
 * A typed implementation: each CIM method by its schema name,
 * `(target, args, options) → { ReturnValue, ...outs }`, plus optional
 * lower-case instance operations on typed instances.
 */
export interface TypedProviderImplementation {
  getInstance?(path: CimReference, options: ProviderCallOptions): MaybePromise<object | undefined>;
  enumerateInstances?(options: EnumerateOptions): AsyncIterable<object> | Iterable<object>;
  createInstance?(instance: object, options: ProviderCallOptions): MaybePromise<CimReference>;
  modifyInstance?(instance: object, options: ProviderCallOptions & { readonly propertyList?: readonly string[] }): MaybePromise<void>;
  deleteInstance?(path: CimReference, options: ProviderCallOptions): MaybePromise<void>;
}

/** A typed method implementation as generated provider interfaces declare it. */
export type ProviderMethod<A, R> = (target: CimReference, args: A, options: ProviderCallOptions) => MaybePromise<R>;

function methodOf(implementation: object, name: string): ((...a: unknown[]) => unknown) | undefined {
  // A method named like a member every object has (`toString`, `constructor`) is implemented
  // only where the implementation defines it: Object's, or a class's constructor, is not it.
  const direct =
    name === 'constructor' ? getOwn(implementation as Record<string, unknown>, name) : (implementation as Record<string, unknown>)[name];
  if (typeof direct === 'function' && direct !== (Object.prototype as Record<string, unknown>)[name]) return direct as (...a: unknown[]) => unknown;
  // Case-insensitive fallback, prototype chain included (class-based implementations).
  const lower = name.toLowerCase();
  for (let o: object | null = implementation; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const k of Object.getOwnPropertyNames(o)) {
      if (k.toLowerCase() === lower && k !== 'constructor') {
        const f = (implementation as Record<string, unknown>)[k];
        if (typeof f === 'function') return f as (...a: unknown[]) => unknown;
      }
    }
  }
  return undefined;
}

/**
 * Adapts a typed implementation of `descriptor` to `CimProvider`: wire
 * arguments are unmarshaled (typed errors for bad ones), the implementation's
 * method is called with `(target, args, options)` and its typed result is
 * marshaled back. Instance operations are adapted when the implementation has them.
 */
export function bindProvider(descriptor: ClassDescriptor, implementation: object, registry?: ClassRegistry): CimProvider {
  const impl = implementation as TypedProviderImplementation;
  const provider: CimProvider = {
    async invokeMethod(target, methodName, inParameters, options) {
      const method = findMethod(descriptor, methodName);
      if (!method) throw new CimSessionError(`${descriptor.name} has no method ${methodName}`, CimStatus.METHOD_NOT_FOUND);
      const fn = methodOf(implementation, method.name);
      if (!fn) throw new CimSessionError(`${descriptor.name}.${method.name} is not implemented by this provider`, CimStatus.METHOD_NOT_AVAILABLE);
      const args = unmarshalArguments(descriptor, method, inParameters, registry);
      const result = await fn.call(implementation, target, args, options);
      return marshalResult(descriptor, method, (result ?? undefined) as object | undefined, registry);
    },
  };
  if (impl.getInstance) {
    provider.getInstance = async (path, options) => {
      const typed = await impl.getInstance!.call(implementation, path, options);
      if (typed === undefined || typed === null) throw new CimNotFoundError(`no instance ${path.toString()}`, path);
      return marshalInstance(descriptor, typed, registry);
    };
  }
  if (impl.enumerateInstances) {
    provider.enumerateInstances = (_className, options) =>
      (async function* () {
        for await (const typed of impl.enumerateInstances!.call(implementation, options)) yield marshalInstance(descriptor, typed, registry);
      })();
  }
  if (impl.createInstance) {
    provider.createInstance = (instance, options) =>
      impl.createInstance!.call(implementation, unmarshalInstance(descriptor, instance, registry) as object, options);
  }
  if (impl.modifyInstance) {
    provider.modifyInstance = (instance, options) =>
      impl.modifyInstance!.call(implementation, unmarshalInstance(descriptor, instance, registry) as object, options);
  }
  if (impl.deleteInstance) {
    provider.deleteInstance = (path, options) => impl.deleteInstance!.call(implementation, path, options);
  }
  return provider;
}

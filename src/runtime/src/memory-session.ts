/**
 * An in-memory CIM repository behind the session API: for tests, examples,
 * and as the store a provider host can serve. Instances are held as
 * deep-frozen copies keyed by their normalized path; methods go to
 * registered providers, found up the class hierarchy.
 */
import type { ClassDescriptor } from './descriptor.js';
import type {
  AssociatorsOptions,
  CallOptions,
  CimInstance,
  CimSession,
  CimValue,
  EnumerateOptions,
  InvokeResult,
  ReferencesOptions,
} from './session.js';
import { CimReference, canonicalPath } from './reference.js';
import { CimError, CimNotFoundError, CimSessionError, CimStatus, CimTimeoutError } from './errors.js';
import { ClassRegistry, isA } from './registry.js';
import { isCimInstance, wirePath } from './marshal.js';
import type { CimProvider } from './provider.js';
import { runWithDeadline, throwIfAborted } from './signals.js';
import { matchesWql, parseWql } from './wql.js';
import { setOwn } from './own.js';

export interface InMemorySessionOptions {
  /** Class descriptors: needed for paths (keys), deep enumeration and associations. */
  readonly registry?: ClassRegistry;
  /** Shorthand: descriptors to register (added to `registry` if both are given). */
  readonly classes?: readonly ClassDescriptor[];
  /** Namespace for paths and instances that carry none (default: `root/cimv2`). */
  readonly namespace?: string;
}

interface Stored {
  readonly path: CimReference;
  readonly keyText: string;
  readonly instance: CimInstance;
}

function freezeValue(v: CimValue): CimValue {
  if (Array.isArray(v)) return Object.freeze(v.map((e) => freezeValue(e))) as CimValue;
  if (isCimInstance(v)) return freezeInstance(v);
  // Primitives, CimDateTime and CimReference are immutable already.
  return v;
}

/** A deep-frozen copy: callers can neither change what is stored nor see later changes through their own objects. */
export function freezeInstance(instance: CimInstance, path?: CimReference): CimInstance {
  const properties: Record<string, CimValue> = {};
  for (const [k, v] of Object.entries(instance.properties)) setOwn(properties, k, freezeValue(v));
  const p = path ?? instance.path;
  return Object.freeze({
    className: instance.className,
    ...(instance.namespace !== undefined ? { namespace: instance.namespace } : {}),
    properties: Object.freeze(properties),
    ...(p ? { path: p } : {}),
  });
}

function nsKey(ns: string): string {
  return ns.replace(/\\/g, '/').toLowerCase();
}

/** Key part of a canonical path: class excluded, so a path naming a base class finds a subclass instance. */
function keyText(ref: CimReference): string {
  const full = canonicalPath(ref);
  const dot = full.search(/[.=]/);
  return dot === -1 ? '' : full.slice(dot);
}

export class InMemorySession implements CimSession {
  readonly registry: ClassRegistry;
  readonly namespace: string;
  readonly #instances = new Map<string, Stored>();
  readonly #providers = new Map<string, CimProvider>();
  #closed = false;

  constructor(options: InMemorySessionOptions = {}) {
    this.registry = options.registry ?? new ClassRegistry();
    if (options.classes) this.registry.register(...options.classes);
    this.namespace = (options.namespace ?? 'root/cimv2').replace(/\\/g, '/');
  }

  // ---- repository management (synchronous, for seeding and for providers) ----

  /** Stores (or replaces) an instance and returns its path. Its class must be registered (keys come from the descriptor). */
  put(instance: CimInstance): CimReference {
    const d = this.#descriptor(instance.className);
    const path = this.#pathOf(d, instance);
    this.#store(path, instance);
    return path;
  }

  /** Directs method calls (and, when the provider has them, instance operations) for `className` and its subclasses to `provider`. */
  registerProvider(className: string, provider: CimProvider): this {
    this.#providers.set(className.toLowerCase(), provider);
    return this;
  }

  /** Every stored instance (frozen). */
  instances(): CimInstance[] {
    return [...this.#instances.values()].map((s) => s.instance);
  }

  // ---- CimSession ----

  getInstance(path: CimReference, options?: CallOptions): Promise<CimInstance> {
    return this.#run(options, `GetInstance ${path.toString()}`, async (signal) => {
      const provider = this.#providerFor(path.className);
      if (provider?.getInstance) {
        const got = await provider.getInstance(this.#absolute(path), { signal });
        return freezeInstance(got, got.path ?? this.#absolute(path));
      }
      return this.#find(path).instance;
    });
  }

  enumerateInstances(className: string, options: EnumerateOptions = {}): AsyncIterable<CimInstance> {
    // Validation happens on the first `next()`, as for any async iteration.
    return this.#iterate(options, async (signal) => {
      const query = options.filter === undefined ? undefined : parseWql(options.filter);
      if (!this.registry.has(className) && !this.#all().some((s) => s.instance.className.toLowerCase() === className.toLowerCase())) {
        throw new CimSessionError(`unknown class ${className}`, CimStatus.INVALID_CLASS);
      }
      const ns = nsKey(options.namespace ?? this.registry.get(className)?.namespace ?? this.namespace);
      const deep = options.deep ?? true;
      const wanted = (i: CimInstance): boolean =>
        (deep ? this.#isA(i.className, className) : i.className.toLowerCase() === className.toLowerCase()) &&
        (!query || (this.#isA(i.className, query.className) && matchesWql(i, query.where)));
      const stored = this.#all()
        .filter((s) => nsKey(s.path.namespace ?? this.namespace) === ns && wanted(s.instance))
        .map((s) => (query?.properties ? this.#project(s.instance, query.properties) : s.instance));
      // Providers that serve instances of the class (or, deep, of its subclasses) add theirs.
      const classes = deep ? this.registry.subclassesOf(className).map((d) => d.name) : [className];
      const providers = new Set(classes.map((c) => this.#providerFor(c)).filter((p) => p?.enumerateInstances !== undefined));
      const served: CimInstance[] = [];
      for (const provider of providers) {
        for await (const i of provider!.enumerateInstances!(className, { ...options, signal })) {
          throwIfAborted(signal);
          if (wanted(i)) served.push(freezeInstance(query?.properties ? this.#project(i, query.properties) : i));
        }
      }
      return [...stored, ...served];
    });
  }

  associators(path: CimReference, options: AssociatorsOptions = {}): AsyncIterable<CimInstance> {
    return this.#iterate(options, () => {
      const seen = new Set<string>();
      const out: CimInstance[] = [];
      for (const { association, role } of this.#associationsOf(path, options.assocClass, options.role)) {
        for (const [name, value] of Object.entries(association.instance.properties)) {
          if (!(value instanceof CimReference) || name.toLowerCase() === role.toLowerCase()) continue;
          if (options.resultRole && name.toLowerCase() !== options.resultRole.toLowerCase()) continue;
          const target = this.#tryFind(value);
          if (!target) continue;
          if (options.resultClass && !this.#isA(target.instance.className, options.resultClass)) continue;
          const id = `${nsKey(target.path.namespace ?? '')}|${canonicalPath(target.path)}`;
          if (seen.has(id)) continue;
          seen.add(id);
          out.push(target.instance);
        }
      }
      return out;
    });
  }

  references(path: CimReference, options: ReferencesOptions = {}): AsyncIterable<CimInstance> {
    return this.#iterate(options, () => {
      const seen = new Set<Stored>();
      for (const { association } of this.#associationsOf(path, options.resultClass, options.role)) seen.add(association);
      return [...seen].map((s) => s.instance);
    });
  }

  invokeMethod(
    target: CimReference,
    methodName: string,
    inParameters: Readonly<Record<string, CimValue>>,
    options?: CallOptions,
  ): Promise<InvokeResult> {
    return this.#run(options, `${target.className}.${methodName}`, async (signal) => {
      const provider = this.#providerFor(target.className);
      if (!provider?.invokeMethod) {
        throw new CimSessionError(`no provider implements ${target.className}.${methodName}`, CimStatus.METHOD_NOT_AVAILABLE);
      }
      const absolute = this.#absolute(target);
      // An instance method needs its instance, unless the provider serves instances itself.
      if (!target.isClassPath && !provider.getInstance) this.#find(target);
      const params: Record<string, CimValue> = {};
      for (const [k, v] of Object.entries(inParameters)) setOwn(params, k, freezeValue(v));
      const result = await provider.invokeMethod(absolute, methodName, Object.freeze(params), { signal });
      const outParameters: Record<string, CimValue> = {};
      for (const [k, v] of Object.entries(result.outParameters ?? {})) setOwn(outParameters, k, freezeValue(v));
      return Object.freeze({ returnValue: freezeValue(result.returnValue ?? null), outParameters: Object.freeze(outParameters) });
    });
  }

  createInstance(instance: CimInstance, options?: CallOptions): Promise<CimReference> {
    return this.#run(options, `CreateInstance ${instance.className}`, async (signal) => {
      const provider = this.#providerFor(instance.className);
      if (provider?.createInstance) return provider.createInstance(freezeInstance(instance), { signal });
      const d = this.#descriptor(instance.className);
      if (d.isAbstract) throw new CimSessionError(`cannot create an instance of abstract class ${d.name}`, CimStatus.INVALID_CLASS);
      const path = this.#pathOf(d, instance);
      if (this.#tryFind(path)) throw new CimSessionError(`instance ${path.toString()} already exists`, CimStatus.ALREADY_EXISTS);
      this.#store(path, instance);
      return path;
    });
  }

  modifyInstance(instance: CimInstance, options?: CallOptions & { readonly propertyList?: readonly string[] }): Promise<void> {
    return this.#run(options, `ModifyInstance ${instance.className}`, async (signal) => {
      const provider = this.#providerFor(instance.className);
      if (provider?.modifyInstance) {
        await provider.modifyInstance(freezeInstance(instance), { signal, ...(options?.propertyList ? { propertyList: options.propertyList } : {}) });
        return;
      }
      const d = this.#descriptor(instance.className);
      const existing = this.#find(this.#pathOf(d, instance));
      // Without a property list, the properties sent replace the stored ones and the others stay.
      const merged: Record<string, CimValue> = { ...existing.instance.properties };
      const list = options?.propertyList;
      for (const [k, v] of Object.entries(instance.properties)) {
        if (list && !list.some((p) => p.toLowerCase() === k.toLowerCase())) continue;
        const current = Object.keys(merged).find((m) => m.toLowerCase() === k.toLowerCase()) ?? k;
        setOwn(merged, current, v);
      }
      this.#store(existing.path, { ...existing.instance, properties: merged });
    });
  }

  deleteInstance(path: CimReference, options?: CallOptions): Promise<void> {
    return this.#run(options, `DeleteInstance ${path.toString()}`, async (signal) => {
      const provider = this.#providerFor(path.className);
      if (provider?.deleteInstance) {
        await provider.deleteInstance(this.#absolute(path), { signal });
        return;
      }
      const found = this.#find(path);
      this.#instances.delete(this.#mapKey(found.path));
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  // ---- internals ----

  #run<T>(options: CallOptions | undefined, what: string, op: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new CimSessionError('session is closed'));
    return runWithDeadline(options, what, op);
  }

  #iterate(options: CallOptions, compute: (signal: AbortSignal) => CimInstance[] | Promise<CimInstance[]>): AsyncIterable<CimInstance> {
    const closed = (): boolean => this.#closed;
    return (async function* () {
      if (closed()) throw new CimSessionError('session is closed');
      const deadline = options.timeoutMs === undefined ? undefined : Date.now() + options.timeoutMs;
      // The result set is computed under the deadline (providers may be slow); yielding checks it too.
      const results = await runWithDeadline(options, 'enumeration', compute);
      for (const instance of results) {
        throwIfAborted(options.signal);
        if (deadline !== undefined && Date.now() > deadline) {
          throw new CimTimeoutError(`enumeration timed out after ${options.timeoutMs} ms`, options.timeoutMs!);
        }
        yield instance;
      }
    })();
  }

  #descriptor(className: string): ClassDescriptor {
    const d = this.registry.get(className);
    if (!d) throw new CimSessionError(`unknown class ${className} (register its descriptor)`, CimStatus.INVALID_CLASS);
    return d;
  }

  #pathOf(d: ClassDescriptor, instance: CimInstance): CimReference {
    try {
      const p = wirePath(d, instance);
      return new CimReference(d.name, p.keys, { namespace: instance.namespace ?? d.namespace ?? this.namespace, singleton: p.isSingleton });
    } catch (cause) {
      if (cause instanceof CimError && cause.code === 'CIM_MARSHAL') {
        throw new CimSessionError(cause.message, CimStatus.INVALID_PARAMETER, { cause });
      }
      throw cause;
    }
  }

  #absolute(path: CimReference): CimReference {
    return path.namespace === undefined ? path.with({ namespace: this.registry.get(path.className)?.namespace ?? this.namespace }) : path;
  }

  #mapKey(path: CimReference): string {
    return `${nsKey(path.namespace ?? this.namespace)}|${canonicalPath(path)}`;
  }

  #store(path: CimReference, instance: CimInstance): void {
    const frozen = freezeInstance({ ...instance, className: path.className, namespace: path.namespace ?? this.namespace }, path);
    this.#instances.set(this.#mapKey(path), { path, keyText: keyText(path), instance: frozen });
  }

  #all(): Stored[] {
    return [...this.#instances.values()];
  }

  #isA(className: string, base: string): boolean {
    return isA(this.registry.get(className), className, base);
  }

  #tryFind(path: CimReference): Stored | undefined {
    const exact = this.#instances.get(this.#mapKey(this.#absolute(path)));
    if (exact) return exact;
    // A path may name a base class of the stored instance (CIM_ComputerSystem for an Msvm_ComputerSystem).
    const keys = keyText(path);
    const ns = path.namespace === undefined ? undefined : nsKey(path.namespace);
    return this.#all().find(
      (s) => s.keyText === keys && this.#isA(s.instance.className, path.className) && (ns === undefined || nsKey(s.path.namespace ?? this.namespace) === ns),
    );
  }

  #find(path: CimReference): Stored {
    const found = this.#tryFind(path);
    if (!found) throw new CimNotFoundError(`no instance ${path.toString()}`, path);
    return found;
  }

  #providerFor(className: string): CimProvider | undefined {
    const direct = this.#providers.get(className.toLowerCase());
    if (direct) return direct;
    for (let d = this.registry.get(className)?.superclass; d; d = d.superclass) {
      const p = this.#providers.get(d.name.toLowerCase());
      if (p) return p;
    }
    return undefined;
  }

  /** Association instances with a REF (named `role`, if given) to `path`. */
  #associationsOf(path: CimReference, assocClass: string | undefined, role: string | undefined): { association: Stored; role: string }[] {
    const target = this.#tryFind(path);
    const matches = (ref: CimReference): boolean => {
      if (target) {
        const t = this.#tryFind(ref);
        return t === target;
      }
      return ref.equals(path);
    };
    const out: { association: Stored; role: string }[] = [];
    for (const s of this.#all()) {
      const d = this.registry.get(s.instance.className);
      if (!d?.isAssociation) continue;
      if (assocClass && !this.#isA(s.instance.className, assocClass)) continue;
      for (const [name, value] of Object.entries(s.instance.properties)) {
        if (!(value instanceof CimReference)) continue;
        if (role && name.toLowerCase() !== role.toLowerCase()) continue;
        if (matches(value)) out.push({ association: s, role: name });
      }
    }
    return out;
  }

  #project(instance: CimInstance, properties: readonly string[]): CimInstance {
    const d = this.registry.get(instance.className);
    const keep = new Set([...properties, ...(d?.keys ?? [])].map((p) => p.toLowerCase()));
    const props: Record<string, CimValue> = {};
    for (const [k, v] of Object.entries(instance.properties)) if (keep.has(k.toLowerCase())) setOwn(props, k, v);
    return freezeInstance({ ...instance, properties: props });
  }
}

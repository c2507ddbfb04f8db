/**
 * Class descriptors by name. Needed wherever a value names its own class
 * (embedded objects, subclass instances, deep enumeration, provider lookup
 * up the hierarchy). Names are CIM names: case-insensitive.
 */
import type { ClassDescriptor, MethodDescriptor, PropertyDescriptor } from './descriptor.js';

export class ClassRegistry {
  readonly #byName = new Map<string, ClassDescriptor>();

  constructor(descriptors: Iterable<ClassDescriptor> = []) {
    for (const d of descriptors) this.register(d);
  }

  /** Registers descriptors and their superclass chains; the first descriptor seen for a name wins. Returns `this`. */
  register(...descriptors: ClassDescriptor[]): this {
    for (const d of descriptors) {
      for (let cur: ClassDescriptor | undefined = d; cur; cur = cur.superclass) {
        const k = cur.name.toLowerCase();
        if (!this.#byName.has(k)) this.#byName.set(k, cur);
      }
    }
    return this;
  }

  get(name: string): ClassDescriptor | undefined {
    return this.#byName.get(name.toLowerCase());
  }

  has(name: string): boolean {
    return this.#byName.has(name.toLowerCase());
  }

  /** Every registered descriptor, in registration order. */
  all(): ClassDescriptor[] {
    return [...this.#byName.values()];
  }

  /** `className` is `base` or (per registered descriptors) derives from it. Unknown classes match only themselves. */
  isA(className: string, base: string): boolean {
    return isA(this.get(className), className, base);
  }

  /** Descriptors of `base` and all registered subclasses. */
  subclassesOf(base: string): ClassDescriptor[] {
    return this.all().filter((d) => this.isA(d.name, base));
  }
}

export function isA(descriptor: ClassDescriptor | undefined, className: string, base: string): boolean {
  const b = base.toLowerCase();
  if (className.toLowerCase() === b) return true;
  for (let cur = descriptor; cur; cur = cur.superclass) if (cur.name.toLowerCase() === b) return true;
  return false;
}

export function findProperty(descriptor: ClassDescriptor, name: string): PropertyDescriptor | undefined {
  return findByName(descriptor.properties, name);
}

export function findMethod(descriptor: ClassDescriptor, name: string): MethodDescriptor | undefined {
  return findByName(descriptor.methods, name);
}

export function findByName<T extends { readonly name: string }>(items: readonly T[], name: string): T | undefined {
  const exact = items.find((i) => i.name === name);
  if (exact) return exact;
  const lower = name.toLowerCase();
  return items.find((i) => i.name.toLowerCase() === lower);
}

/** Case-insensitive own-property lookup in a record (wire names may differ in case). */
export function lookup<V>(record: Readonly<Record<string, V>>, name: string): V | undefined {
  if (Object.hasOwn(record, name)) return record[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(record)) if (k.toLowerCase() === lower) return record[k];
  return undefined;
}

/**
 * `target[name] = value` as an own, enumerable data property, whatever the name.
 * Assigning to `__proto__` would set the object's prototype instead (and drop a
 * value that is not an object); names come from servers and schemas, so that one
 * is defined, not assigned.
 */
export function setOwn<T>(target: Record<string, T>, name: string, value: T): void {
  if (name === '__proto__') Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  else target[name] = value;
}

/** `target[name]` if it is the object's own property, else undefined: never a value from the prototype (`__proto__`, `constructor`, `toString`…). */
export function getOwn<T>(target: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(target, name) ? target[name] : undefined;
}

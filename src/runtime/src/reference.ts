/**
 * A CIM reference (REF): class, optional namespace and host, and typed key
 * values. Parses and prints WMI object paths
 * (`\\HOST\root\virtualization\v2:Msvm_ComputerSystem.CreationClassName="Msvm_ComputerSystem",Name="x"`)
 * and the DMTF untyped form (`//host/root/cimv2:CIM_X.Name="a"`).
 */
import { CimDateTime } from './datetime.js';
import { CimValueError } from './errors.js';
import { setOwn } from './own.js';

export type CimKeyValue = string | number | bigint | boolean | CimReference | CimDateTime;

export interface CimReferenceOptions {
  /** `/`- or `\`-separated; stored `/`-separated. */
  readonly namespace?: string | undefined;
  readonly host?: string | undefined;
  /** A singleton instance (`Class=@`): no keys, yet an instance path rather than a class path. */
  readonly singleton?: boolean;
}

export type ObjectPathStyle = 'wmi' | 'dmtf';

function normalizeNamespace(ns: string | undefined): string | undefined {
  if (ns === undefined) return undefined;
  const clean = ns.replace(/\\/g, '/').replace(/^\/+|\/+$/g, '');
  return clean === '' ? undefined : clean;
}

const CLASS_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class CimReference<T = unknown> {
  /**
   * Phantom, never set: makes `CimReference<T>` covariant in `T`, so a
   * reference to a subclass is assignable to a reference to its base and
   * references to unrelated (branded) classes are not.
   */
  declare readonly __target?: T;

  readonly className: string;
  readonly namespace: string | undefined;
  readonly host: string | undefined;
  readonly keys: Readonly<Record<string, CimKeyValue>>;
  readonly isSingleton: boolean;

  constructor(className: string, keys: Readonly<Record<string, CimKeyValue>> = {}, options: CimReferenceOptions = {}) {
    if (typeof className !== 'string' || !CLASS_NAME.test(className)) {
      throw new CimValueError(`invalid class name ${JSON.stringify(className)} in reference`);
    }
    const copy: Record<string, CimKeyValue> = {};
    for (const [name, value] of Object.entries(keys)) {
      if (!CLASS_NAME.test(name)) throw new CimValueError(`invalid key name ${JSON.stringify(name)} in reference to ${className}`);
      if (!isKeyValue(value)) throw new CimValueError(`invalid value for key ${className}.${name} in reference`);
      if (typeof value === 'number' && !Number.isFinite(value)) throw new CimValueError(`key ${className}.${name} must be finite`);
      setOwn(copy, name, value);
    }
    this.className = className;
    this.namespace = normalizeNamespace(options.namespace);
    this.host = options.host === undefined || options.host === '' ? undefined : options.host;
    this.keys = Object.freeze(copy);
    this.isSingleton = options.singleton === true && Object.keys(copy).length === 0;
    Object.freeze(this);
  }

  /** Typed factory: `CimReference.to<Msvm_ComputerSystem>('Msvm_ComputerSystem', { CreationClassName: '…', Name: '…' })`. */
  static to<T = unknown>(className: string, keys: Readonly<Record<string, CimKeyValue>> = {}, options?: CimReferenceOptions): CimReference<T> {
    return new CimReference<T>(className, keys, options);
  }

  /** A class path (no keys, not a singleton): the target of a static method call. */
  get isClassPath(): boolean {
    return !this.isSingleton && Object.keys(this.keys).length === 0;
  }

  /**
   * Parses a WMI or DMTF object path. String keys stay strings (a nested
   * reference written as an escaped string cannot be told from a string
   * without the schema; the marshaler converts it when the key is a REF).
   */
  static parse<T = unknown>(path: string): CimReference<T> {
    if (typeof path !== 'string') throw new CimValueError(`object path must be a string, got ${typeof path}`);
    return new PathParser(path).parse<T>();
  }

  /** A copy with other namespace/host (`undefined` keeps the current one; `null` removes it). */
  with(options: { namespace?: string | null; host?: string | null }): CimReference<T> {
    return new CimReference<T>(this.className, this.keys, {
      namespace: options.namespace === null ? undefined : (options.namespace ?? this.namespace),
      host: options.host === null ? undefined : (options.host ?? this.host),
      singleton: this.isSingleton,
    });
  }

  /** Looks a key up by name, case-insensitively. */
  key(name: string): CimKeyValue | undefined {
    if (Object.hasOwn(this.keys, name)) return this.keys[name];
    const lower = name.toLowerCase();
    for (const [k, v] of Object.entries(this.keys)) if (k.toLowerCase() === lower) return v;
    return undefined;
  }

  /**
   * WMI style (default): `\\HOST\root\virtualization\v2:Class.Key="v"` with backslash separators;
   * DMTF style: `//host/root/cimv2:Class.Key="v"`. Keys print in their own order.
   */
  toString(style: ObjectPathStyle = 'wmi'): string {
    const sep = style === 'wmi' ? '\\' : '/';
    let out = '';
    if (this.host !== undefined) out += `${sep}${sep}${this.host}${sep}`;
    if (this.namespace !== undefined) out += `${this.namespace.replace(/\//g, sep)}:`;
    else if (this.host !== undefined) out += ':';
    out += this.className;
    if (this.isSingleton) return `${out}=@`;
    const parts = Object.entries(this.keys).map(([k, v]) => `${k}=${formatKeyValue(v, style)}`);
    return parts.length === 0 ? out : `${out}.${parts.join(',')}`;
  }

  /**
   * Same instance: class and key names compare case-insensitively, key values by
   * canonical text (so `3`, `3n` and `"3"` match, as WS-Man selectors are text;
   * strings ignore case, as WMI compares object paths).
   * Namespace and host are compared only when both sides carry them.
   */
  equals(other: unknown): boolean {
    if (!(other instanceof CimReference)) return false;
    if (this.namespace !== undefined && other.namespace !== undefined && this.namespace.toLowerCase() !== other.namespace.toLowerCase()) return false;
    if (this.host !== undefined && other.host !== undefined && this.host.toLowerCase() !== other.host.toLowerCase()) return false;
    return canonicalPath(this) === canonicalPath(other);
  }

  toJSON(): string {
    return this.toString();
  }
}

function isKeyValue(v: unknown): v is CimKeyValue {
  return (
    typeof v === 'string' ||
    typeof v === 'number' ||
    typeof v === 'bigint' ||
    typeof v === 'boolean' ||
    v instanceof CimReference ||
    v instanceof CimDateTime
  );
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function formatKeyValue(v: CimKeyValue, style: ObjectPathStyle): string {
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'boolean') return style === 'wmi' ? (v ? 'TRUE' : 'FALSE') : String(v);
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  // Datetimes and nested references travel as quoted strings in object paths.
  return quote(v.toString(style));
}

/**
 * Canonical text of a key value, for comparisons and map keys. Strings compare
 * without regard to case, as WMI compares object paths.
 */
export function canonicalKeyValue(v: CimKeyValue): string {
  if (v instanceof CimReference) return canonicalPath(v);
  if (v instanceof CimDateTime) return v.toString();
  if (typeof v === 'string') {
    // A nested reference may arrive as its path text; compare it as a reference.
    if (/^[^"]*:|^[A-Za-z_][A-Za-z0-9_]*(\.|=@$)/.test(v) && v.includes('=')) {
      try {
        return canonicalPath(CimReference.parse(v));
      } catch {
        return v.toLowerCase();
      }
    }
    return v.toLowerCase();
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return String(v);
}

/** Class plus sorted keys, lowercased names: a map key for one instance (namespace and host excluded). */
export function canonicalPath(ref: CimReference): string {
  const keys = Object.entries(ref.keys)
    .map(([k, v]) => [k.toLowerCase(), canonicalKeyValue(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return `${ref.className.toLowerCase()}${ref.isSingleton ? '=@' : keys.length ? `.${keys.join(',')}` : ''}`;
}

class PathParser {
  #pos = 0;
  constructor(readonly text: string) {}

  fail(why: string): never {
    throw new CimValueError(`invalid object path ${JSON.stringify(this.text)}: ${why} at offset ${this.#pos}`);
  }

  parse<T>(): CimReference<T> {
    const t = this.text;
    let host: string | undefined;
    let namespace: string | undefined;
    // `\\HOST\` or `//host/` prefix (WMI accepts either slash).
    if (/^[\\/]{2}/.test(t)) {
      const m = /^[\\/]{2}([^\\/:]+|\[[^\]]*\])[\\/]/.exec(t);
      if (!m) this.fail('expected a host after the leading slashes');
      host = m[1];
      this.#pos = m[0].length;
    }
    // The namespace ends at the last ':' before the class name; class names hold no ':' '.' '='.
    const rest = t.slice(this.#pos);
    const classEnd = rest.search(/[.=]/);
    const head = classEnd === -1 ? rest : rest.slice(0, classEnd);
    const colon = head.lastIndexOf(':');
    if (colon !== -1) {
      namespace = head.slice(0, colon);
      if (namespace !== '' && !/^[A-Za-z0-9_\\/ -]+$/.test(namespace)) this.fail('invalid namespace');
      this.#pos += colon + 1;
    } else if (host !== undefined) {
      this.fail("expected ':' after the namespace");
    }
    const cls = /^[A-Za-z_][A-Za-z0-9_]*/.exec(t.slice(this.#pos));
    if (!cls) this.fail('expected a class name');
    const className = cls[0];
    this.#pos += className.length;
    const options = { namespace, host };
    if (this.#pos === t.length) return new CimReference<T>(className, {}, options);
    if (t.startsWith('=@', this.#pos) && this.#pos + 2 === t.length) {
      return new CimReference<T>(className, {}, { ...options, singleton: true });
    }
    if (t[this.#pos] === '=') this.fail('unnamed key values are not supported; name the key (Class.Key=value)');
    if (t[this.#pos] !== '.') this.fail("expected '.' before the keys");
    this.#pos++;
    const keys: Record<string, CimKeyValue> = {};
    for (;;) {
      const name = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*/.exec(t.slice(this.#pos));
      if (!name) this.fail('expected Key=value');
      this.#pos += name[0].length;
      const key = name[1]!;
      if (Object.keys(keys).some((k) => k.toLowerCase() === key.toLowerCase())) this.fail(`duplicate key ${key}`);
      setOwn(keys, key, this.value());
      const sep = /^\s*/.exec(t.slice(this.#pos))![0].length;
      this.#pos += sep;
      if (this.#pos === t.length) break;
      if (t[this.#pos] !== ',') this.fail("expected ',' between keys");
      this.#pos++;
    }
    return new CimReference<T>(className, keys, options);
  }

  value(): CimKeyValue {
    const t = this.text;
    const q = t[this.#pos];
    if (q === '"' || q === "'") {
      let out = '';
      let i = this.#pos + 1;
      for (; i < t.length; i++) {
        const c = t[i]!;
        if (c === '\\') {
          const next = t[i + 1];
          if (next === undefined) break;
          out += next;
          i++;
        } else if (c === q) {
          this.#pos = i + 1;
          return out;
        } else {
          out += c;
        }
      }
      this.#pos = i;
      this.fail('unterminated string');
    }
    const m = /^[^,\s]+/.exec(t.slice(this.#pos));
    if (!m) this.fail('expected a key value');
    const raw = m[0];
    this.#pos += raw.length;
    if (/^(true|false)$/i.test(raw)) return raw.toLowerCase() === 'true';
    // WMI accepts hexadecimal integer keys (`0x1F`) beside decimal ones.
    if (/^[+-]?(\d+|0[xX][0-9a-fA-F]+)$/.test(raw)) {
      const big = (raw.startsWith('-') ? -1n : 1n) * BigInt(raw.replace(/^[+-]/, ''));
      return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
    }
    if (/^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$/.test(raw)) return Number(raw);
    this.#pos -= raw.length;
    return this.fail(`invalid key value ${JSON.stringify(raw)}`);
  }
}

/**
 * CIM-XML (DSP0201) instances: the text WMI's `GetText(CimDtd20)` produces and
 * Hyper-V methods accept for `EmbeddedInstance` string parameters.
 * Serialized by hand (the format is small and escaping must be exact); parsed
 * with the runtime's hardened XML reader (`xml.ts`), as WS-Management replies are:
 * embedded instances arrive from the network.
 */
import { escapeXmlAttribute, escapeXmlText, numberText, parseXml, type XmlElement } from './xml.js';
import type { ClassDescriptor, ValueDescriptor } from './descriptor.js';
import type { CimInstance, CimScalar, CimValue } from './session.js';
import { CimDateTime } from './datetime.js';
import { INTEGER_RANGES } from './integers.js';
import { CimReference, type CimKeyValue } from './reference.js';
import { CimValueError } from './errors.js';
import { setOwn } from './own.js';
import type { ClassRegistry } from './registry.js';

// ---- serializing --------------------------------------------------------------------

// XML 1.0 cannot carry these at all, escaped or not.
interface WireType {
  readonly type: string;
  readonly embedded?: 'instance' | 'object';
  readonly reference?: boolean;
  readonly refClass?: string;
  readonly isArray?: boolean;
}

function fromDescriptor(d: ValueDescriptor): WireType {
  if (d.type === 'reference') return { type: 'reference', reference: true, ...(d.refClass ? { refClass: d.refClass } : {}) };
  if (d.type === 'instance' || d.type === 'object') return { type: 'string', embedded: d.type };
  return { type: d.type };
}

/** Without a descriptor the type is inferred from the JavaScript value. */
function inferScalar(v: CimScalar): WireType {
  if (typeof v === 'boolean') return { type: 'boolean' };
  if (typeof v === 'string') return { type: 'string' };
  // Only a number an integer type can hold exactly is one: 1e21 and -0 are reals.
  if (typeof v === 'number') return { type: Number.isSafeInteger(v) && !Object.is(v, -0) ? 'sint64' : 'real64' };
  if (typeof v === 'bigint') return { type: v > 9_223_372_036_854_775_807n ? 'uint64' : 'sint64' };
  if (v instanceof CimDateTime) return { type: 'datetime' };
  if (v instanceof CimReference) return { type: 'reference', reference: true };
  return { type: 'string', embedded: 'object' };
}

function infer(v: CimValue): WireType {
  if (v === null) return { type: 'string' };
  if (Array.isArray(v)) {
    const first = (v as readonly (CimScalar | null)[]).find((e) => e !== null);
    return first === undefined || first === null ? { type: 'string' } : inferScalar(first);
  }
  return inferScalar(v as CimScalar);
}

function scalarText(v: CimScalar, registry: ClassRegistry | undefined): string {
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'string' || typeof v === 'bigint') return String(v);
  if (v instanceof CimDateTime) return v.toString();
  if (v instanceof CimReference) return v.toString();
  return instanceToCimXml(v, registry?.get(v.className), registry);
}

function namespaceXml(ns: string): string {
  return `<LOCALNAMESPACEPATH>${ns
    .split('/')
    .map((part) => `<NAMESPACE NAME="${escapeXmlAttribute(part)}"/>`)
    .join('')}</LOCALNAMESPACEPATH>`;
}

function keyValueXml(v: CimKeyValue): string {
  if (v instanceof CimReference) return referenceXml(v);
  if (typeof v === 'boolean') return `<KEYVALUE VALUETYPE="boolean">${v ? 'TRUE' : 'FALSE'}</KEYVALUE>`;
  if (typeof v === 'number' || typeof v === 'bigint') return `<KEYVALUE VALUETYPE="numeric">${String(v)}</KEYVALUE>`;
  if (v instanceof CimDateTime) return `<KEYVALUE VALUETYPE="string" TYPE="datetime">${v.toString()}</KEYVALUE>`;
  return `<KEYVALUE VALUETYPE="string">${escapeXmlText(v)}</KEYVALUE>`;
}

/** `VALUE.REFERENCE` for a reference: the most specific DSP0201 path form its namespace/host allow. */
export function referenceXml(ref: CimReference): string {
  const cls = escapeXmlAttribute(ref.className);
  const nsPath = (ns: string) =>
    ref.host !== undefined ? `<NAMESPACEPATH><HOST>${escapeXmlText(ref.host)}</HOST>${namespaceXml(ns)}</NAMESPACEPATH>` : namespaceXml(ns);
  let inner: string;
  if (ref.isClassPath) {
    const name = `<CLASSNAME NAME="${cls}"/>`;
    if (ref.namespace === undefined) inner = name;
    else if (ref.host !== undefined) inner = `<CLASSPATH>${nsPath(ref.namespace)}${name}</CLASSPATH>`;
    else inner = `<LOCALCLASSPATH>${nsPath(ref.namespace)}${name}</LOCALCLASSPATH>`;
  } else {
    const bindings = Object.entries(ref.keys)
      .map(([k, v]) => `<KEYBINDING NAME="${escapeXmlAttribute(k)}">${keyValueXml(v)}</KEYBINDING>`)
      .join('');
    const name = `<INSTANCENAME CLASSNAME="${cls}">${bindings}</INSTANCENAME>`;
    if (ref.namespace === undefined) inner = name;
    else if (ref.host !== undefined) inner = `<INSTANCEPATH>${nsPath(ref.namespace)}${name}</INSTANCEPATH>`;
    else inner = `<LOCALINSTANCEPATH>${nsPath(ref.namespace)}${name}</LOCALINSTANCEPATH>`;
  }
  return `<VALUE.REFERENCE>${inner}</VALUE.REFERENCE>`;
}

function propertyXml(name: string, value: CimValue, t: WireType, className: string, registry: ClassRegistry | undefined): string {
  const n = escapeXmlAttribute(name);
  if (t.reference || value instanceof CimReference) {
    const rc = t.refClass ? ` REFERENCECLASS="${escapeXmlAttribute(t.refClass)}"` : '';
    if (Array.isArray(value) || (value === null && t.isArray)) {
      // DSP0201 has no reference-array property; WMI's DTD extension does, so that is what is written.
      const items = ((value ?? []) as readonly (CimScalar | null)[]).map((e) => {
        if (e === null) return '<VALUE.NULL/>';
        if (!(e instanceof CimReference)) throw new CimValueError(`${className}.${name}: expected references`);
        return referenceXml(e);
      });
      const body = value === null ? '' : `<VALUE.REFARRAY>${items.join('')}</VALUE.REFARRAY>`;
      return `<PROPERTY.REFARRAY NAME="${n}"${rc}>${body}</PROPERTY.REFARRAY>`;
    }
    if (value !== null && !(value instanceof CimReference)) throw new CimValueError(`${className}.${name}: expected a reference`);
    return `<PROPERTY.REFERENCE NAME="${n}"${rc}>${value === null ? '' : referenceXml(value)}</PROPERTY.REFERENCE>`;
  }
  const emb = t.embedded ? ` EmbeddedObject="${t.embedded}"` : '';
  const head = `NAME="${n}" TYPE="${t.type}"${emb}`;
  if (Array.isArray(value)) {
    const items = (value as readonly (CimScalar | null)[])
      .map((e) => (e === null ? '<VALUE.NULL/>' : `<VALUE>${escapeXmlText(scalarText(e, registry))}</VALUE>`))
      .join('');
    return `<PROPERTY.ARRAY ${head}><VALUE.ARRAY>${items}</VALUE.ARRAY></PROPERTY.ARRAY>`;
  }
  if (value === null) {
    const tag = t.isArray ? 'PROPERTY.ARRAY' : 'PROPERTY';
    return `<${tag} ${head}></${tag}>`;
  }
  return `<PROPERTY ${head}><VALUE>${escapeXmlText(scalarText(value as CimScalar, registry))}</VALUE></PROPERTY>`;
}

/**
 * An instance as a CIM-XML `INSTANCE` element. With a descriptor, every
 * descriptor property is written in descriptor order (absent ones as NULL,
 * with their declared types); properties the descriptor lacks follow with
 * inferred types. Nested instances are written as escaped `INSTANCE` text
 * with `EmbeddedObject`, as DSP0201 prescribes.
 */
export function instanceToCimXml(instance: CimInstance, descriptor?: ClassDescriptor, registry?: ClassRegistry): string {
  const parts: string[] = [];
  const seen = new Set<string>();
  const props = instance.properties;
  const find = (name: string): string | undefined => {
    if (Object.hasOwn(props, name)) return name;
    const lower = name.toLowerCase();
    return Object.keys(props).find((k) => k.toLowerCase() === lower);
  };
  for (const p of descriptor?.properties ?? []) {
    const key = find(p.name);
    if (key !== undefined) seen.add(key);
    const value = key === undefined ? null : (props[key] ?? null);
    parts.push(propertyXml(p.name, value, { ...fromDescriptor(p), ...(p.isArray ? { isArray: true } : {}) }, instance.className, registry));
  }
  for (const [name, value] of Object.entries(props)) {
    if (seen.has(name)) continue;
    parts.push(propertyXml(name, value, infer(value), instance.className, registry));
  }
  return `<INSTANCE CLASSNAME="${escapeXmlAttribute(instance.className)}">${parts.join('')}</INSTANCE>`;
}

// ---- parsing ------------------------------------------------------------------------

type XmlNode = XmlElement;

/** How deep embedded instances (CIM-XML text inside CIM-XML) may nest: far beyond any schema's. */
const MAX_EMBEDDING = 32;

function tagOf(node: XmlNode): string {
  return node.name;
}

function elements(node: XmlNode): readonly XmlNode[] {
  return node.children;
}

/** CIM-XML attribute names are case-insensitive in practice (WMI writes `EmbeddedObject`, others `EMBEDDEDOBJECT`). */
function attr(node: XmlNode, name: string): string | undefined {
  const exact = node.attributes.find((a) => a.name === name);
  if (exact) return exact.value;
  const lower = name.toLowerCase();
  return node.attributes.find((a) => a.name.toLowerCase() === lower)?.value;
}

function textOf(node: XmlNode): string {
  return node.text;
}

function child(node: XmlNode, tag: string): XmlNode | undefined {
  return node.children.find((c) => c.name === tag);
}

function bad(where: string, why: string): never {
  throw new CimValueError(`invalid CIM-XML${where ? ` at ${where}` : ''}: ${why}`);
}


function scalarFromText(text: string, type: string, embedded: boolean, where: string, depth = 0): CimScalar {
  if (embedded) return parseInstanceText(text, where, depth);
  switch (type) {
    case 'string':
    case 'char16':
      return text;
    case 'boolean': {
      const t = text.trim().toLowerCase();
      if (t === 'true') return true;
      if (t === 'false') return false;
      return bad(where, `invalid boolean ${JSON.stringify(text)}`);
    }
    case 'datetime':
      try {
        return CimDateTime.parse(text.trim());
      } catch (cause) {
        throw new CimValueError(`invalid CIM-XML at ${where}: invalid datetime ${JSON.stringify(text)}`, { cause });
      }
    case 'real32':
    case 'real64': {
      const t = text.trim();
      if (t === 'INF' || t === '+INF') return Infinity;
      if (t === '-INF') return -Infinity;
      if (t === 'NaN') return NaN;
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) bad(where, `invalid ${type} ${JSON.stringify(text)}`);
      return Number(t);
    }
    default: {
      const range = INTEGER_RANGES[type];
      if (!range) return bad(where, `unknown TYPE ${JSON.stringify(type)}`);
      const t = text.trim();
      // DSP0201 allows hexadecimal integers (`0x1F`) as well as decimal ones.
      let v: bigint;
      if (/^[+-]?\d+$/.test(t)) v = BigInt(t);
      else if (/^[+-]?0[xX][0-9a-fA-F]+$/.test(t)) v = (t.startsWith('-') ? -1n : 1n) * BigInt(t.replace(/^[+-]/, ''));
      else return bad(where, `invalid ${type} ${JSON.stringify(text)}`);
      if (v < range[0] || v > range[1]) bad(where, `${type} out of range: ${t}`);
      return type.endsWith('64') ? v : Number(v);
    }
  }
}

function parseInstanceText(text: string, where: string, depth: number): CimInstance {
  if (depth >= MAX_EMBEDDING) bad(where, `embedded instances nested more than ${MAX_EMBEDDING} deep`);
  try {
    return parseCimXml(text, depth + 1);
  } catch (cause) {
    throw new CimValueError(`invalid CIM-XML at ${where}: invalid embedded instance`, { cause });
  }
}

function parseNamespace(node: XmlNode | undefined, where: string): string {
  if (!node) return bad(where, 'missing LOCALNAMESPACEPATH');
  const parts = elements(node)
    .filter((c) => tagOf(c) === 'NAMESPACE')
    .map((c) => attr(c, 'NAME') ?? bad(where, 'NAMESPACE without NAME'));
  if (parts.length === 0) bad(where, 'empty LOCALNAMESPACEPATH');
  return parts.join('/');
}

function parseNamespacePath(node: XmlNode, where: string): { host: string; namespace: string } {
  const host = child(node, 'HOST');
  if (!host) bad(where, 'NAMESPACEPATH without HOST');
  return { host: textOf(host).trim(), namespace: parseNamespace(child(node, 'LOCALNAMESPACEPATH'), where) };
}

function parseKeyValue(node: XmlNode, where: string): CimKeyValue {
  const tag = tagOf(node);
  if (tag === 'VALUE.REFERENCE') return parseValueReference(node, where);
  if (tag !== 'KEYVALUE') return bad(where, `unexpected ${tag} in key binding`);
  const text = textOf(node);
  const valueType = attr(node, 'VALUETYPE') ?? 'string';
  const type = attr(node, 'TYPE');
  if (type && type !== 'string' && type !== 'char16') {
    const v = scalarFromText(text, type, false, where);
    return typeof v === 'bigint' && v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : (v as CimKeyValue);
  }
  if (valueType === 'boolean') return scalarFromText(text, 'boolean', false, where) as boolean;
  if (valueType === 'numeric') {
    const t = text.trim();
    if (/^[+-]?\d+$/.test(t)) {
      const big = BigInt(t);
      return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
    }
    return scalarFromText(t, 'real64', false, where) as number;
  }
  return text;
}

function parseInstanceName(node: XmlNode, where: string, options: { namespace?: string; host?: string }): CimReference {
  const className = attr(node, 'CLASSNAME') ?? bad(where, 'INSTANCENAME without CLASSNAME');
  const keys: Record<string, CimKeyValue> = {};
  const kids = elements(node);
  for (const kb of kids) {
    if (tagOf(kb) !== 'KEYBINDING') bad(where, `unnamed key value in INSTANCENAME ${className} is not supported`);
    const name = attr(kb, 'NAME') ?? bad(where, 'KEYBINDING without NAME');
    const value = elements(kb)[0] ?? bad(where, `KEYBINDING ${name} without a value`);
    setOwn(keys, name, parseKeyValue(value, `${where}/${name}`));
  }
  return new CimReference(className, keys, { ...options, singleton: kids.length === 0 });
}

function parseClassName(node: XmlNode | undefined, where: string): string {
  if (!node) return bad(where, 'missing CLASSNAME');
  return attr(node, 'NAME') ?? bad(where, 'CLASSNAME without NAME');
}

/** Parses a `VALUE.REFERENCE` element (any DSP0201 path form). */
function parseValueReference(node: XmlNode, where: string): CimReference {
  const inner = elements(node)[0] ?? bad(where, 'empty VALUE.REFERENCE');
  switch (tagOf(inner)) {
    case 'INSTANCENAME':
      return parseInstanceName(inner, where, {});
    case 'LOCALINSTANCEPATH':
      return parseInstanceName(child(inner, 'INSTANCENAME') ?? bad(where, 'missing INSTANCENAME'), where, {
        namespace: parseNamespace(child(inner, 'LOCALNAMESPACEPATH'), where),
      });
    case 'INSTANCEPATH':
      return parseInstanceName(
        child(inner, 'INSTANCENAME') ?? bad(where, 'missing INSTANCENAME'),
        where,
        parseNamespacePath(child(inner, 'NAMESPACEPATH') ?? bad(where, 'missing NAMESPACEPATH'), where),
      );
    case 'CLASSNAME':
      return new CimReference(parseClassName(inner, where));
    case 'LOCALCLASSPATH':
      return new CimReference(parseClassName(child(inner, 'CLASSNAME'), where), {}, {
        namespace: parseNamespace(child(inner, 'LOCALNAMESPACEPATH'), where),
      });
    case 'CLASSPATH':
      return new CimReference(
        parseClassName(child(inner, 'CLASSNAME'), where),
        {},
        parseNamespacePath(child(inner, 'NAMESPACEPATH') ?? bad(where, 'missing NAMESPACEPATH'), where),
      );
    default:
      return bad(where, `unexpected ${tagOf(inner)} in VALUE.REFERENCE`);
  }
}

function parseInstanceElement(node: XmlNode, depth: number, path?: CimReference): CimInstance {
  const className = attr(node, 'CLASSNAME') ?? bad('INSTANCE', 'missing CLASSNAME');
  const properties: Record<string, CimValue> = {};
  for (const p of elements(node)) {
    const tag = tagOf(p)!;
    if (tag === 'QUALIFIER') continue;
    const name = attr(p, 'NAME') ?? bad(className, `${tag} without NAME`);
    setOwn(properties, name, propertyValue(p, tag, className, name, depth));
  }
  const namespace = path?.namespace;
  return { className, ...(namespace !== undefined ? { namespace } : {}), properties, ...(path ? { path } : {}) };
}

/** The value of one `PROPERTY…` element of an instance of `className`. */
function propertyValue(p: XmlNode, tag: string, className: string, name: string, depth: number): CimValue {
  const where = `${className}.${name}`;
  const embedded = attr(p, 'EmbeddedObject') !== undefined;
  const type = attr(p, 'TYPE') ?? 'string';
  if (tag === 'PROPERTY') {
    const value = child(p, 'VALUE');
    return value === undefined ? null : scalarFromText(textOf(value), type, embedded, where, depth);
  }
  if (tag === 'PROPERTY.ARRAY') {
    const arr = child(p, 'VALUE.ARRAY');
    return arr === undefined
      ? null
      : elements(arr)
          .filter((e) => tagOf(e) === 'VALUE' || tagOf(e) === 'VALUE.NULL')
          .map((e) => (tagOf(e) === 'VALUE.NULL' ? null : scalarFromText(textOf(e), type, embedded, where, depth)));
  }
  if (tag === 'PROPERTY.REFERENCE') {
    const ref = child(p, 'VALUE.REFERENCE');
    return ref === undefined ? null : parseValueReference(ref, where);
  }
  if (tag === 'PROPERTY.OBJECT') {
    // WMI's DTD extension (GetText with the WMI DTD): the embedded instance as markup, not text.
    const obj = child(p, 'VALUE.OBJECT');
    return obj === undefined ? null : parseInstanceElement(child(obj, 'INSTANCE') ?? bad(where, 'VALUE.OBJECT without INSTANCE'), depth);
  }
  if (tag === 'PROPERTY.OBJECTARRAY' || tag === 'PROPERTY.REFARRAY') {
    const isRef = tag === 'PROPERTY.REFARRAY';
    const arr = child(p, isRef ? 'VALUE.REFARRAY' : 'VALUE.OBJECTARRAY');
    return arr === undefined
      ? null
      : elements(arr).map((e) => {
          if (tagOf(e) === 'VALUE.NULL') return null;
          if (isRef) return parseValueReference(e, where);
          return parseInstanceElement(child(e, 'INSTANCE') ?? bad(where, `${tagOf(e)} without INSTANCE`), depth);
        });
  }
  return bad(className, `unexpected ${tag} in INSTANCE`);
}

/**
 * Parses CIM-XML text holding one instance: `INSTANCE`, or `VALUE.NAMEDINSTANCE` /
 * `VALUE.INSTANCEWITHPATH` / `VALUE.OBJECTWITHPATH` (whose path is kept in `path`),
 * or `VALUE.OBJECT`. Values take the types their `TYPE` attributes give; embedded
 * instances come back as nested `CimInstance`s. Malformed text → `CimValueError`.
 */
export function instanceFromCimXml(text: string): CimInstance {
  return parseCimXml(text, 0);
}

function parseCimXml(text: string, depth: number): CimInstance {
  if (typeof text !== 'string') throw new CimValueError(`CIM-XML must be a string, got ${typeof text}`);
  let root: XmlNode;
  try {
    // The hardened reader: no DTD or entity expansion, bounded size and nesting.
    root = parseXml(text);
  } catch (cause) {
    throw new CimValueError(`invalid CIM-XML: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  switch (tagOf(root)) {
    case 'INSTANCE':
      return parseInstanceElement(root, depth);
    case 'VALUE.OBJECT':
      return parseInstanceElement(child(root, 'INSTANCE') ?? bad('VALUE.OBJECT', 'no INSTANCE'), depth);
    case 'VALUE.NAMEDINSTANCE': {
      const path = parseInstanceName(child(root, 'INSTANCENAME') ?? bad('VALUE.NAMEDINSTANCE', 'no INSTANCENAME'), 'VALUE.NAMEDINSTANCE', {});
      return parseInstanceElement(child(root, 'INSTANCE') ?? bad('VALUE.NAMEDINSTANCE', 'no INSTANCE'), depth, path);
    }
    case 'VALUE.INSTANCEWITHPATH':
    case 'VALUE.OBJECTWITHPATH': {
      const tag = tagOf(root)!;
      const ip = child(root, 'INSTANCEPATH') ?? bad(tag, 'no INSTANCEPATH');
      const path = parseInstanceName(child(ip, 'INSTANCENAME') ?? bad(tag, 'no INSTANCENAME'), tag, parseNamespacePath(child(ip, 'NAMESPACEPATH') ?? bad(tag, 'no NAMESPACEPATH'), tag));
      return parseInstanceElement(child(root, 'INSTANCE') ?? bad(tag, 'no INSTANCE'), depth, path);
    }
    default:
      return bad('', `expected INSTANCE, found ${tagOf(root)}`);
  }
}

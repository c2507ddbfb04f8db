/**
 * CIM instances ⇄ WS-Management instance XML (DSP0227 §7, as WinRM writes it):
 * one element per property value in the class's resource-URI namespace, text
 * values, `xsi:nil` for NULL, `cim:Datetime` / `cim:Interval`, arrays as
 * repeated elements, REFs as EPRs, embedded objects nested with `xsi:type`.
 * Also method `_INPUT` / `_OUTPUT` bodies, which use the same property encoding.
 */
import { CimDateTime } from '../datetime.js';
import { CimProtocolError, CimValueError } from '../errors.js';
import { setOwn } from '../own.js';
import { CimReference } from '../reference.js';
import type { CimInstance, CimScalar, CimValue } from '../session.js';
import { eprContentXml, eprToReference, isEprElement, readEpr, referenceToEpr, type EprOptions } from './epr.js';
import { NS, classResourceUri, parseResourceUri } from './namespaces.js';
import { attribute, child, escapeXmlAttribute, escapeXmlText, isNil, numberText, resolveQName, type XmlElement } from '../xml.js';

export interface InstanceXmlOptions extends EprOptions {
  /** NULL properties: `nil` writes `xsi:nil="true"` (what a Get answer carries), `omit` leaves them out. Default `nil`. */
  readonly nulls?: 'nil' | 'omit';
}

function scalarXml(tag: string, v: CimScalar, options: InstanceXmlOptions, depth: number): string {
  if (typeof v === 'string') return `<${tag}>${escapeXmlText(v)}</${tag}>`;
  if (typeof v === 'boolean') return `<${tag}>${v ? 'true' : 'false'}</${tag}>`;
  if (typeof v === 'bigint') return `<${tag}>${String(v)}</${tag}>`;
  if (typeof v === 'number') return `<${tag}>${numberText(v)}</${tag}>`;
  if (v instanceof CimDateTime) {
    const kind = v.isInterval ? 'cim:Interval' : 'cim:Datetime';
    return `<${tag}><${kind}>${escapeXmlText(v.toXsd())}</${kind}></${tag}>`;
  }
  if (v instanceof CimReference) return `<${tag}>${eprContentXml(referenceToEpr(v, options))}</${tag}>`;
  // An embedded object nested as XML: its class namespace is a fresh prefix per depth.
  const prefix = `q${depth}`;
  const uri = classResourceUri(v.className, v.namespace ?? options.defaultNamespace, options.dialect);
  const inner = propertiesXml(prefix, v.properties, options, depth + 1);
  return `<${tag} xmlns:${prefix}="${escapeXmlAttribute(uri)}" xsi:type="${prefix}:${v.className}_Type">${inner}</${tag}>`;
}

/** Property (or parameter) elements `<prefix:Name>…</prefix:Name>`, in the record's order. */
export function propertiesXml(prefix: string, properties: Readonly<Record<string, CimValue>>, options: InstanceXmlOptions, depth = 0): string {
  if (depth > 16) throw new CimValueError('embedded objects nested deeper than 16');
  let out = '';
  for (const [name, value] of Object.entries(properties)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new CimValueError(`invalid property name ${JSON.stringify(name)}`);
    const tag = `${prefix}:${name}`;
    if (value === null) {
      if ((options.nulls ?? 'nil') === 'nil') out += `<${tag} xsi:nil="true"/>`;
      continue;
    }
    if (Array.isArray(value)) {
      for (const e of value as readonly (CimScalar | null)[]) out += e === null ? `<${tag} xsi:nil="true"/>` : scalarXml(tag, e, options, depth);
      continue;
    }
    out += scalarXml(tag, value as CimScalar, options, depth);
  }
  return out;
}

const DECLS = `xmlns:cim="${NS.cim}" xmlns:xsi="${NS.xsi}"`;

/**
 * An instance as `<p:Class xmlns:p="<resource URI>" … xsi:type="p:Class_Type">`. The envelope
 * must declare `a:` and `w:` (for REF values); `buildRequest`/`buildResponse` do.
 */
export function instanceToXml(instance: CimInstance, options: InstanceXmlOptions): string {
  const uri = classResourceUri(instance.className, instance.namespace ?? options.defaultNamespace, options.dialect);
  return (
    `<p:${instance.className} xmlns:p="${escapeXmlAttribute(uri)}" ${DECLS} xsi:type="p:${instance.className}_Type">` +
    propertiesXml('p', instance.properties, options) +
    `</p:${instance.className}>`
  );
}

/** `<p:Method_INPUT xmlns:p="<resource URI>">` with the parameters in the given order; NULL parameters are omitted. */
export function methodInputXml(resourceUri: string, methodName: string, parameters: Readonly<Record<string, CimValue>>, options: InstanceXmlOptions): string {
  const tag = `p:${methodName}_INPUT`;
  const body = propertiesXml('p', parameters, { ...options, nulls: 'omit' });
  return `<${tag} xmlns:p="${escapeXmlAttribute(resourceUri)}" ${DECLS}>${body}</${tag}>`;
}

/** `<p:Method_OUTPUT>` with `ReturnValue` and the output parameters (server side). NULL outputs are omitted. */
export function methodOutputXml(
  resourceUri: string,
  methodName: string,
  returnValue: CimValue,
  outParameters: Readonly<Record<string, CimValue>>,
  options: InstanceXmlOptions,
): string {
  const tag = `p:${methodName}_OUTPUT`;
  const values: Record<string, CimValue> = { ...outParameters };
  if (returnValue !== null) values.ReturnValue = returnValue;
  const body = propertiesXml('p', values, { ...options, nulls: 'omit' });
  return `<${tag} xmlns:p="${escapeXmlAttribute(resourceUri)}" ${DECLS}>${body}</${tag}>`;
}

// ---- reading ---------------------------------------------------------------------

/** The class an element stands for: `xsi:type` (`X_Type` in a class URI namespace) first, else the element's own name. */
function classOf(el: XmlElement): { className: string; namespace: string | undefined } {
  const type = attribute(el, NS.xsi, 'type');
  if (type !== undefined) {
    const q = resolveQName(el, type);
    if (q && q.local.endsWith('_Type')) {
      const parsed = parseResourceUri(q.ns);
      const className = q.local.slice(0, -'_Type'.length);
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(className)) return { className, namespace: parsed?.namespace };
    }
  }
  const parsed = parseResourceUri(el.ns);
  return { className: el.local, namespace: parsed?.namespace };
}

function datetimeOf(el: XmlElement): CimDateTime | undefined {
  for (const c of el.children) {
    if (c.ns !== NS.cim) continue;
    if (c.local === 'Datetime' || c.local === 'Interval' || c.local === 'Date' || c.local === 'Time') {
      const text = c.text.trim();
      try {
        // WinRM writes xs:dateTime / xs:duration; a DMTF string also appears for values xs cannot hold.
        return /^[\d*]{14}\.[\d*]{6}[-+:][\d*]{3}$/.test(text) ? CimDateTime.parse(text) : CimDateTime.fromXsd(text);
      } catch (cause) {
        throw new CimProtocolError(`invalid cim:${c.local} ${JSON.stringify(text)}`, { cause });
      }
    }
  }
  return undefined;
}

/** One property element's value. */
export function valueFromXml(el: XmlElement, depth = 0): CimScalar | null {
  if (el.attributes.length !== 0 && isNil(el)) return null;
  if (el.children.length === 0) return el.text;
  const dt = datetimeOf(el);
  if (dt) return dt;
  if (isEprElement(el)) return eprToReference(readEpr(el));
  if (depth > 16) throw new CimProtocolError('embedded objects nested deeper than 16');
  // Nested embedded object: class from xsi:type, else from its children's namespace.
  const type = attribute(el, NS.xsi, 'type');
  let className: string | undefined;
  let namespace: string | undefined;
  if (type !== undefined) {
    const c = classOf(el);
    className = c.className;
    namespace = c.namespace;
  } else {
    const parsed = parseResourceUri(el.children[0]!.ns);
    className = parsed?.className;
    namespace = parsed?.namespace;
  }
  if (className === undefined) throw new CimProtocolError(`cannot tell the class of the embedded object in <${el.name}>`);
  return { className, ...(namespace === undefined ? {} : { namespace }), properties: propertiesFromXml(el, depth + 1) };
}

/** Child elements → properties; repeated names become arrays. */
export function propertiesFromXml(el: XmlElement, depth = 0): Record<string, CimValue> {
  const out: Record<string, CimValue> = {};
  // Array elements arrive consecutively (DSP0227); `last` catches that case without a lookup.
  let lastName: string | undefined;
  let lastArray: (CimScalar | null)[] | undefined;
  let arrays: Set<string> | undefined;
  for (const c of el.children) {
    const v = valueFromXml(c, depth);
    const name = c.local;
    if (name === lastName) {
      if (lastArray) lastArray.push(v);
      else {
        lastArray = [out[name] as CimScalar | null, v];
        setOwn(out, name, lastArray);
        (arrays ??= new Set()).add(name);
      }
      continue;
    }
    lastName = name;
    lastArray = undefined;
    if (!Object.hasOwn(out, name)) setOwn(out, name, v);
    else if (arrays?.has(name)) {
      lastArray = out[name] as (CimScalar | null)[];
      lastArray.push(v);
    } else {
      lastArray = [out[name] as CimScalar | null, v];
      setOwn(out, name, lastArray);
      (arrays ??= new Set()).add(name);
    }
  }
  return out;
}

/**
 * An instance element (`<p:Class>`) → `CimInstance`; its real class from `xsi:type` or its name,
 * namespace from its URI, else from `path`, else `defaultNamespace`.
 */
export function instanceFromXml(el: XmlElement, path?: CimReference, defaultNamespace?: string): CimInstance {
  const { className, namespace } = classOf(el);
  const ns = namespace ?? path?.namespace ?? defaultNamespace;
  const properties = propertiesFromXml(el);
  if (path === undefined) return ns === undefined ? { className, properties } : { className, namespace: ns, properties };
  return ns === undefined ? { className, properties, path } : { className, namespace: ns, properties, path };
}

/** The first element child of an `_INPUT` / `_OUTPUT` style wrapper, checked by local name suffix. */
export function methodBody(payload: XmlElement | undefined, suffix: '_INPUT' | '_OUTPUT'): XmlElement {
  if (!payload || !payload.local.endsWith(suffix)) throw new CimProtocolError(`expected a <…${suffix}> element, found ${payload ? `<${payload.name}>` : 'an empty body'}`);
  return payload;
}

/** `_OUTPUT` → ReturnValue and output parameters. */
export function methodOutputFromXml(el: XmlElement): { returnValue: CimValue; outParameters: Record<string, CimValue> } {
  const props = propertiesFromXml(el);
  const { ReturnValue, ...outParameters } = props;
  return { returnValue: ReturnValue ?? null, outParameters };
}

/** `<w:Item>`/`<n:Items>` member: an instance, optionally followed by its `a:EndpointReference` (EnumerateObjectAndEPR). */
export function itemFromXml(item: XmlElement, defaultNamespace?: string): CimInstance {
  const eprEl = child(item, NS.addressing, 'EndpointReference');
  const path = eprEl ? eprToReference(readEpr(eprEl)) : undefined;
  const instEl = item.children.find((c) => c !== eprEl);
  if (!instEl) throw new CimProtocolError('enumeration item without an instance');
  return instanceFromXml(instEl, path, defaultNamespace);
}

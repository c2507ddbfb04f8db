/**
 * Selector sets and endpoint references (DSP0226 §7 and §8.1): `CimReference` ⇄ EPR,
 * nested references as nested EPRs, the namespace as the resource URI's path (`wmi`)
 * or a `__cimnamespace` selector (`dmtf`). Both directions, for client and server.
 */
import { CimDateTime } from '../datetime.js';
import { CimProtocolError } from '../errors.js';
import { setOwn } from '../own.js';
import { CimReference, type CimKeyValue } from '../reference.js';
import {
  ANONYMOUS,
  CIM_NAMESPACE_SELECTOR,
  NS,
  classResourceUri,
  parseResourceUri,
  type ResourceUriDialect,
} from './namespaces.js';
import { child, childrenNamed, attribute, escapeXmlText, escapeXmlAttribute, type XmlElement } from '../xml.js';

/** One `w:Selector`: text, or a nested EPR. */
export interface Selector {
  readonly name: string;
  readonly value: string | Epr;
}

/** A WS-Management endpoint reference in its resource-URI + selector-set form. */
export interface Epr {
  readonly address: string;
  readonly resourceUri: string;
  readonly selectors: readonly Selector[];
}

/** How to turn references into EPRs: the dialect of the resource URI, and the namespace for references that carry none. */
export interface EprOptions {
  readonly dialect: ResourceUriDialect;
  readonly defaultNamespace: string;
}

/** Text form of a key value in a selector (DSP0227: XML Schema text). */
export function selectorText(v: Exclude<CimKeyValue, CimReference>): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof CimDateTime) return v.toXsd();
  return String(v);
}

/** `CimReference` → EPR. Keys keep their order; in the `dmtf` dialect `__cimnamespace` comes last. */
export function referenceToEpr(ref: CimReference, options: EprOptions): Epr {
  const namespace = ref.namespace ?? options.defaultNamespace;
  const selectors: Selector[] = Object.entries(ref.keys).map(([name, v]) => ({
    name,
    value: v instanceof CimReference ? referenceToEpr(v, { ...options, defaultNamespace: namespace }) : selectorText(v),
  }));
  if (options.dialect === 'dmtf') selectors.push({ name: CIM_NAMESPACE_SELECTOR, value: namespace });
  return { address: ANONYMOUS, resourceUri: classResourceUri(ref.className, namespace, options.dialect), selectors };
}

/**
 * EPR → `CimReference`: class from the resource URI, namespace from the URI or `__cimnamespace`
 * (never a key). Selector values stay text (typing them needs the schema: `typeReferenceKeys`).
 */
export function eprToReference(epr: Epr): CimReference {
  const parsed = parseResourceUri(epr.resourceUri);
  if (!parsed || parsed.className === undefined) throw new CimProtocolError(`EPR resource URI ${JSON.stringify(epr.resourceUri)} names no class`);
  let namespace = parsed.namespace;
  const keys: Record<string, CimKeyValue> = {};
  for (const s of epr.selectors) {
    if (s.name.toLowerCase() === CIM_NAMESPACE_SELECTOR) {
      if (typeof s.value !== 'string') throw new CimProtocolError('__cimnamespace selector holds an EPR');
      namespace = s.value;
      continue;
    }
    if (Object.hasOwn(keys, s.name)) throw new CimProtocolError(`duplicate selector ${s.name}`);
    setOwn(keys, s.name, typeof s.value === 'string' ? s.value : eprToReference(s.value));
  }
  try {
    return new CimReference(parsed.className, keys, { namespace, singleton: Object.keys(keys).length === 0 && epr.selectors.length > 0 });
  } catch (cause) {
    throw new CimProtocolError(`EPR to ${parsed.className} is not a valid reference: ${(cause as Error).message}`, { cause });
  }
}

// ---- XML ---------------------------------------------------------------------------
// Writers use the `a:` (addressing) and `w:` (wsman) prefixes; the envelope declares them.

/** `<w:SelectorSet>…</w:SelectorSet>`, or `''` for no selectors. */
export function selectorSetXml(selectors: readonly Selector[]): string {
  if (selectors.length === 0) return '';
  let out = '<w:SelectorSet>';
  for (const s of selectors) {
    out += `<w:Selector Name="${escapeXmlAttribute(s.name)}">`;
    out += typeof s.value === 'string' ? escapeXmlText(s.value) : `<a:EndpointReference>${eprContentXml(s.value)}</a:EndpointReference>`;
    out += '</w:Selector>';
  }
  return `${out}</w:SelectorSet>`;
}

/** The inside of an EPR element: `<a:Address>` + `<a:ReferenceParameters>` (resource URI, selectors). */
export function eprContentXml(epr: Epr): string {
  return (
    `<a:Address>${escapeXmlText(epr.address)}</a:Address>` +
    `<a:ReferenceParameters><w:ResourceURI>${escapeXmlText(epr.resourceUri)}</w:ResourceURI>${selectorSetXml(epr.selectors)}</a:ReferenceParameters>`
  );
}

const MAX_SELECTORS = 256;

/** Reads `w:SelectorSet` (or `undefined` → none). */
export function readSelectorSet(set: XmlElement | undefined): Selector[] {
  if (!set) return [];
  const items = childrenNamed(set, NS.wsman, 'Selector');
  if (items.length > MAX_SELECTORS) throw new CimProtocolError(`more than ${MAX_SELECTORS} selectors`);
  return items.map((s) => {
    const name = attribute(s, '', 'Name');
    if (name === undefined || name === '') throw new CimProtocolError('w:Selector without a Name');
    const nested = child(s, NS.addressing, 'EndpointReference');
    return { name, value: nested ? readEpr(nested) : s.text };
  });
}

/** Reads an EPR from an element holding `a:Address` and `a:ReferenceParameters` (an `a:EndpointReference`, or a REF-valued property/parameter). */
export function readEpr(el: XmlElement): Epr {
  const address = child(el, NS.addressing, 'Address')?.text.trim() ?? ANONYMOUS;
  const params = child(el, NS.addressing, 'ReferenceParameters');
  const resourceUri = child(params, NS.wsman, 'ResourceURI')?.text.trim();
  if (!params || resourceUri === undefined || resourceUri === '') throw new CimProtocolError('endpoint reference without a:ReferenceParameters/w:ResourceURI');
  return { address, resourceUri, selectors: readSelectorSet(child(params, NS.wsman, 'SelectorSet')) };
}

/** Whether an element's content is an EPR (a REF value). */
export function isEprElement(el: XmlElement): boolean {
  return child(el, NS.addressing, 'ReferenceParameters') !== undefined || child(el, NS.addressing, 'Address') !== undefined;
}

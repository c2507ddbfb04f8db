/**
 * WS-Management names: XML namespace URIs, action URIs, the WQL dialect, and
 * resource URI ⇄ class/namespace in WinRM's `wmi` form and the DMTF form
 * (DSP0226, DSP0227, MS-WSMV). Pure data and string functions; client and server share them.
 */
import { CimValueError } from '../errors.js';
import { XML_NS, XSI_NS } from '../xml.js';

/** XML namespace URIs, with the prefixes WinRM writes them with. */
export const NS = {
  /** `s:` SOAP 1.2. */
  soap: 'http://www.w3.org/2003/05/soap-envelope',
  /** `a:` WS-Addressing (2004/08, the version WS-Man 1.x uses). */
  addressing: 'http://schemas.xmlsoap.org/ws/2004/08/addressing',
  /** `w:` WS-Management. */
  wsman: 'http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd',
  /** `p:` Microsoft's WS-Management extensions (DataLocale, SessionId). */
  msWsman: 'http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd',
  /** `n:` WS-Enumeration. */
  enumeration: 'http://schemas.xmlsoap.org/ws/2004/09/enumeration',
  /** `x:` WS-Transfer. */
  transfer: 'http://schemas.xmlsoap.org/ws/2004/09/transfer',
  /** `xsi:` XML Schema instance (`xsi:nil`, `xsi:type`). */
  xsi: XSI_NS,
  /** `cim:` DSP0230 common types (`cim:Datetime`, `cim:Interval`). */
  cim: 'http://schemas.dmtf.org/wbem/wscim/1/common',
  /** `f:` Microsoft's `WSManFault` detail. */
  wsmanFault: 'http://schemas.microsoft.com/wbem/wsman/1/wsmanfault',
  /** `b:` Microsoft's binding namespace (`IsCIM_Error` attribute on MSFT_WmiError). */
  wsmb: 'http://schemas.microsoft.com/wbem/wsman/1/wsmb',
  /** `xml:` the implicit XML namespace (`xml:lang`). */
  xml: XML_NS,
} as const;

/** The anonymous reply-to / EPR address. */
export const ANONYMOUS = 'http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous';

/** `w:Filter` dialect for WQL (MS-WSMV). */
export const WQL_DIALECT = 'http://schemas.microsoft.com/wbem/wsman/1/WQL';

/** Action URIs (WS-Transfer, WS-Enumeration, faults). */
export const ACTION = {
  get: `${NS.transfer}/Get`,
  getResponse: `${NS.transfer}/GetResponse`,
  put: `${NS.transfer}/Put`,
  putResponse: `${NS.transfer}/PutResponse`,
  create: `${NS.transfer}/Create`,
  createResponse: `${NS.transfer}/CreateResponse`,
  delete: `${NS.transfer}/Delete`,
  deleteResponse: `${NS.transfer}/DeleteResponse`,
  enumerate: `${NS.enumeration}/Enumerate`,
  enumerateResponse: `${NS.enumeration}/EnumerateResponse`,
  pull: `${NS.enumeration}/Pull`,
  pullResponse: `${NS.enumeration}/PullResponse`,
  release: `${NS.enumeration}/Release`,
  releaseResponse: `${NS.enumeration}/ReleaseResponse`,
  /** Fault action for WS-Management faults. */
  wsmanFault: 'http://schemas.dmtf.org/wbem/wsman/1/wsman/fault',
  /** Fault action for WS-Addressing faults (e.g. DestinationUnreachable, ActionNotSupported). */
  addressingFault: `${NS.addressing}/fault`,
  /** Fault action for WS-Enumeration faults (e.g. InvalidEnumerationContext). */
  enumerationFault: `${NS.enumeration}/fault`,
} as const;

/** Invoke: the request action is `<resource URI>/<Method>` (DSP0226 §9). */
export function invokeAction(resourceUri: string, methodName: string): string {
  return `${resourceUri}/${methodName}`;
}

/** Invoke: the response action is `<resource URI>/<Method>Response`. */
export function invokeResponseAction(resourceUri: string, methodName: string): string {
  return `${resourceUri}/${methodName}Response`;
}

/**
 * `wmi`: WinRM's own form, namespace in the path
 * (`http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/Msvm_ComputerSystem`).
 * `dmtf`: DSP0227's form (`http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_X`),
 * namespace in a `__cimnamespace` selector.
 */
export type ResourceUriDialect = 'wmi' | 'dmtf';

export const WMI_URI_PREFIX = 'http://schemas.microsoft.com/wbem/wsman/1/wmi/';
export const DMTF_URI_PREFIX = 'http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/';
/** DSP0227's "all classes" URI, used with a filter and `__cimnamespace`. */
export const DMTF_WILDCARD_URI = 'http://schemas.dmtf.org/wbem/wscim/1/*';
/** The selector that carries the namespace in the DMTF form. */
export const CIM_NAMESPACE_SELECTOR = '__cimnamespace';

const CLASS_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NAMESPACE = /^[A-Za-z0-9_]+(\/[A-Za-z0-9_]+)*$/;

function cleanNamespace(namespace: string): string {
  const ns = namespace.replace(/\\/g, '/').replace(/^\/+|\/+$/g, '');
  if (!NAMESPACE.test(ns)) throw new CimValueError(`invalid CIM namespace ${JSON.stringify(namespace)}`);
  return ns;
}

/** The resource URI of a class. In the `dmtf` dialect the namespace travels separately (see `CIM_NAMESPACE_SELECTOR`). */
export function classResourceUri(className: string, namespace: string, dialect: ResourceUriDialect): string {
  if (!CLASS_NAME.test(className)) throw new CimValueError(`invalid class name ${JSON.stringify(className)}`);
  if (dialect === 'dmtf') return `${DMTF_URI_PREFIX}${className}`;
  return `${WMI_URI_PREFIX}${cleanNamespace(namespace)}/${className}`;
}

/** The wildcard URI filtered enumerations go to: `…/wmi/root/virtualization/v2/*`, or DSP0227's `…/wscim/1/*`. */
export function wildcardResourceUri(namespace: string, dialect: ResourceUriDialect): string {
  if (dialect === 'dmtf') return DMTF_WILDCARD_URI;
  return `${WMI_URI_PREFIX}${cleanNamespace(namespace)}/*`;
}

/** What a resource URI names. `className` is undefined for a wildcard URI; `namespace` undefined when the URI does not carry it (DMTF form). */
export interface ParsedResourceUri {
  readonly dialect: ResourceUriDialect;
  readonly className: string | undefined;
  readonly namespace: string | undefined;
  readonly wildcard: boolean;
}

// Every instance of an enumeration carries the same few URIs; remembering them keeps decoding cheap.
const parsedCache = new Map<string, ParsedResourceUri | undefined>();

/** Reads a resource URI in either form; `undefined` when it is neither (callers fault with `InvalidResourceURI` / `DestinationUnreachable`). Case of the prefix is ignored, as WinRM does. */
export function parseResourceUri(uri: string): ParsedResourceUri | undefined {
  if (parsedCache.has(uri)) return parsedCache.get(uri);
  const parsed = parseUncached(uri);
  if (parsedCache.size >= 512) parsedCache.clear();
  if (parsed) Object.freeze(parsed);
  parsedCache.set(uri, parsed);
  return parsed;
}

function parseUncached(uri: string): ParsedResourceUri | undefined {
  const text = uri.trim();
  const lower = text.toLowerCase();
  if (lower === DMTF_WILDCARD_URI.toLowerCase()) return { dialect: 'dmtf', className: undefined, namespace: undefined, wildcard: true };
  if (lower.startsWith(DMTF_URI_PREFIX.toLowerCase())) {
    const rest = text.slice(DMTF_URI_PREFIX.length);
    if (rest === '*') return { dialect: 'dmtf', className: undefined, namespace: undefined, wildcard: true };
    return CLASS_NAME.test(rest) ? { dialect: 'dmtf', className: rest, namespace: undefined, wildcard: false } : undefined;
  }
  if (lower.startsWith(WMI_URI_PREFIX.toLowerCase())) {
    const rest = text.slice(WMI_URI_PREFIX.length);
    const slash = rest.lastIndexOf('/');
    if (slash <= 0) return undefined;
    const namespace = rest.slice(0, slash);
    const last = rest.slice(slash + 1);
    if (!NAMESPACE.test(namespace)) return undefined;
    if (last === '*') return { dialect: 'wmi', className: undefined, namespace, wildcard: true };
    return CLASS_NAME.test(last) ? { dialect: 'wmi', className: last, namespace, wildcard: false } : undefined;
  }
  return undefined;
}

/**
 * SOAP faults ⇄ typed `CimError`s (DSP0226 §14, MS-WSMV 2.2.4.43 `WSManFault`):
 * reading a fault into `WsmanFaultInfo` and the right error class (WMI's HRESULT
 * first, then WinRM's code, then the subcode), and writing the fault a Windows
 * host would send for an error (server side).
 */
import {
  CimError,
  CimNotFoundError,
  CimSessionError,
  CimStatus,
  CimTimeoutError,
  type WsmanFaultInfo,
} from '../errors.js';
import { ACTION, NS } from './namespaces.js';
import { attribute, child, escapeXmlAttribute, escapeXmlText, resolveQName, type XmlElement } from '../xml.js';

/** WMI HRESULTs (WBEM_E_*) → DSP0200 status. */
export const WMI_ERRORS: Readonly<Record<number, { readonly status: number; readonly name: string }>> = {
  0x80041001: { status: CimStatus.FAILED, name: 'WBEM_E_FAILED' },
  0x80041002: { status: CimStatus.NOT_FOUND, name: 'WBEM_E_NOT_FOUND' },
  0x80041003: { status: CimStatus.ACCESS_DENIED, name: 'WBEM_E_ACCESS_DENIED' },
  0x80041008: { status: CimStatus.INVALID_PARAMETER, name: 'WBEM_E_INVALID_PARAMETER' },
  0x8004100c: { status: CimStatus.NOT_SUPPORTED, name: 'WBEM_E_NOT_SUPPORTED' },
  0x8004100e: { status: CimStatus.INVALID_NAMESPACE, name: 'WBEM_E_INVALID_NAMESPACE' },
  0x80041010: { status: CimStatus.INVALID_CLASS, name: 'WBEM_E_INVALID_CLASS' },
  0x80041017: { status: CimStatus.INVALID_QUERY, name: 'WBEM_E_INVALID_QUERY' },
  0x80041019: { status: CimStatus.ALREADY_EXISTS, name: 'WBEM_E_ALREADY_EXISTS' },
  0x80041031: { status: CimStatus.METHOD_NOT_FOUND, name: 'WBEM_E_INVALID_METHOD' },
  0x80041034: { status: CimStatus.INVALID_PARAMETER, name: 'WBEM_E_INVALID_METHOD_PARAMETERS' },
  0x80041055: { status: CimStatus.METHOD_NOT_AVAILABLE, name: 'WBEM_E_METHOD_NOT_IMPLEMENTED' },
  0x8004105e: { status: CimStatus.METHOD_NOT_AVAILABLE, name: 'WBEM_E_METHOD_DISABLED' },
};

/** WinRM error codes (`WSManFault/@Code`: the ERROR_WSMAN_* defines of the Windows SDK header wsmerror.h, each value checked against it) → DSP0200 status. */
export const WSMAN_ERRORS: Readonly<Record<number, { readonly status: number; readonly name: string }>> = {
  2150858752: { status: CimStatus.NOT_FOUND, name: 'ERROR_WSMAN_RESOURCE_NOT_FOUND' },
  2150858771: { status: CimStatus.NOT_SUPPORTED, name: 'ERROR_WSMAN_ACTION_NOT_SUPPORTED' },
  2150858793: { status: CimStatus.FAILED, name: 'ERROR_WSMAN_OPERATION_TIMEDOUT' },
  2150858803: { status: CimStatus.ALREADY_EXISTS, name: 'ERROR_WSMAN_ALREADY_EXISTS' },
  2150858810: { status: CimStatus.INVALID_PARAMETER, name: 'ERROR_WSMAN_INVALID_PARAMETER' },
  2150858811: { status: CimStatus.INVALID_CLASS, name: 'ERROR_WSMAN_INVALID_RESOURCE_URI' },
  2150858813: { status: CimStatus.NOT_FOUND, name: 'ERROR_WSMAN_INVALID_SELECTORS' },
  2150858833: { status: CimStatus.NOT_SUPPORTED, name: 'ERROR_WSMAN_OPTIONS_NOT_SUPPORTED' },
  2150858843: { status: CimStatus.NOT_FOUND, name: 'ERROR_WSMAN_UNEXPECTED_SELECTORS' },
  2150859042: { status: CimStatus.INVALID_QUERY, name: 'ERROR_WSMAN_CANNOT_PROCESS_FILTER' },
};

/** WS-Man / WS-Addressing / WS-Enumeration subcodes → DSP0200 status, and the SOAP code each goes with. */
export const SUBCODES: Readonly<Record<string, { readonly status: number; readonly code: 'Sender' | 'Receiver'; readonly ns: string }>> = {
  InvalidSelectors: { status: CimStatus.NOT_FOUND, code: 'Sender', ns: NS.wsman },
  DestinationUnreachable: { status: CimStatus.INVALID_CLASS, code: 'Sender', ns: NS.addressing },
  ActionNotSupported: { status: CimStatus.NOT_SUPPORTED, code: 'Sender', ns: NS.addressing },
  AccessDenied: { status: CimStatus.ACCESS_DENIED, code: 'Sender', ns: NS.wsman },
  AlreadyExists: { status: CimStatus.ALREADY_EXISTS, code: 'Sender', ns: NS.wsman },
  CannotProcessFilter: { status: CimStatus.INVALID_QUERY, code: 'Sender', ns: NS.enumeration },
  InvalidParameter: { status: CimStatus.INVALID_PARAMETER, code: 'Sender', ns: NS.wsman },
  InvalidEnumerationContext: { status: CimStatus.FAILED, code: 'Receiver', ns: NS.enumeration },
  EncodingLimit: { status: CimStatus.FAILED, code: 'Sender', ns: NS.wsman },
  SchemaValidationError: { status: CimStatus.FAILED, code: 'Sender', ns: NS.wsman },
  InvalidMessageInformationHeader: { status: CimStatus.FAILED, code: 'Sender', ns: NS.addressing },
  MessageInformationHeaderRequired: { status: CimStatus.FAILED, code: 'Sender', ns: NS.addressing },
  InternalError: { status: CimStatus.FAILED, code: 'Receiver', ns: NS.wsman },
  TimedOut: { status: CimStatus.FAILED, code: 'Receiver', ns: NS.wsman },
  UnsupportedFeature: { status: CimStatus.NOT_SUPPORTED, code: 'Sender', ns: NS.wsman },
  InvalidOptions: { status: CimStatus.NOT_SUPPORTED, code: 'Sender', ns: NS.wsman },
};

function parseCode(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (/^\d{1,10}$/.test(t)) return Number(t);
  if (/^0x[0-9a-f]{1,8}$/i.test(t)) return Number(t);
  if (/^-\d{1,10}$/.test(t)) return Number(t) >>> 0; // a signed HRESULT
  return undefined;
}

function allText(el: XmlElement): string {
  // Message is mixed content: its own text, plus ProviderFault text nested inside.
  return el.text.trim();
}

/** Reads `<s:Fault>` into its parts. Lenient: a fault missing pieces still yields what it has. */
export function readFault(fault: XmlElement): WsmanFaultInfo {
  const codeEl = child(fault, NS.soap, 'Code');
  const codeValue = child(codeEl, NS.soap, 'Value');
  const subValue = child(child(codeEl, NS.soap, 'Subcode'), NS.soap, 'Value');
  const code = codeValue ? (resolveQName(codeValue, codeValue.text)?.local ?? codeValue.text.trim()) : 'Receiver';
  const sub = subValue ? resolveQName(subValue, subValue.text) : undefined;
  const reasonEl = child(child(fault, NS.soap, 'Reason'), NS.soap, 'Text');
  const detail = child(fault, NS.soap, 'Detail');
  const faultDetail = child(detail, NS.wsman, 'FaultDetail')?.text.trim();
  const wsmanFault = child(detail, NS.wsmanFault, 'WSManFault');
  let wsmanCode: number | undefined;
  let message: string | undefined;
  let machine: string | undefined;
  let wmiError: number | undefined;
  if (wsmanFault) {
    wsmanCode = parseCode(attribute(wsmanFault, '', 'Code'));
    machine = attribute(wsmanFault, '', 'Machine');
    const msg = child(wsmanFault, NS.wsmanFault, 'Message');
    if (msg) {
      message = allText(msg) || undefined;
      // A provider's own fault nests another WSManFault whose Code is the WMI HRESULT.
      const provider = child(msg, NS.wsmanFault, 'ProviderFault');
      const inner = provider ? child(provider, NS.wsmanFault, 'WSManFault') : undefined;
      if (inner) {
        wmiError = parseCode(attribute(inner, '', 'Code'));
        const innerMsg = child(inner, NS.wsmanFault, 'Message');
        if (innerMsg && allText(innerMsg)) message = allText(innerMsg);
      } else if (provider && provider.text.trim()) message = provider.text.trim();
    }
  }
  // MSFT_WmiError (CIM_Error) in the detail carries the HRESULT as `error_Code`.
  if (wmiError === undefined && detail) {
    for (const d of detail.children) {
      if (d.local.endsWith('MSFT_WmiError') || d.local === 'CIM_Error' || attribute(d, NS.wsmb, 'IsCIM_Error') !== undefined) {
        const ec = d.children.find((c) => c.local === 'error_Code');
        wmiError = parseCode(ec?.text);
        const m = d.children.find((c) => c.local === 'Message');
        if (message === undefined && m) message = m.text.trim();
      }
    }
  }
  return {
    code,
    subcode: sub?.local,
    subcodeNamespace: sub?.ns,
    reason: reasonEl?.text.trim() ?? '',
    ...(faultDetail === undefined ? {} : { detail: faultDetail }),
    ...(wsmanCode === undefined ? {} : { wsmanCode }),
    ...(message === undefined ? {} : { message }),
    ...(wmiError === undefined ? {} : { wmiError }),
    ...(machine === undefined ? {} : { machine }),
  };
}

function hex(n: number): string {
  return `0x${(n >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

/** The status a fault stands for: WMI's HRESULT first (most specific), then WinRM's code, then the subcode. */
export function faultStatus(info: WsmanFaultInfo): number {
  if (info.wmiError !== undefined) {
    const w = WMI_ERRORS[info.wmiError];
    if (w) return w.status;
  }
  if (info.wsmanCode !== undefined) {
    const w = WSMAN_ERRORS[info.wsmanCode];
    if (w && w.status !== CimStatus.FAILED) return w.status;
  }
  if (info.subcode !== undefined) {
    const s = SUBCODES[info.subcode];
    if (s) return s.status;
  }
  return CimStatus.FAILED;
}

/** A fault as the typed error callers catch. The message names the subcode, WinRM's code and WMI's error, with the server's own text. */
export function faultToError(info: WsmanFaultInfo, context: { readonly operation: string; readonly timeoutMs?: number }): CimError {
  const text = info.message ?? info.reason;
  const codes: string[] = [];
  if (info.subcode !== undefined) codes.push(info.subcode);
  if (info.wsmanCode !== undefined) codes.push(`WinRM ${info.wsmanCode} (${hex(info.wsmanCode)})`);
  if (info.wmiError !== undefined) codes.push(`WMI ${hex(info.wmiError)}${WMI_ERRORS[info.wmiError] ? ` ${WMI_ERRORS[info.wmiError]!.name}` : ''}`);
  const message = `${context.operation} failed: ${text || 'SOAP fault'}${codes.length ? ` [${codes.join(', ')}]` : ''}`;
  if (info.subcode === 'TimedOut' && context.timeoutMs !== undefined) return new CimTimeoutError(message, context.timeoutMs);
  const status = faultStatus(info);
  if (status === CimStatus.NOT_FOUND) return new CimNotFoundError(message, undefined, { fault: info });
  return new CimSessionError(message, status, { fault: info });
}

// ---- writing (server side) ----------------------------------------------------------

/** What the server sends for each DSP0200 status: the fault a Windows host sends for the matching WMI error. */
export const STATUS_FAULTS: Readonly<Record<number, { readonly subcode: string; readonly wsmanCode: number; readonly wmiError?: number; readonly reason: string }>> = {
  [CimStatus.FAILED]: { subcode: 'InternalError', wsmanCode: 0x80004005, wmiError: 0x80041001, reason: 'The service cannot comply with the request due to internal processing errors.' },
  [CimStatus.ACCESS_DENIED]: { subcode: 'AccessDenied', wsmanCode: 5, wmiError: 0x80041003, reason: 'Access is denied.' },
  [CimStatus.INVALID_NAMESPACE]: { subcode: 'DestinationUnreachable', wsmanCode: 2150858811, wmiError: 0x8004100e, reason: 'The WS-Management service cannot process the request because the resource URI names an invalid namespace.' },
  [CimStatus.INVALID_PARAMETER]: { subcode: 'InvalidParameter', wsmanCode: 2150858810, wmiError: 0x80041008, reason: 'The parameter is incorrect.' },
  [CimStatus.INVALID_CLASS]: { subcode: 'DestinationUnreachable', wsmanCode: 2150858811, wmiError: 0x80041010, reason: 'The WS-Management service cannot process the request. The resource URI does not name a known class.' },
  [CimStatus.NOT_FOUND]: { subcode: 'InvalidSelectors', wsmanCode: 2150858752, wmiError: 0x80041002, reason: 'The WS-Management service cannot process the request. The service cannot find the resource identified by the resource URI and selectors.' },
  [CimStatus.NOT_SUPPORTED]: { subcode: 'ActionNotSupported', wsmanCode: 2150858771, wmiError: 0x8004100c, reason: 'The action is not supported by the service.' },
  [CimStatus.ALREADY_EXISTS]: { subcode: 'AlreadyExists', wsmanCode: 2150858803, wmiError: 0x80041019, reason: 'The sender attempted to create a resource which already exists.' },
  [CimStatus.INVALID_QUERY]: { subcode: 'CannotProcessFilter', wsmanCode: 2150859042, wmiError: 0x80041017, reason: 'The requested filter could not be processed.' },
  [CimStatus.METHOD_NOT_AVAILABLE]: { subcode: 'ActionNotSupported', wsmanCode: 2150858771, wmiError: 0x80041055, reason: 'The method is not implemented.' },
  [CimStatus.METHOD_NOT_FOUND]: { subcode: 'ActionNotSupported', wsmanCode: 2150858771, wmiError: 0x80041031, reason: 'The method does not exist.' },
};

/** The fault for an error (server side): `CimSessionError.fault` when it carries one, else by status; anything else is an InternalError. */
export function errorToFault(error: unknown, machine: string): WsmanFaultInfo {
  if (error instanceof CimSessionError && error.fault) return error.fault;
  const status = error instanceof CimSessionError ? error.status : CimStatus.FAILED;
  const f = STATUS_FAULTS[status] ?? STATUS_FAULTS[CimStatus.FAILED]!;
  const s = SUBCODES[f.subcode]!;
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: s.code,
    subcode: f.subcode,
    subcodeNamespace: s.ns,
    reason: f.reason,
    wsmanCode: f.wsmanCode,
    message,
    ...(f.wmiError === undefined ? {} : { wmiError: f.wmiError }),
    machine,
  };
}

/** The action header a fault is sent with. */
export function faultAction(info: WsmanFaultInfo): string {
  if (info.subcodeNamespace === NS.addressing) return ACTION.addressingFault;
  if (info.subcodeNamespace === NS.enumeration) return ACTION.enumerationFault;
  return ACTION.wsmanFault;
}

/** `<s:Fault>` body content, in WinRM's shape: Code/Subcode, Reason, Detail with `f:WSManFault` (and a nested provider fault for the WMI error). */
export function faultXml(info: WsmanFaultInfo): string {
  const subNs = info.subcodeNamespace ?? NS.wsman;
  const subPrefix = subNs === NS.addressing ? 'a' : subNs === NS.enumeration ? 'n' : subNs === NS.wsman ? 'w' : 'sc';
  const subDecl = subPrefix === 'sc' ? ` xmlns:sc="${escapeXmlAttribute(subNs)}"` : '';
  let out = `<s:Fault><s:Code><s:Value>s:${escapeXmlText(info.code)}</s:Value>`;
  if (info.subcode !== undefined) out += `<s:Subcode><s:Value${subDecl}>${subPrefix}:${escapeXmlText(info.subcode)}</s:Value></s:Subcode>`;
  out += `</s:Code><s:Reason><s:Text xml:lang="en-US">${escapeXmlText(info.reason)}</s:Text></s:Reason><s:Detail>`;
  if (info.detail !== undefined) out += `<w:FaultDetail>${escapeXmlText(info.detail)}</w:FaultDetail>`;
  if (info.wsmanCode !== undefined) {
    const machine = escapeXmlAttribute(info.machine ?? 'localhost');
    out += `<f:WSManFault xmlns:f="${NS.wsmanFault}" Code="${info.wsmanCode}" Machine="${machine}"><f:Message>`;
    if (info.wmiError !== undefined) {
      out += `<f:ProviderFault provider="WMI Provider"><f:WSManFault Code="${info.wmiError >>> 0}" Machine="${machine}"><f:Message>${escapeXmlText(info.message ?? info.reason)}</f:Message></f:WSManFault></f:ProviderFault>`;
    } else out += escapeXmlText(info.message ?? info.reason);
    out += '</f:Message></f:WSManFault>';
  }
  return `${out}</s:Detail></s:Fault>`;
}

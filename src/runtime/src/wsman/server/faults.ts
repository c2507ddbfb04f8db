/**
 * The faults the server itself decides on (malformed requests, selectors,
 * enumeration contexts, envelope limits, timeouts), in the shape a Windows
 * host sends them: SOAP Code/Subcode from DSP0226 §14 (WS-Addressing and
 * WS-Enumeration for theirs) and the `WSManFault` Code from Windows'
 * ERROR_WSMAN_* range. Failures a session reports (not found, invalid class,
 * no provider…) go through `errorToFault` in `../fault.ts`, which maps them to
 * the WMI error WinRM forwards. Encoding is `faultXml` there, too.
 */
import type { WsmanFaultInfo } from '../../errors.js';
import { CimError, CimSessionError, CimStatus, CimTimeoutError } from '../../errors.js';
import { NS } from '../namespaces.js';
import { errorToFault } from '../fault.js';

/** Windows error codes in `WSManFault/@Code`: the ERROR_WSMAN_* defines of the Windows SDK header wsmerror.h (each value checked against it). */
export const WSMAN_CODE = {
  actionNotSupported: 2150858771,
  pullInProgress: 2150858758,
  mustUnderstand: 2150858768,
  messageInformationHeaderRequired: 2150858769,
  invalidRepresentation: 2150858773,
  filterDialectUnavailable: 2150858777,
  invalidEnumerationContext: 2150858779,
  invalidSoapBody: 2150858791,
  operationTimedOut: 2150858793,
  invalidResourceUri: 2150858811,
  quotaLimit: 2150858815,
  invalidXml: 2150858819,
  maxEnvelopeSizeExceeded: 2150858824,
  serverEnvelopeLimit: 2150858825,
  optionsNotSupported: 2150858833,
  insufficientSelectors: 2150858842,
  /** Selectors the resource does not have (what WinRM sends for a Get with wrong keys). */
  unexpectedSelectors: 2150858843,
  selectorTypeMismatch: 2150858844,
  duplicateSelectors: 2150858847,
  minEnvelopeSize: 2150858878,
} as const;

/** A protocol failure to answer with a SOAP fault (sent with HTTP 500, as WinRM sends every fault). */
export class ServerFault extends Error {
  readonly info: WsmanFaultInfo;
  constructor(info: WsmanFaultInfo, options: { cause?: unknown } = {}) {
    super(info.reason, { cause: options.cause });
    this.info = info;
  }
}

const FAULT_DETAIL = 'http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail';
const PREFIX = 'The WS-Management service cannot process the request.';

function wsman(code: 'Sender' | 'Receiver', subcode: string, reason: string, extra: Partial<WsmanFaultInfo> = {}): WsmanFaultInfo {
  return { code, subcode, subcodeNamespace: NS.wsman, reason, message: reason, ...extra };
}

export const faults = {
  malformed(why: string, cause?: unknown): ServerFault {
    const reason = `${PREFIX} The request is not valid XML or not a SOAP 1.2 envelope: ${why}`;
    return new ServerFault(wsman('Sender', 'SchemaValidationError', reason, { wsmanCode: WSMAN_CODE.invalidXml }), { cause });
  },
  mustUnderstand(header: string): ServerFault {
    const reason = `${PREFIX} The header ${header} is marked mustUnderstand and this service does not support it.`;
    return new ServerFault({ code: 'MustUnderstand', subcode: undefined, reason, message: reason, wsmanCode: WSMAN_CODE.mustUnderstand });
  },
  headerRequired(header: string): ServerFault {
    const reason = `${PREFIX} A required header is missing: ${header}.`;
    return new ServerFault(
      { code: 'Sender', subcode: 'MessageInformationHeaderRequired', subcodeNamespace: NS.addressing, reason, message: reason, wsmanCode: WSMAN_CODE.messageInformationHeaderRequired },
    );
  },
  invalidBody(why: string): ServerFault {
    const reason = `${PREFIX} The SOAP body is not valid for the action: ${why}`;
    return new ServerFault(wsman('Sender', 'SchemaValidationError', reason, { wsmanCode: WSMAN_CODE.invalidSoapBody }));
  },
  actionNotSupported(action: string): ServerFault {
    const reason = `${PREFIX} The action ${action} is not supported by the service.`;
    return new ServerFault(
      { code: 'Sender', subcode: 'ActionNotSupported', subcodeNamespace: NS.addressing, reason, message: reason, wsmanCode: WSMAN_CODE.actionNotSupported },
    );
  },
  invalidResourceUri(uri: string): ServerFault {
    const reason = `${PREFIX} The resource URI is not valid or not supported by this service: ${uri}`;
    return new ServerFault(
      { code: 'Sender', subcode: 'DestinationUnreachable', subcodeNamespace: NS.addressing, reason, message: reason, wsmanCode: WSMAN_CODE.invalidResourceUri, detail: `${FAULT_DETAIL}/InvalidResourceURI` },
    );
  },
  /** `kind`: which of WinRM's selector errors (they share the InvalidSelectors subcode). */
  invalidSelectors(why: string, kind: 'unexpected' | 'insufficient' | 'typeMismatch' | 'duplicate'): ServerFault {
    const reason = `${PREFIX} The request contained invalid selectors for the resource.`;
    const code = {
      unexpected: WSMAN_CODE.unexpectedSelectors,
      insufficient: WSMAN_CODE.insufficientSelectors,
      typeMismatch: WSMAN_CODE.selectorTypeMismatch,
      duplicate: WSMAN_CODE.duplicateSelectors,
    }[kind];
    const detail = { unexpected: 'UnexpectedSelectors', insufficient: 'InsufficientSelectors', typeMismatch: 'TypeMismatch', duplicate: 'DuplicateSelectors' }[kind];
    return new ServerFault(wsman('Sender', 'InvalidSelectors', reason, { message: `${reason} ${why}`, wsmanCode: code, detail: `${FAULT_DETAIL}/${detail}` }));
  },
  /**
   * An option marked `MustComply="true"`: this service acts on no option, so it cannot comply.
   * MS-WSMV 3.1.4.1.10: WinRM answers InvalidOptions for such an option on a CIM/WMI resource URI, whatever its name.
   */
  optionNotSupported(name: string): ServerFault {
    const reason = `${PREFIX} The option ${name} is marked MustComply and this service does not support it.`;
    return new ServerFault(wsman('Sender', 'InvalidOptions', reason, { wsmanCode: WSMAN_CODE.optionsNotSupported, detail: `${FAULT_DETAIL}/NotSupported` }));
  },
  invalidRepresentation(why: string): ServerFault {
    const reason = `${PREFIX} The XML representation of the instance is not valid: ${why}`;
    return new ServerFault(wsman('Sender', 'InvalidRepresentation', reason, { wsmanCode: WSMAN_CODE.invalidRepresentation, detail: `${FAULT_DETAIL}/InvalidValues` }));
  },
  filterDialect(dialect: string): ServerFault {
    const reason = `${PREFIX} The filter dialect is not supported: ${dialect}`;
    return new ServerFault(wsman('Sender', 'FilterDialectRequestedUnavailable', reason, { wsmanCode: WSMAN_CODE.filterDialectUnavailable }));
  },
  invalidEnumerationContext(why: string): ServerFault {
    const reason = `${PREFIX} The enumeration context supplied in the message is not valid: ${why}`;
    return new ServerFault(
      { code: 'Receiver', subcode: 'InvalidEnumerationContext', subcodeNamespace: NS.enumeration, reason, message: reason, wsmanCode: WSMAN_CODE.invalidEnumerationContext },
    );
  },
  pullInProgress(): ServerFault {
    const reason = `${PREFIX} Another Pull on the same enumeration context is in progress.`;
    return new ServerFault(wsman('Receiver', 'Concurrency', reason, { wsmanCode: WSMAN_CODE.pullInProgress }));
  },
  timedOut(): ServerFault {
    const reason = 'The WS-Management service cannot complete the operation within the time specified in OperationTimeout.';
    return new ServerFault(wsman('Receiver', 'TimedOut', reason, { wsmanCode: WSMAN_CODE.operationTimedOut }));
  },
  quotaLimit(why: string): ServerFault {
    const reason = `${PREFIX} ${why}`;
    return new ServerFault(wsman('Sender', 'QuotaLimit', reason, { wsmanCode: WSMAN_CODE.quotaLimit }));
  },
  /** The reply would exceed the client's MaxEnvelopeSize, or the service's own cap when that is smaller. */
  replyTooLarge(size: number, limit: number): ServerFault {
    const reason = `${PREFIX} The response of ${size} bytes would exceed the envelope limit of ${limit} bytes (the request's MaxEnvelopeSize, capped by the service's).`;
    return new ServerFault(wsman('Receiver', 'EncodingLimit', reason, { wsmanCode: WSMAN_CODE.maxEnvelopeSizeExceeded, detail: `${FAULT_DETAIL}/MaxEnvelopeSize` }));
  },
  /** The request's MaxEnvelopeSize is below the least the service can answer in. */
  envelopeLimitTooSmall(requested: number, minimum: number): ServerFault {
    const reason = `${PREFIX} The MaxEnvelopeSize of ${requested} bytes is below the minimum of ${minimum}.`;
    return new ServerFault(wsman('Sender', 'EncodingLimit', reason, { wsmanCode: WSMAN_CODE.minEnvelopeSize, detail: `${FAULT_DETAIL}/MinimumEnvelopeLimit` }));
  },
  /** The request body is larger than the service accepts. */
  requestTooLarge(limit: number): ServerFault {
    const reason = `${PREFIX} The request is larger than the service's envelope limit of ${limit} bytes.`;
    return new ServerFault(wsman('Sender', 'EncodingLimit', reason, { wsmanCode: WSMAN_CODE.serverEnvelopeLimit, detail: `${FAULT_DETAIL}/ServiceEnvelopeLimit` }));
  },
};

/**
 * Any failure as the fault to send: a `ServerFault` as built; a timeout as
 * WinRM's TimedOut; a session's error as the fault a Windows host sends for
 * the matching WMI error (`errorToFault`), or as it came when it already is a
 * fault (a WS-Man session being relayed).
 */
export function faultFromError(error: unknown, machine: string): WsmanFaultInfo {
  if (error instanceof ServerFault) return { ...error.info, machine };
  if (error instanceof CimTimeoutError) return { ...faults.timedOut().info, machine };
  if (error instanceof CimError && !(error instanceof CimSessionError) && (error.code === 'CIM_MARSHAL' || error.code === 'CIM_VALUE')) {
    return errorToFault(new CimSessionError(error.message, CimStatus.INVALID_PARAMETER), machine);
  }
  return errorToFault(error, machine);
}

/**
 * Typed errors. Every failure the runtime reports is a `CimError` with a
 * stable `code`, so callers can branch on data rather than on message text.
 */
import type { CimInstance } from './session.js';
import type { CimReference } from './reference.js';

export type CimErrorCode =
  | 'CIM_VALUE'
  | 'CIM_MARSHAL'
  | 'CIM_TIMEOUT'
  | 'CIM_METHOD'
  | 'CIM_JOB'
  | 'CIM_JOB_LOST'
  | 'CIM_ABORTED'
  | 'CIM_NOT_FOUND'
  | 'CIM_SESSION'
  | 'CIM_PROTOCOL'
  | 'CIM_TRANSPORT'
  | 'CIM_AUTHENTICATION';

export class CimError extends Error {
  readonly code: CimErrorCode;
  constructor(code: CimErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A value that is not valid CIM text: a datetime, an object path, CIM-XML, a WQL query. */
export class CimValueError extends CimError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CIM_VALUE', message, options);
  }
}

/** A typed value that does not fit its schema type, e.g. `Msvm_X.ElementName: expected string, got number 5`. */
export class CimMarshalError extends CimError {
  readonly className: string;
  readonly member: string;
  readonly value: unknown;
  constructor(className: string, member: string, problem: string, value: unknown, options?: { cause?: unknown }) {
    super('CIM_MARSHAL', `${className}.${member}: ${problem}`, options);
    this.className = className;
    this.member = member;
    this.value = value;
  }
}

export class CimTimeoutError extends CimError {
  readonly timeoutMs: number;
  constructor(message: string, timeoutMs: number) {
    super('CIM_TIMEOUT', message);
    this.timeoutMs = timeoutMs;
  }
}

/** A method returned a ReturnValue other than 0 (or 4096 with a job, for job-aware calls). */
export class CimMethodError extends CimError {
  readonly className: string;
  readonly methodName: string;
  readonly returnValue: number | bigint;
  /** The ValueMap/Values name of `returnValue`, when the descriptor carries it (or Hyper-V's common name for 32768–32779 on `Msvm_` classes). */
  readonly returnValueName: string | undefined;
  /** True when the same call may succeed later unchanged: Hyper-V's 32774 (System is in use) and 32775 (Invalid state for this operation). */
  readonly retryable: boolean;
  readonly result: Readonly<Record<string, unknown>>;
  constructor(
    className: string,
    methodName: string,
    returnValue: number | bigint,
    returnValueName: string | undefined,
    result: Readonly<Record<string, unknown>>,
    options?: { readonly retryable?: boolean },
  ) {
    const named = returnValueName === undefined ? '' : ` (${returnValueName})`;
    super('CIM_METHOD', `${className}.${methodName} returned ${String(returnValue)}${named}`);
    this.className = className;
    this.methodName = methodName;
    this.returnValue = returnValue;
    this.returnValueName = returnValueName;
    this.retryable = options?.retryable ?? false;
    this.result = result;
  }
}

/** A job ended in Terminated (8), Killed (9) or Exception (10). */
export class CimJobError extends CimError {
  readonly job: CimReference;
  readonly jobState: number;
  readonly errorCode: number | undefined;
  readonly errorDescription: string | undefined;
  /** Hyper-V's `ErrorSummaryDescription`, when the job class has it. */
  readonly errorSummaryDescription: string | undefined;
  /** The decoded error instances: `GetErrorEx` (Hyper-V, `Msvm_Error`s), else `GetErrors`, else `GetError` (DMTF `CIM_Error`). */
  readonly errors: readonly CimInstance[];
  /** The first of `errors` (kept for callers of `GetError`-only servers). */
  readonly cimError: CimInstance | undefined;
  /** The job instance as last seen. */
  readonly jobInstance: CimInstance;
  constructor(init: {
    message: string;
    job: CimReference;
    jobState: number;
    errorCode?: number | undefined;
    errorDescription?: string | undefined;
    errorSummaryDescription?: string | undefined;
    errors?: readonly CimInstance[] | undefined;
    cimError?: CimInstance | undefined;
    jobInstance: CimInstance;
  }) {
    super('CIM_JOB', init.message);
    this.job = init.job;
    this.jobState = init.jobState;
    this.errorCode = init.errorCode;
    this.errorDescription = init.errorDescription;
    this.errorSummaryDescription = init.errorSummaryDescription;
    this.errors = init.errors ?? (init.cimError ? [init.cimError] : []);
    this.cimError = init.cimError ?? this.errors[0];
    this.jobInstance = init.jobInstance;
  }
}

/**
 * What became of the cancel request a job wait makes on abort or timeout
 * (`RequestStateChange(4)`): not requested, accepted (0 or 4096), refused
 * (another ReturnValue) or failed (the call itself threw).
 */
export interface JobCancelOutcome {
  readonly requested: boolean;
  readonly accepted: boolean;
  readonly returnValue?: number | undefined;
  readonly error?: unknown;
}

/** A job wait ran out of time; says the state the job was in and what became of the cancel request. */
export class CimJobTimeoutError extends CimTimeoutError {
  readonly job: CimReference;
  /** The last `JobState` seen (undefined if the job was never read). */
  readonly jobState: number | undefined;
  readonly percentComplete: number | undefined;
  readonly cancel: JobCancelOutcome;
  constructor(message: string, timeoutMs: number, init: { job: CimReference; jobState?: number | undefined; percentComplete?: number | undefined; cancel: JobCancelOutcome }) {
    super(message, timeoutMs);
    this.job = init.job;
    this.jobState = init.jobState;
    this.percentComplete = init.percentComplete;
    this.cancel = init.cancel;
  }
}

/** The caller aborted a job wait; `cause` is the signal's reason, `cancel` what became of the cancel request. */
export class CimJobAbortedError extends CimError {
  readonly job: CimReference;
  readonly jobState: number | undefined;
  readonly cancel: JobCancelOutcome;
  constructor(message: string, init: { job: CimReference; jobState?: number | undefined; cancel: JobCancelOutcome; cause: unknown }) {
    super('CIM_ABORTED', message, { cause: init.cause });
    this.job = init.job;
    this.jobState = init.jobState;
    this.cancel = init.cancel;
  }
}

/** The job vanished while being waited for (Hyper-V removes finished jobs after `TimeBeforeRemoval`). */
export class CimJobLostError extends CimError {
  readonly job: CimReference;
  /** The last `JobState` seen before it vanished (undefined if it was never seen). */
  readonly lastJobState: number | undefined;
  constructor(message: string, init: { job: CimReference; lastJobState?: number | undefined; cause?: unknown }) {
    super('CIM_JOB_LOST', message, { cause: init.cause });
    this.job = init.job;
    this.lastJobState = init.lastJobState;
  }
}

/**
 * DSP0200 status codes, shared by every transport so a WS-Man fault and an
 * in-memory failure look the same to callers.
 */
export const CimStatus = {
  FAILED: 1,
  ACCESS_DENIED: 2,
  INVALID_NAMESPACE: 3,
  INVALID_PARAMETER: 4,
  INVALID_CLASS: 5,
  NOT_FOUND: 6,
  NOT_SUPPORTED: 7,
  ALREADY_EXISTS: 11,
  INVALID_QUERY: 15,
  METHOD_NOT_AVAILABLE: 16,
  METHOD_NOT_FOUND: 17,
} as const;

/**
 * What a WS-Management server said in a SOAP fault, kept on the error so callers
 * (and the server that re-sends it) see the protocol's own codes, not only our status.
 */
export interface WsmanFaultInfo {
  /** SOAP 1.2 code value, e.g. `s:Sender` / `s:Receiver` (local name: `Sender`). */
  readonly code: string;
  /** The WS-Man/WS-Addressing subcode local name, e.g. `InvalidSelectors`, `DestinationUnreachable`. */
  readonly subcode: string | undefined;
  /** The subcode's namespace URI. */
  readonly subcodeNamespace?: string | undefined;
  /** `s:Reason/s:Text`. */
  readonly reason: string;
  /** The `FaultDetail` URI when given, e.g. `…/wsman/faultDetail/InvalidValue`. */
  readonly detail?: string | undefined;
  /** Microsoft's `WSManFault` Code attribute, e.g. 2150858843. */
  readonly wsmanCode?: number | undefined;
  /** `WSManFault/Message` text (outermost message; provider text when nested). */
  readonly message?: string | undefined;
  /** The WMI error / HRESULT, e.g. 0x80041002 (2147749890) = WBEM_E_NOT_FOUND. */
  readonly wmiError?: number | undefined;
  /** The `Machine` attribute of the `WSManFault`. */
  readonly machine?: string | undefined;
}

/** A transport or server fault. `status` is the DSP0200 status code when one applies. */
export class CimSessionError extends CimError {
  readonly status: number;
  /** The WS-Management fault, when the error came from one. */
  readonly fault: WsmanFaultInfo | undefined;
  constructor(
    message: string,
    status: number = CimStatus.FAILED,
    options?: { cause?: unknown; code?: CimErrorCode; fault?: WsmanFaultInfo | undefined },
  ) {
    super(options?.code ?? 'CIM_SESSION', message, options);
    this.status = status;
    this.fault = options?.fault;
  }
}

/** The instance (or class) named by a path does not exist. */
export class CimNotFoundError extends CimSessionError {
  readonly path: CimReference | undefined;
  constructor(message: string, path?: CimReference, options?: { fault?: WsmanFaultInfo | undefined }) {
    super(message, CimStatus.NOT_FOUND, { code: 'CIM_NOT_FOUND', fault: options?.fault });
    this.path = path;
  }
}

/** A peer broke the protocol: malformed or over-limit XML, a DOCTYPE, an envelope missing what the operation needs. */
export class CimProtocolError extends CimSessionError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, CimStatus.FAILED, { ...options, code: 'CIM_PROTOCOL' });
  }
}

/** The connection failed: refused, reset, DNS, TLS, unexpected HTTP status. Names the host and the cause. */
export class CimTransportError extends CimSessionError {
  readonly host: string;
  /** The HTTP status when the server answered with one we cannot use. */
  readonly httpStatus: number | undefined;
  /** The connection was reset before any answer: an idempotent request may be sent again. */
  readonly retryable: boolean;
  constructor(message: string, host: string, options?: { cause?: unknown; httpStatus?: number; retryable?: boolean }) {
    super(message, CimStatus.FAILED, { cause: options?.cause, code: 'CIM_TRANSPORT' });
    this.host = host;
    this.httpStatus = options?.httpStatus;
    this.retryable = options?.retryable ?? false;
  }
}

/** The server refused the credentials (HTTP 401). Names host and user, never the password. */
export class CimAuthenticationError extends CimSessionError {
  readonly host: string;
  readonly username: string;
  constructor(message: string, host: string, username: string) {
    super(message, CimStatus.ACCESS_DENIED, { code: 'CIM_AUTHENTICATION' });
    this.host = host;
    this.username = username;
  }
}

/** Describes a value for an error message without dumping large objects. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  switch (typeof value) {
    case 'string': {
      const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
      return `string ${JSON.stringify(shown)}`;
    }
    case 'number':
      return `number ${String(value)}`;
    case 'bigint':
      return `bigint ${String(value)}n`;
    case 'boolean':
      return `boolean ${String(value)}`;
    case 'function':
      return 'function';
    case 'symbol':
      return 'symbol';
    default: {
      if (Array.isArray(value)) return `array(${value.length})`;
      const name = (value as object).constructor?.name;
      return name && name !== 'Object' ? name : 'object';
    }
  }
}

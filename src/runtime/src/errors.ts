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
  | 'CIM_NOT_FOUND'
  | 'CIM_SESSION';

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
  /** The ValueMap/Values name of `returnValue`, when the descriptor carries it. */
  readonly returnValueName: string | undefined;
  readonly result: Readonly<Record<string, unknown>>;
  constructor(
    className: string,
    methodName: string,
    returnValue: number | bigint,
    returnValueName: string | undefined,
    result: Readonly<Record<string, unknown>>,
  ) {
    const named = returnValueName === undefined ? '' : ` (${returnValueName})`;
    super('CIM_METHOD', `${className}.${methodName} returned ${String(returnValue)}${named}`);
    this.className = className;
    this.methodName = methodName;
    this.returnValue = returnValue;
    this.returnValueName = returnValueName;
    this.result = result;
  }
}

/** A job ended in a state other than Completed (7). */
export class CimJobError extends CimError {
  readonly job: CimReference;
  readonly jobState: number;
  readonly errorCode: number | undefined;
  readonly errorDescription: string | undefined;
  /** The embedded `CIM_Error` from `GetError`, when the job class has it and it answered. */
  readonly cimError: CimInstance | undefined;
  /** The job instance as last seen. */
  readonly jobInstance: CimInstance;
  constructor(init: {
    message: string;
    job: CimReference;
    jobState: number;
    errorCode?: number | undefined;
    errorDescription?: string | undefined;
    cimError?: CimInstance | undefined;
    jobInstance: CimInstance;
  }) {
    super('CIM_JOB', init.message);
    this.job = init.job;
    this.jobState = init.jobState;
    this.errorCode = init.errorCode;
    this.errorDescription = init.errorDescription;
    this.cimError = init.cimError;
    this.jobInstance = init.jobInstance;
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

/** A transport or server fault. `status` is the DSP0200 status code when one applies. */
export class CimSessionError extends CimError {
  readonly status: number;
  constructor(message: string, status: number = CimStatus.FAILED, options?: { cause?: unknown; code?: CimErrorCode }) {
    super(options?.code ?? 'CIM_SESSION', message, options);
    this.status = status;
  }
}

/** The instance (or class) named by a path does not exist. */
export class CimNotFoundError extends CimSessionError {
  readonly path: CimReference | undefined;
  constructor(message: string, path?: CimReference) {
    super(message, CimStatus.NOT_FOUND, { code: 'CIM_NOT_FOUND' });
    this.path = path;
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

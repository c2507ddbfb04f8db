/**
 * The session: what every transport (in-memory, WS-Management, CIM-XML)
 * implements. It speaks in wire values (`CimInstance`, `CimValue`); the
 * generated SDK marshals typed values to and from them with the descriptors.
 */
import type { CimDateTime } from './datetime.js';
import type { CimReference } from './reference.js';

/** A CIM instance as it travels: class name, properties by name. Embedded instances declared as strings travel as CIM-XML `INSTANCE` text. */
export interface CimInstance {
  readonly className: string;
  readonly namespace?: string;
  readonly properties: Readonly<Record<string, CimValue>>;
  /** Optional (added by the runtime): the instance's path, when the transport knows it (repositories, `VALUE.NAMEDINSTANCE`, WS-Man EPRs). */
  readonly path?: CimReference;
}

export type CimScalar = boolean | string | number | bigint | CimDateTime | CimReference | CimInstance;
export type CimValue = CimScalar | null | readonly (CimScalar | null)[];

export interface CallOptions {
  /** Cancels the operation; the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Per-operation time limit in milliseconds (rejects with a `CimTimeoutError`). */
  readonly timeoutMs?: number;
}

export interface EnumerateOptions extends CallOptions {
  readonly namespace?: string;
  /** WQL filter, e.g. `SELECT * FROM Msvm_ComputerSystem WHERE Name = "x"`. */
  readonly filter?: string;
  /** Include instances of subclasses (default true). */
  readonly deep?: boolean;
}

export interface AssociatorsOptions extends CallOptions {
  readonly assocClass?: string;
  readonly resultClass?: string;
  readonly role?: string;
  readonly resultRole?: string;
}

export interface ReferencesOptions extends CallOptions {
  readonly resultClass?: string;
  readonly role?: string;
}

export interface InvokeResult {
  readonly returnValue: CimValue;
  readonly outParameters: Readonly<Record<string, CimValue>>;
}

export interface CimSession {
  getInstance(path: CimReference, options?: CallOptions): Promise<CimInstance>;
  enumerateInstances(className: string, options?: EnumerateOptions): AsyncIterable<CimInstance>;
  associators(path: CimReference, options?: AssociatorsOptions): AsyncIterable<CimInstance>;
  references(path: CimReference, options?: ReferencesOptions): AsyncIterable<CimInstance>;
  /** `target` is an instance path, or a class path (no keys) for static methods. */
  invokeMethod(
    target: CimReference,
    methodName: string,
    inParameters: Readonly<Record<string, CimValue>>,
    options?: CallOptions,
  ): Promise<InvokeResult>;
  createInstance(instance: CimInstance, options?: CallOptions): Promise<CimReference>;
  modifyInstance(instance: CimInstance, options?: CallOptions & { readonly propertyList?: readonly string[] }): Promise<void>;
  deleteInstance(path: CimReference, options?: CallOptions): Promise<void>;
  close?(): Promise<void>;
}

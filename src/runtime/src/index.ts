/**
 * @mofc/runtime — the runtime generated SDKs depend on. Public API only;
 * see docs/runtime-api.md.
 */
export type {
  CimPrimitiveType,
  CimValueType,
  ValueDescriptor,
  PropertyDescriptor,
  ParameterDescriptor,
  MethodDescriptor,
  ClassDescriptor,
} from './descriptor.js';
export type {
  CimInstance,
  CimScalar,
  CimValue,
  CallOptions,
  EnumerateOptions,
  AssociatorsOptions,
  ReferencesOptions,
  InvokeResult,
  CimSession,
} from './session.js';

export { CimDateTime, type CimIntervalParts, type CimTimestampParts } from './datetime.js';
export { CimReference, type CimKeyValue, type CimReferenceOptions, type ObjectPathStyle } from './reference.js';
export {
  CimError,
  CimValueError,
  CimMarshalError,
  CimTimeoutError,
  CimMethodError,
  CimJobError,
  CimSessionError,
  CimNotFoundError,
  CimStatus,
  type CimErrorCode,
} from './errors.js';
export { ClassRegistry } from './registry.js';
export {
  CLASS_PROPERTY,
  marshalValue,
  unmarshalValue,
  marshalInstance,
  unmarshalInstance,
  marshalArguments,
  unmarshalArguments,
  marshalResult,
  unmarshalResult,
  instancePath,
  wirePath,
  typeReferenceKeys,
  returnValueName,
  isCimInstance,
  type MarshalLocation,
  type MarshalInstanceOptions,
} from './marshal.js';
export { instanceToCimXml, instanceFromCimXml } from './cimxml.js';
export { bindProvider, type CimProvider, type ProviderCallOptions, type ProviderMethod, type TypedProviderImplementation } from './provider.js';
export { InMemorySession, type InMemorySessionOptions } from './memory-session.js';
export { waitForJob, JobState, type WaitForJobOptions } from './job.js';
export {
  callMethod,
  callMethodAndWait,
  awaitMethodResult,
  jobParameterName,
  getTypedInstance,
  enumerateTypedInstances,
  createTypedInstance,
  modifyTypedInstance,
  deleteTypedInstance,
  typedAssociators,
  typedReferences,
  JOB_STARTED,
  type TypedCallOptions,
  type JobCallOptions,
  type JobAwareResult,
} from './invoke.js';

/**
 * @mofc/runtime — the runtime generated SDKs depend on. Public API only;
 * see docs/runtime-api.md.
 */
export type {
  CimPrimitiveType,
  CimIntegerType,
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
  CimJobTimeoutError,
  CimJobAbortedError,
  CimJobLostError,
  type JobCancelOutcome,
  CimSessionError,
  CimNotFoundError,
  CimProtocolError,
  CimTransportError,
  CimAuthenticationError,
  type WsmanFaultInfo,
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
  isCimInstance,
  type MarshalLocation,
  type MarshalInstanceOptions,
} from './marshal.js';
export { instanceToCimXml, instanceFromCimXml } from './cimxml.js';
export { bindProvider, type CimProvider, type ProviderCallOptions, type ProviderMethod, type TypedProviderImplementation } from './provider.js';
export { waitForJob, JobState, jobStateName, type JobWarning, type WaitForJobOptions } from './job.js';
export { HYPERV_RETURN_VALUES, isRetryableReturnValue, returnValueName } from './return-values.js';
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
export {
  instanceOperations,
  referenceTo,
  callMethodAndWaitTyped,
  inherit,
  type InstanceOperations,
  type InstanceProvider,
  type JobResult,
  type ClassProviderMethod,
} from './operations.js';
export { parseSeed, seedInstances, SeedError, type SeedOptions } from './wsman/server/seed.js';
export { createWsmanServer, type WsmanServer, type WsmanServerOptions } from './wsman/server/server.js';
export { basicAuth, type BasicCredentials, type WsmanAuthenticator, type WsmanAuthOutcome, type WsmanConnection } from './wsman/server/auth.js';
export { ntlmAuth, combinedAuth, type NtlmAuthOptions } from './auth/wsman-server-auth.js';
export { CimIntegrityError } from './auth/session-security.js';
export { WsmanSession, type WsmanSessionOptions } from './wsman/client/session.js';
export type { WsmanChannel, ChannelPostOptions, ChannelReply } from './wsman/client/channel.js';

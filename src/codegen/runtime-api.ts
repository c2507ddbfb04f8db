/**
 * The runtime names generated code uses, in one place, so the generator
 * follows the runtime's API from a single table. Each name says where it is
 * imported from: `@mofc/runtime`, or the package's own `operations.ts` (the
 * generics that shape every class: instance operations, provider types,
 * descriptor inheritance).
 */
export const RUNTIME_MODULE = '@mofc/runtime';
/** Relative to `src/classes/`. */
export const OPERATIONS_MODULE = '../operations.js';

interface RuntimeName {
  readonly name: string;
  readonly module: string;
  readonly kind: 'value' | 'type';
}

const rt = (name: string, kind: 'value' | 'type' = 'value', module = RUNTIME_MODULE): RuntimeName => ({ name, module, kind });

export const RT = {
  // types
  CimReference: rt('CimReference'),
  CimDateTime: rt('CimDateTime', 'type'),
  CimSession: rt('CimSession', 'type'),
  TypedCallOptions: rt('TypedCallOptions', 'type'),
  EnumerateOptions: rt('EnumerateOptions', 'type'),
  JobCallOptions: rt('JobCallOptions', 'type'),
  JobAwareResult: rt('JobAwareResult', 'type'),
  ClassDescriptor: rt('ClassDescriptor', 'type'),
  ProviderCallOptions: rt('ProviderCallOptions', 'type'),
  CimProvider: rt('CimProvider', 'type'),
  ProviderMethod: rt('ProviderMethod', 'type', OPERATIONS_MODULE),
  ClassRegistry: rt('ClassRegistry'),
  // functions
  callMethod: rt('callMethod'),
  callMethodAndWait: rt('callMethodAndWait'),
  getTypedInstance: rt('getTypedInstance'),
  enumerateTypedInstances: rt('enumerateTypedInstances'),
  bindProvider: rt('bindProvider'),
  createTypedInstance: rt('createTypedInstance'),
  modifyTypedInstance: rt('modifyTypedInstance'),
  deleteTypedInstance: rt('deleteTypedInstance'),
  typedAssociators: rt('typedAssociators'),
  typedReferences: rt('typedReferences'),
  inherit: rt('inherit', 'value', OPERATIONS_MODULE),
  callMethodAndWaitTyped: rt('callMethodAndWaitTyped', 'value', OPERATIONS_MODULE),
  JobResult: rt('JobResult', 'type', OPERATIONS_MODULE),
  instanceOperations: rt('instanceOperations', 'value', OPERATIONS_MODULE),
  InstanceProvider: rt('InstanceProvider', 'type', OPERATIONS_MODULE),
} as const satisfies Record<string, RuntimeName>;

export type RuntimeNameRef = RuntimeName;

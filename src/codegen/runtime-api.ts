/**
 * The runtime names generated code uses, in one place, so the generator
 * follows the runtime's API from a single table. Each name says where it is
 * imported from: `@mofc/runtime`, or the package's own `operations.ts` for the
 * typed helpers the runtime does not (yet) offer.
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
  createTypedInstance: rt('createTypedInstance', 'value', OPERATIONS_MODULE),
  modifyTypedInstance: rt('modifyTypedInstance', 'value', OPERATIONS_MODULE),
  deleteTypedInstance: rt('deleteTypedInstance', 'value', OPERATIONS_MODULE),
  typedAssociators: rt('typedAssociators', 'value', OPERATIONS_MODULE),
  typedReferences: rt('typedReferences', 'value', OPERATIONS_MODULE),
  inherit: rt('inherit', 'value', OPERATIONS_MODULE),
  instanceOperations: rt('instanceOperations', 'value', OPERATIONS_MODULE),
  InstanceProvider: rt('InstanceProvider', 'type', OPERATIONS_MODULE),
} as const satisfies Record<string, RuntimeName>;

export type RuntimeNameRef = RuntimeName;

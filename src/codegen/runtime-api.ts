/**
 * The runtime names generated code uses, in one place, so the generator
 * follows the runtime's API from a single table. Everything comes from
 * `@mofc/runtime`, the generics that shape every class included (instance
 * operations, provider types, descriptor inheritance), so a runtime fix
 * reaches every generated SDK without regenerating it.
 */
export const RUNTIME_MODULE = '@mofc/runtime';

interface RuntimeName {
  readonly name: string;
  readonly module: string;
  readonly kind: 'value' | 'type';
}

const rt = (name: string, kind: 'value' | 'type' = 'value'): RuntimeName => ({ name, module: RUNTIME_MODULE, kind });

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
  ProviderMethod: rt('ClassProviderMethod', 'type'),
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
  inherit: rt('inherit'),
  callMethodAndWaitTyped: rt('callMethodAndWaitTyped'),
  JobResult: rt('JobResult', 'type'),
  instanceOperations: rt('instanceOperations'),
  InstanceProvider: rt('InstanceProvider', 'type'),
} as const satisfies Record<string, RuntimeName>;

export type RuntimeNameRef = RuntimeName;

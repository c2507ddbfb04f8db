/** Hand-written descriptors shaped like the Hyper-V/DMTF classes the tests need. */
import type { ClassDescriptor, MethodDescriptor, PropertyDescriptor } from '../src/descriptor.js';
import { ClassRegistry } from '../src/registry.js';

export const NS = 'root/virtualization/v2';

const p = (name: string, type: PropertyDescriptor['type'], extra: Partial<PropertyDescriptor> = {}): PropertyDescriptor => ({
  name,
  type,
  ...extra,
});

export const CIM_ManagedElement: ClassDescriptor = {
  name: 'CIM_ManagedElement',
  namespace: NS,
  isAbstract: true,
  keys: [],
  properties: [p('Caption', 'string'), p('ElementName', 'string')],
  methods: [],
};

export const CIM_Error: ClassDescriptor = {
  name: 'CIM_Error',
  namespace: NS,
  keys: [],
  properties: [p('ErrorType', 'uint16'), p('Message', 'string'), p('CIMStatusCode', 'uint32')],
  methods: [],
};

const GetError: MethodDescriptor = {
  name: 'GetError',
  returns: { type: 'uint32' },
  parameters: [{ name: 'Error', type: 'instance', embeddedClass: 'CIM_Error', embeddedAs: 'string', in: false, out: true }],
};

export const CIM_ConcreteJob: ClassDescriptor = {
  name: 'CIM_ConcreteJob',
  namespace: NS,
  superclass: CIM_ManagedElement,
  keys: ['InstanceID'],
  properties: [
    ...CIM_ManagedElement.properties,
    p('InstanceID', 'string', { key: true }),
    p('JobState', 'uint16'),
    p('PercentComplete', 'uint16'),
    p('ErrorCode', 'uint16'),
    p('ErrorDescription', 'string'),
    p('TimeSubmitted', 'datetime'),
  ],
  methods: [GetError],
};

export const Msvm_ConcreteJob: ClassDescriptor = {
  ...CIM_ConcreteJob,
  name: 'Msvm_ConcreteJob',
  superclass: CIM_ConcreteJob,
  isAbstract: false,
};

export const CIM_Collection: ClassDescriptor = {
  name: 'CIM_Collection',
  namespace: NS,
  superclass: CIM_ManagedElement,
  isAbstract: true,
  keys: ['InstanceID'],
  properties: [...CIM_ManagedElement.properties, p('InstanceID', 'string', { key: true })],
  methods: [],
};

export const Msvm_ReferencePointCollection: ClassDescriptor = {
  ...CIM_Collection,
  name: 'Msvm_ReferencePointCollection',
  superclass: CIM_Collection,
  isAbstract: false,
};

export const Msvm_CollectionReferencePointExportSettingData: ClassDescriptor = {
  name: 'Msvm_CollectionReferencePointExportSettingData',
  namespace: NS,
  superclass: CIM_ManagedElement,
  keys: ['InstanceID'],
  properties: [
    ...CIM_ManagedElement.properties,
    p('InstanceID', 'string', { key: true }),
    p('CopySnapshotConfiguration', 'uint8'),
    p('CopyVmRuntimeInformation', 'boolean'),
    p('CopyVmStorage', 'boolean'),
    p('CreateVmExportSubdirectory', 'boolean'),
  ],
  methods: [],
};

export const ExportReferencePoint: MethodDescriptor = {
  name: 'ExportReferencePoint',
  returns: { type: 'uint32' },
  returnValueNames: {
    '0': 'Completed with No Error',
    '4096': 'Method Parameters Checked - Job Started',
    '32768': 'Failed',
    '32775': 'Invalid state',
    '32779..32800': 'Some Range',
  },
  parameters: [
    { name: 'ReferencePointCollection', type: 'reference', refClass: 'CIM_Collection', in: true, out: false },
    { name: 'ExportDirectory', type: 'string', in: true, out: false },
    {
      name: 'ExportSettingData',
      type: 'instance',
      embeddedClass: 'Msvm_CollectionReferencePointExportSettingData',
      embeddedAs: 'string',
      in: true,
      out: false,
    },
    { name: 'Job', type: 'reference', refClass: 'CIM_ConcreteJob', in: false, out: true },
  ],
};

export const Msvm_CollectionReferencePointService: ClassDescriptor = {
  name: 'Msvm_CollectionReferencePointService',
  namespace: NS,
  superclass: CIM_ManagedElement,
  keys: ['CreationClassName', 'Name', 'SystemCreationClassName', 'SystemName'],
  properties: [
    ...CIM_ManagedElement.properties,
    p('CreationClassName', 'string', { key: true }),
    p('Name', 'string', { key: true }),
    p('SystemCreationClassName', 'string', { key: true }),
    p('SystemName', 'string', { key: true }),
  ],
  methods: [
    ExportReferencePoint,
    {
      name: 'Ping',
      returns: 'void',
      isStatic: true,
      parameters: [
        { name: 'Count', type: 'uint64', in: true, out: true },
        { name: 'When', type: 'datetime', in: false, out: true },
      ],
    },
  ],
};

/** Every CIM type, scalar and array. */
export const Test_AllTypes: ClassDescriptor = {
  name: 'Test_AllTypes',
  namespace: NS,
  keys: ['Id'],
  properties: [
    p('Id', 'string', { key: true }),
    p('Needed', 'uint32', { required: true }),
    p('B', 'boolean'),
    p('S', 'string'),
    p('C', 'char16'),
    p('U8', 'uint8'),
    p('S8', 'sint8'),
    p('U16', 'uint16'),
    p('S16', 'sint16'),
    p('U32', 'uint32'),
    p('S32', 'sint32'),
    p('U64', 'uint64'),
    p('S64', 'sint64'),
    p('R32', 'real32'),
    p('R64', 'real64'),
    p('DT', 'datetime'),
    p('Ref', 'reference', { refClass: 'CIM_Collection' }),
    p('AnyRef', 'reference'),
    p('Embedded', 'instance', { embeddedClass: 'Msvm_CollectionReferencePointExportSettingData', embeddedAs: 'string' }),
    p('Nested', 'instance', { embeddedClass: 'CIM_ConcreteJob', embeddedAs: 'object' }),
    p('Anything', 'object', { embeddedAs: 'string' }),
    p('Strings', 'string', { isArray: true }),
    p('Numbers', 'uint16', { isArray: true }),
    p('Bigs', 'uint64', { isArray: true }),
    p('Jobs', 'instance', { embeddedClass: 'CIM_ConcreteJob', embeddedAs: 'object', isArray: true }),
  ],
  methods: [],
};

export const Test_Element: ClassDescriptor = {
  name: 'Test_Element',
  namespace: NS,
  keys: ['Name'],
  properties: [p('Name', 'string', { key: true }), p('Size', 'uint32'), p('Label', 'string')],
  methods: [],
};

export const Test_SubElement: ClassDescriptor = {
  ...Test_Element,
  name: 'Test_SubElement',
  superclass: Test_Element,
  properties: [...Test_Element.properties, p('Extra', 'boolean')],
};

export const Test_Member: ClassDescriptor = {
  name: 'Test_Member',
  namespace: NS,
  isAssociation: true,
  keys: ['Collection', 'Member'],
  properties: [p('Collection', 'reference', { refClass: 'CIM_Collection', key: true }), p('Member', 'reference', { refClass: 'Test_Element', key: true })],
  methods: [],
};

export const Test_Owner: ClassDescriptor = {
  ...Test_Member,
  name: 'Test_Owner',
  properties: [p('Collection', 'reference', { refClass: 'CIM_Collection', key: true }), p('Member', 'reference', { refClass: 'Test_Element', key: true })],
};

export const ALL: readonly ClassDescriptor[] = [
  CIM_ManagedElement,
  CIM_Error,
  CIM_ConcreteJob,
  Msvm_ConcreteJob,
  CIM_Collection,
  Msvm_ReferencePointCollection,
  Msvm_CollectionReferencePointExportSettingData,
  Msvm_CollectionReferencePointService,
  Test_AllTypes,
  Test_Element,
  Test_SubElement,
  Test_Member,
  Test_Owner,
];

export function registry(): ClassRegistry {
  return new ClassRegistry(ALL);
}

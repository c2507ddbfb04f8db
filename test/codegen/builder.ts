/**
 * A tiny builder of compiled models (`Repository`) for codegen tests, so they
 * do not depend on the MOF front end. Classes are flattened the way the model
 * compiler does it: inherited members first, each with classOrigin/propagated.
 */
import type {
  CimType,
  ClassModel,
  EnumModel,
  MethodModel,
  ParameterModel,
  PropertyModel,
  Qualifiers,
  Repository,
} from '../../src/model/types.js';
import type { GenerateOptions } from '../../src/codegen/generate.js';

export interface PropSpec {
  name: string;
  type: CimType;
  isArray?: boolean;
  refClass?: string;
  embeddedInstance?: string;
  embeddedObject?: boolean;
  key?: boolean;
  required?: boolean;
  qualifiers?: Qualifiers;
  enum?: EnumModel;
}

export interface ParamSpec extends Omit<PropSpec, 'key' | 'required'> {
  in?: boolean;
  out?: boolean;
}

export interface MethodSpec {
  name: string;
  returnType?: CimType | 'void';
  returnEnum?: EnumModel;
  qualifiers?: Qualifiers;
  parameters?: ParamSpec[];
}

export interface ClassSpec {
  name: string;
  superclass?: string;
  abstract?: boolean;
  association?: boolean;
  qualifiers?: Qualifiers;
  properties?: PropSpec[];
  methods?: MethodSpec[];
  amendments?: ClassModel['amendments'];
}

/** `enumOf(['0', 'Unknown'], ['2', 'Enabled'], ['32768..65535', 'Vendor Reserved'])` */
export function enumOf(...entries: [string, string][]): EnumModel {
  const values: { value: number | string; name: string }[] = [];
  const ranges: { from: number | null; to: number | null; name: string }[] = [];
  for (const [v, name] of entries) {
    const m = /^(\d*)\.\.(\d*)$/.exec(v);
    if (m) ranges.push({ from: m[1] ? Number(m[1]) : null, to: m[2] ? Number(m[2]) : null, name });
    else values.push({ value: /^\d+$/.test(v) ? Number(v) : v, name });
  }
  return { values, ranges };
}

function property(spec: PropSpec, origin: string): PropertyModel {
  return {
    name: spec.name,
    type: spec.type,
    isArray: spec.isArray ?? false,
    arraySize: null,
    refClass: spec.refClass ?? null,
    embeddedInstance: spec.embeddedInstance ?? null,
    embeddedObject: spec.embeddedObject ?? false,
    qualifiers: { ...(spec.key ? { Key: true } : {}), ...(spec.qualifiers ?? {}) },
    enum: spec.enum ?? null,
    default: null,
    key: spec.key ?? false,
    required: spec.required ?? false,
    classOrigin: origin,
    propagated: false,
  };
}

function parameter(spec: ParamSpec): ParameterModel {
  return {
    name: spec.name,
    type: spec.type,
    isArray: spec.isArray ?? false,
    arraySize: null,
    refClass: spec.refClass ?? null,
    embeddedInstance: spec.embeddedInstance ?? null,
    embeddedObject: spec.embeddedObject ?? false,
    qualifiers: spec.qualifiers ?? {},
    enum: spec.enum ?? null,
    in: spec.in ?? !spec.out,
    out: spec.out ?? false,
    default: null,
  };
}

function method(spec: MethodSpec, origin: string): MethodModel {
  return {
    name: spec.name,
    returnType: spec.returnType ?? 'uint32',
    returnRefClass: null,
    returnEmbeddedInstance: null,
    qualifiers: spec.qualifiers ?? {},
    returnEnum: spec.returnEnum ?? null,
    parameters: (spec.parameters ?? []).map(parameter),
    classOrigin: origin,
    propagated: false,
  };
}

export function buildRepository(namespace: string, specs: ClassSpec[]): Repository {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const built = new Map<string, ClassModel>();
  const build = (spec: ClassSpec): ClassModel => {
    const existing = built.get(spec.name);
    if (existing) return existing;
    const sup = spec.superclass ? build(byName.get(spec.superclass)!) : null;
    const properties: PropertyModel[] = sup ? sup.properties.map((p) => ({ ...p, propagated: true })) : [];
    for (const p of spec.properties ?? []) {
      const i = properties.findIndex((x) => x.name === p.name);
      const own = property(p, spec.name);
      if (i >= 0) properties[i] = { ...own, classOrigin: properties[i]!.classOrigin, key: own.key || properties[i]!.key };
      else properties.push(own);
    }
    const methods: MethodModel[] = sup ? sup.methods.map((m) => ({ ...m, propagated: true })) : [];
    for (const m of spec.methods ?? []) {
      const i = methods.findIndex((x) => x.name === m.name);
      const own = method(m, spec.name);
      if (i >= 0) methods[i] = { ...own, classOrigin: methods[i]!.classOrigin };
      else methods.push(own);
    }
    const cls: ClassModel = {
      name: spec.name,
      superclass: spec.superclass ?? null,
      ancestors: sup ? [sup.name, ...sup.ancestors] : [],
      isAssociation: spec.association ?? sup?.isAssociation ?? false,
      isIndication: false,
      isAbstract: spec.abstract ?? false,
      qualifiers: spec.qualifiers ?? {},
      keys: properties.filter((p) => p.key).map((p) => p.name),
      properties,
      methods,
      instances: [],
      amendments: spec.amendments ?? {},
    };
    built.set(spec.name, cls);
    return cls;
  };
  for (const s of specs) build(s);
  const classes = [...built.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  return { namespaces: [{ name: namespace, qualifierTypes: [], classes, locale: null }] };
}

const RETURN_CODES = enumOf(
  ['0', 'Completed with No Error'],
  ['4096', 'Method Parameters Checked - Job Started'],
  ['32768', 'Failed'],
  ['4097..32767', 'Method Reserved'],
  ['32768..65535', 'Vendor Specific'],
);

/** A small Hyper-V-like schema: the ExportReferencePoint chain and an association. */
export function sampleRepository(): Repository {
  return buildRepository('root/virtualization/v2', [
    {
      name: 'CIM_ManagedElement',
      abstract: true,
      qualifiers: { Description: 'The root of the CIM hierarchy.' },
      properties: [
        { name: 'InstanceID', type: 'string' },
        { name: 'Caption', type: 'string', qualifiers: { Description: 'A short description.', MaxLen: 64 } },
        { name: 'ElementName', type: 'string' },
      ],
    },
    {
      name: 'CIM_ManagedSystemElement',
      superclass: 'CIM_ManagedElement',
      abstract: true,
      properties: [
        { name: 'InstallDate', type: 'datetime' },
        { name: 'Name', type: 'string' },
        {
          name: 'OperationalStatus',
          type: 'uint16',
          isArray: true,
          enum: enumOf(['0', 'Unknown'], ['2', 'OK'], ['3', 'Degraded'], ['..', 'DMTF Reserved'], ['32768..', 'Vendor Reserved']),
        },
      ],
    },
    {
      name: 'CIM_EnabledLogicalElement',
      superclass: 'CIM_ManagedSystemElement',
      abstract: true,
      properties: [
        {
          name: 'EnabledState',
          type: 'uint16',
          enum: enumOf(['0', 'Unknown'], ['2', 'Enabled'], ['3', 'Disabled'], ['11..32767', 'DMTF Reserved'], ['32768..65535', 'Vendor Reserved']),
        },
      ],
      methods: [
        {
          name: 'RequestStateChange',
          returnEnum: RETURN_CODES,
          parameters: [
            { name: 'RequestedState', type: 'uint16', enum: enumOf(['2', 'Enabled'], ['3', 'Disabled']) },
            { name: 'Job', type: 'reference', refClass: 'CIM_ConcreteJob', out: true },
            { name: 'TimeoutPeriod', type: 'datetime' },
          ],
        },
      ],
    },
    {
      name: 'CIM_Service',
      superclass: 'CIM_EnabledLogicalElement',
      abstract: true,
      properties: [
        { name: 'SystemCreationClassName', type: 'string', key: true },
        { name: 'SystemName', type: 'string', key: true },
        { name: 'CreationClassName', type: 'string', key: true },
        { name: 'Name', type: 'string', key: true },
      ],
    },
    { name: 'CIM_Collection', superclass: 'CIM_ManagedElement', abstract: true },
    {
      name: 'CIM_SystemSpecificCollection',
      superclass: 'CIM_Collection',
      properties: [{ name: 'InstanceID', type: 'string', key: true }],
    },
    { name: 'Msvm_ReferencePointCollection', superclass: 'CIM_SystemSpecificCollection' },
    { name: 'Msvm_VirtualSystemCollection', superclass: 'CIM_SystemSpecificCollection' },
    {
      name: 'CIM_Job',
      superclass: 'CIM_EnabledLogicalElement',
      abstract: true,
      properties: [
        { name: 'PercentComplete', type: 'uint16', qualifiers: { Units: 'Percent', PUnit: 'percent' } },
        { name: 'ErrorCode', type: 'uint16' },
        { name: 'ErrorDescription', type: 'string' },
      ],
    },
    {
      name: 'CIM_ConcreteJob',
      superclass: 'CIM_Job',
      properties: [
        { name: 'InstanceID', type: 'string', key: true },
        {
          name: 'JobState',
          type: 'uint16',
          enum: enumOf(['2', 'New'], ['3', 'Starting'], ['4', 'Running'], ['7', 'Completed'], ['10', 'Exception']),
        },
        { name: 'TimeOfLastStateChange', type: 'datetime' },
      ],
      methods: [{ name: 'GetError', parameters: [{ name: 'Error', type: 'string', embeddedInstance: 'CIM_Error', out: true }] }],
    },
    { name: 'Msvm_ConcreteJob', superclass: 'CIM_ConcreteJob', properties: [{ name: 'Cancellable', type: 'boolean' }] },
    {
      name: 'CIM_Error',
      properties: [
        { name: 'Message', type: 'string' },
        { name: 'CIMStatusCode', type: 'uint32' },
      ],
    },
    { name: 'CIM_SettingData', superclass: 'CIM_ManagedElement', properties: [{ name: 'InstanceID', type: 'string', key: true }] },
    {
      name: 'Msvm_CollectionReferencePointExportSettingData',
      superclass: 'CIM_SettingData',
      qualifiers: { Description: 'Export setting data.' },
      properties: [
        {
          name: 'CopySnapshotConfiguration',
          type: 'uint8',
          enum: enumOf(['0', 'ExportAllSnapshots'], ['1', 'ExportNoSnapshots'], ['2', 'ExportOneSnapshot']),
        },
        { name: 'BaseReferencePointCollection', type: 'string' },
        { name: 'VirtualMachinesToDisksToExport', type: 'string', isArray: true },
        { name: 'MaxSizeBytes', type: 'uint64' },
        { name: 'Nested', type: 'object', embeddedInstance: 'CIM_Error' },
        { name: 'Anything', type: 'string', embeddedObject: true },
      ],
    },
    {
      name: 'Msvm_CollectionReferencePointService',
      superclass: 'CIM_Service',
      qualifiers: { Description: 'Service to create, destroy and export reference points of virtual system collections.' },
      methods: [
        {
          name: 'ExportReferencePoint',
          qualifiers: { Description: 'Exports a reference point collection to a file.' },
          returnEnum: enumOf(['0', 'Completed with No Error'], ['4096', 'Method Parameters Checked - Job Started']),
          parameters: [
            { name: 'ReferencePointCollection', type: 'reference', refClass: 'CIM_Collection' },
            { name: 'ExportDirectory', type: 'string' },
            { name: 'ExportSettingData', type: 'string', embeddedInstance: 'Msvm_CollectionReferencePointExportSettingData' },
            { name: 'Job', type: 'reference', refClass: 'CIM_ConcreteJob', out: true },
          ],
        },
        {
          name: 'CreateFromTemplate',
          qualifiers: { Static: true, Description: 'A static method.' },
          returnEnum: RETURN_CODES,
          parameters: [
            { name: 'Template', type: 'string', qualifiers: { Required: true } },
            { name: 'Job', type: 'reference', refClass: 'Msvm_ConcreteJob', out: true },
            { name: 'Created', type: 'object', embeddedInstance: 'CIM_Error', out: true, isArray: true },
          ],
        },
        {
          name: 'CreateReferencePoint',
          returnEnum: RETURN_CODES,
          parameters: [
            { name: 'Collection', type: 'reference', refClass: 'Msvm_VirtualSystemCollection' },
            { name: 'ReferencePointType', type: 'uint16', enum: enumOf(['0', 'Unknown'], ['1', 'Log based'], ['2', 'RCT based'], ['..', 'DMTF Reserved']) },
            { name: 'ResultingReferencePointCollection', type: 'reference', refClass: 'CIM_Collection', in: true, out: true },
            { name: 'Job', type: 'reference', refClass: 'CIM_ConcreteJob', out: true },
            { name: 'Size', type: 'uint64', out: true },
          ],
        },
      ],
    },
    { name: 'T_Singleton', qualifiers: { Singleton: true }, properties: [{ name: 'Counter', type: 'sint64' }] },
    {
      name: 'T_Ternary',
      association: true,
      properties: [
        { name: 'Left', type: 'reference', refClass: 'CIM_Error', key: true },
        { name: 'Middle', type: 'reference', refClass: 'CIM_Job', key: true },
        { name: 'Right', type: 'reference', refClass: 'T_Singleton', key: true },
      ],
    },
    {
      name: 'CIM_MemberOfCollection',
      association: true,
      properties: [
        { name: 'Collection', type: 'reference', refClass: 'CIM_Collection', key: true },
        { name: 'Member', type: 'reference', refClass: 'CIM_ManagedElement', key: true },
      ],
    },
  ]);
}

/** `generate` options for `sampleRepository()` (no front end), into `outDir`, relative paths against `cwd`. */
export function sampleGenerateOptions(cwd: string, outDir: string, extra: Partial<GenerateOptions> = {}): GenerateOptions {
  return {
    inputs: ['sample.mof'],
    outDir,
    packageName: 'sample-sdk',
    packageVersion: '1.2.3',
    cwd,
    compile: async () => ({ repository: sampleRepository(), diagnostics: [], sources: [] }),
    ...extra,
  };
}

/**
 * The code generation plan: which classes of the compiled model get a module,
 * where each enum is defined, which methods get a job-aware form, and the
 * exported names of everything. Pure: model in, plan and diagnostics out.
 */
import type {
  ClassModel,
  EnumModel,
  MethodModel,
  NamespaceModel,
  ParameterModel,
  PropertyModel,
  Qualifiers,
  QualifierValue,
  Repository,
} from '../model/types.js';
import { createDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { codegenDiagnostics } from '../diagnostics/codes/codegen.js';
import { compareStrings, enumMemberNames, globToRegExp } from './names.js';

export interface PlanOptions {
  /** Class name globs (`*`, `?`, case-insensitive); absent or empty = every class. */
  readonly classes?: readonly string[];
  /** Locale whose amended qualifiers (`.mfl`) are used for documentation, e.g. `0x409`. */
  readonly locale?: string | null;
  /** Namespace to generate (`/`-separated); default: the single non-localized namespace with classes. */
  readonly namespace?: string;
}

/** An enum the generated code defines: a constants object plus an open type of the same name. */
export interface EnumPlan {
  /** Exported name (constants object and type). */
  readonly name: string;
  /** Class whose module defines it. */
  readonly home: string;
  /** Numeric (`number`), 64-bit (`bigint`) or string-valued. */
  readonly kind: 'number' | 'bigint' | 'string';
  readonly members: readonly { readonly key: string; readonly value: number | string; readonly text: string }[];
  readonly ranges: EnumModel['ranges'];
  /** What the enum describes, for its doc comment: ``Values of `CIM_EnabledLogicalElement.EnabledState` ``. */
  readonly describes: string;
}

export interface MethodPlan {
  readonly model: MethodModel;
  /** Exported names of the argument and result types (at the method's home class). */
  readonly argsType: string;
  readonly resultType: string;
  /** Class whose module defines the method's types and implementation (reused by subclasses). */
  readonly home: string;
  readonly returnEnum: EnumPlan | null;
  readonly parameterEnums: ReadonlyMap<string, EnumPlan>;
  /** The `Job` out parameter when the method gets a job-aware form. */
  readonly jobParameter: ParameterModel | null;
  readonly isStatic: boolean;
}

export interface ClassPlan {
  readonly model: ClassModel;
  readonly superclass: ClassModel | null;
  /** Root first, this class last. */
  readonly lineage: readonly string[];
  readonly propertyEnums: ReadonlyMap<string, EnumPlan>;
  readonly methods: readonly MethodPlan[];
  /** Reference properties of an association, in declaration order. */
  readonly associationEnds: readonly PropertyModel[];
  /** Enums defined in this class's module. */
  readonly ownEnums: readonly EnumPlan[];
  readonly isConcrete: boolean;
}

export interface SchemaPlan {
  readonly namespace: string;
  /** Generated classes, sorted by name. */
  readonly classes: ReadonlyMap<string, ClassPlan>;
  readonly locale: string | null;
}

export interface PlanResult {
  readonly plan: SchemaPlan | null;
  readonly diagnostics: Diagnostic[];
}

const INTEGER_TYPES = new Set(['uint8', 'sint8', 'uint16', 'sint16', 'uint32', 'sint32', 'uint64', 'sint64']);
const BIG_TYPES = new Set(['uint64', 'sint64']);

function enumKind(type: string): EnumPlan['kind'] | null {
  if (type === 'string' || type === 'char16') return 'string';
  if (BIG_TYPES.has(type)) return 'bigint';
  if (INTEGER_TYPES.has(type)) return 'number';
  return null;
}

function sameEnum(a: EnumModel | null, b: EnumModel | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function qualifier(qualifiers: Qualifiers, name: string): QualifierValue | undefined {
  if (name in qualifiers) return qualifiers[name];
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(qualifiers)) if (key.toLowerCase() === lower) return value;
  return undefined;
}

export function hasQualifier(qualifiers: Qualifiers, name: string): boolean {
  const value = qualifier(qualifiers, name);
  return value !== undefined && value !== false && value !== null;
}

export function qualifierString(qualifiers: Qualifiers, name: string): string | null {
  const value = qualifier(qualifiers, name);
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((v) => v !== null).join('');
  return null;
}

export function qualifierStrings(qualifiers: Qualifiers, name: string): string[] | null {
  const value = qualifier(qualifiers, name);
  if (Array.isArray(value)) return value.map((v) => String(v));
  if (typeof value === 'string') return [value];
  return null;
}

/** Pick the namespace to generate. */
function chooseNamespace(repository: Repository, requested: string | undefined, diagnostics: Diagnostic[]): NamespaceModel | null {
  const normalize = (n: string) => n.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();
  if (requested) {
    const found = repository.namespaces.find((ns) => normalize(ns.name) === normalize(requested));
    if (!found) {
      diagnostics.push(createDiagnostic(codegenDiagnostics.MOF4001, undefined, [requested]));
      return null;
    }
    return found;
  }
  const candidates = repository.namespaces.filter((ns) => ns.locale === null && ns.classes.some((c) => !isSystemClass(c.name)));
  if (candidates.length === 0) {
    diagnostics.push(createDiagnostic(codegenDiagnostics.MOF4002, undefined));
    return null;
  }
  if (candidates.length === 1) return candidates[0]!;
  // Several: the one with the most classes, ties broken by name; say so.
  const sorted = [...candidates].sort((a, b) => b.classes.length - a.classes.length || compareStrings(a.name, b.name));
  diagnostics.push(
    createDiagnostic(codegenDiagnostics.MOF4003, undefined, [sorted[0]!.name, sorted.map((n) => n.name).join(', ')]),
  );
  return sorted[0]!;
}

/** Every class name the generated code for `cls` refers to (its closure edges). */
function referencedClasses(cls: ClassModel): string[] {
  const out: string[] = [];
  if (cls.superclass) out.push(cls.superclass);
  const element = (e: { refClass: string | null; embeddedInstance: string | null }) => {
    if (e.refClass) out.push(e.refClass);
    if (e.embeddedInstance) out.push(e.embeddedInstance);
  };
  for (const p of cls.properties) element(p);
  for (const m of cls.methods) {
    if (m.returnRefClass) out.push(m.returnRefClass);
    if (m.returnEmbeddedInstance) out.push(m.returnEmbeddedInstance);
    for (const p of m.parameters) element(p);
  }
  return out;
}

export function createPlan(repository: Repository, options: PlanOptions = {}): PlanResult {
  const diagnostics: Diagnostic[] = [];
  const namespace = chooseNamespace(repository, options.namespace, diagnostics);
  if (!namespace) return { plan: null, diagnostics };

  const byName = new Map<string, ClassModel>();
  for (const cls of namespace.classes) byName.set(cls.name, cls);

  // Selection and closure.
  const selected = new Set<string>();
  const queue: string[] = [];
  const globs = options.classes?.filter((g) => g.trim() !== '') ?? [];
  if (globs.length === 0) {
    // WMI system classes (`__Namespace`, `__Win32Provider`…) only when a glob names them or a class needs them.
    for (const name of byName.keys()) if (!isSystemClass(name)) queue.push(name);
  } else {
    for (const glob of globs) {
      const re = globToRegExp(glob.trim());
      const matches = [...byName.keys()].filter((n) => re.test(n) && (!isSystemClass(n) || glob.trim().startsWith('__')));
      if (matches.length === 0) diagnostics.push(createDiagnostic(codegenDiagnostics.MOF4004, undefined, [glob]));
      queue.push(...matches);
    }
  }
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (selected.has(name)) continue;
    const cls = byName.get(name);
    if (!cls) continue;
    selected.add(name);
    for (const ref of referencedClasses(cls)) if (!selected.has(ref) && byName.has(ref)) queue.push(ref);
  }
  if (selected.size === 0) {
    diagnostics.push(createDiagnostic(codegenDiagnostics.MOF4002, undefined));
    return { plan: null, diagnostics };
  }

  // Every referenced class must be known (a missing one degrades to an untyped reference / object).
  const reportedMissing = new Set<string>();
  for (const name of [...selected].sort(compareStrings)) {
    for (const ref of referencedClasses(byName.get(name)!)) {
      if (!byName.has(ref) && !reportedMissing.has(`${name}\0${ref}`)) {
        reportedMissing.add(`${name}\0${ref}`);
        diagnostics.push(createDiagnostic(codegenDiagnostics.MOF4005, undefined, [name, ref]));
      }
    }
  }

  const names = new NameRegistry([...selected]);
  const plans = new Map<string, ClassPlan>();
  const enumCache = new Map<string, EnumPlan | null>();

  const lineageOf = (cls: ClassModel): string[] => [...cls.ancestors].reverse().concat(cls.name);

  /** The enum of property `prop` as seen in class `cls`, defined at the highest class with the same enum. */
  const propertyEnum = (cls: ClassModel, prop: PropertyModel): EnumPlan | null => {
    const kind = enumKind(prop.type);
    if (!prop.enum || !kind || !hasEnumContent(prop.enum)) return null;
    const cacheKey = `p\0${cls.name}\0${prop.name}`;
    if (enumCache.has(cacheKey)) return enumCache.get(cacheKey)!;
    let result: EnumPlan;
    const superCls = cls.superclass ? byName.get(cls.superclass) : undefined;
    const superProp = superCls?.properties.find((p) => p.name === prop.name);
    if (superCls && superProp && superProp.type === prop.type && sameEnum(superProp.enum, prop.enum) && selected.has(superCls.name)) {
      result = propertyEnum(superCls, superProp)!;
    } else {
      result = makeEnum(names.take(`${cls.name}_${prop.name}`), cls.name, kind, prop.enum, `Values of \`${cls.name}.${prop.name}\``);
    }
    enumCache.set(cacheKey, result);
    return result;
  };

  /** Home of a method: the highest class whose declaration of it is the same (types, enums). */
  const methodHome = (cls: ClassModel, method: MethodModel): string => {
    const superCls = cls.superclass ? byName.get(cls.superclass) : undefined;
    const superMethod = superCls?.methods.find((m) => m.name === method.name);
    if (superCls && superMethod && selected.has(superCls.name) && sameMethodShape(superMethod, method)) {
      return methodHome(superCls, superMethod);
    }
    return cls.name;
  };

  const methodPlans = new Map<string, MethodPlan>();
  const planMethod = (cls: ClassModel, method: MethodModel): MethodPlan => {
    const home = methodHome(cls, method);
    const key = `${home}\0${method.name}`;
    const existing = methodPlans.get(key);
    if (existing) return existing;
    const homeCls = byName.get(home)!;
    const homeMethod = homeCls.methods.find((m) => m.name === method.name)!;
    const returnKind = homeMethod.returnType === 'void' ? null : enumKind(homeMethod.returnType);
    const returnEnum =
      homeMethod.returnEnum && returnKind && hasEnumContent(homeMethod.returnEnum)
        ? makeEnum(names.take(`${home}_${method.name}_ReturnValue`), home, returnKind, homeMethod.returnEnum, `Return values of \`${home}.${method.name}\``)
        : null;
    const parameterEnums = new Map<string, EnumPlan>();
    for (const p of homeMethod.parameters) {
      const kind = enumKind(p.type);
      if (p.enum && kind && hasEnumContent(p.enum)) {
        parameterEnums.set(p.name, makeEnum(names.take(`${home}_${method.name}_${p.name}`), home, kind, p.enum, `Values of the \`${p.name}\` parameter of \`${home}.${method.name}\``));
      }
    }
    const jobParameter = hasJobForm(homeMethod, byName) ?? null;
    const plan: MethodPlan = {
      model: homeMethod,
      argsType: names.take(`${home}_${method.name}_Args`),
      resultType: names.take(`${home}_${method.name}_Result`),
      home,
      returnEnum,
      parameterEnums,
      jobParameter,
      isStatic: hasQualifier(homeMethod.qualifiers, 'Static'),
    };
    methodPlans.set(key, plan);
    return plan;
  };

  // Superclasses first, so enum/method homes are named deterministically top-down.
  const order = [...selected].sort((a, b) => {
    const da = byName.get(a)!.ancestors.length;
    const db = byName.get(b)!.ancestors.length;
    return da - db || compareStrings(a, b);
  });
  for (const name of order) {
    const cls = byName.get(name)!;
    const propertyEnums = new Map<string, EnumPlan>();
    for (const prop of cls.properties) {
      const e = propertyEnum(cls, prop);
      if (e) propertyEnums.set(prop.name, e);
    }
    const methods = cls.methods.map((m) => planMethod(cls, m));
    plans.set(name, {
      model: cls,
      superclass: cls.superclass ? (byName.get(cls.superclass) ?? null) : null,
      lineage: lineageOf(cls),
      propertyEnums,
      methods,
      associationEnds: cls.isAssociation ? cls.properties.filter((p) => p.type === 'reference') : [],
      ownEnums: [],
      isConcrete: !cls.isAbstract,
    });
  }
  // Own enums per home class, in a stable order (properties, then methods, in model order).
  const own = new Map<string, EnumPlan[]>();
  const addOwn = (e: EnumPlan | null) => {
    if (!e) return;
    const list = own.get(e.home) ?? [];
    if (!list.includes(e)) list.push(e);
    own.set(e.home, list);
  };
  for (const name of order) {
    const p = plans.get(name)!;
    for (const prop of p.model.properties) addOwn(p.propertyEnums.get(prop.name) ?? null);
    for (const m of p.methods) {
      if (m.home !== name) continue;
      addOwn(m.returnEnum);
      for (const par of m.model.parameters) addOwn(m.parameterEnums.get(par.name) ?? null);
    }
  }
  const sortedPlans = new Map<string, ClassPlan>();
  for (const name of [...plans.keys()].sort(compareStrings)) {
    const p = plans.get(name)!;
    sortedPlans.set(name, { ...p, ownEnums: own.get(name) ?? [] });
  }
  return {
    plan: { namespace: namespace.name, classes: sortedPlans, locale: options.locale ?? null },
    diagnostics,
  };
}

/** WMI system classes: `__Namespace`, `__Win32Provider`, `__Event`… */
export function isSystemClass(name: string): boolean {
  return name.startsWith('__');
}

function hasEnumContent(e: EnumModel): boolean {
  return e.values.length > 0;
}

function sameMethodShape(a: MethodModel, b: MethodModel): boolean {
  const strip = (m: MethodModel) => ({
    returnType: m.returnType,
    returnRefClass: m.returnRefClass,
    returnEmbeddedInstance: m.returnEmbeddedInstance,
    returnEnum: m.returnEnum,
    parameters: m.parameters.map((p) => ({
      name: p.name,
      type: p.type,
      isArray: p.isArray,
      refClass: p.refClass,
      embeddedInstance: p.embeddedInstance,
      embeddedObject: p.embeddedObject,
      enum: p.enum,
      in: p.in,
      out: p.out,
    })),
    isStatic: hasQualifier(m.qualifiers, 'Static'),
  });
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

/** The `CIM_ConcreteJob REF` (or subclass) out parameter of a method whose return ValueMap has 4096. */
function hasJobForm(method: MethodModel, byName: ReadonlyMap<string, ClassModel>): ParameterModel | undefined {
  if (!method.returnEnum) return undefined;
  const has4096 = method.returnEnum.values.some((v) => v.value === 4096 || v.value === '4096');
  if (!has4096) return undefined;
  return method.parameters.find((p) => {
    if (!p.out || p.type !== 'reference' || p.isArray || !p.refClass) return false;
    if (p.refClass.toLowerCase() === 'cim_concretejob') return true;
    const target = byName.get(p.refClass);
    return !!target && target.ancestors.some((a) => a.toLowerCase() === 'cim_concretejob');
  });
}

function makeEnum(name: string, home: string, kind: EnumPlan['kind'], model: EnumModel, describes: string): EnumPlan {
  const keys = enumMemberNames(model.values);
  return {
    name,
    home,
    kind,
    members: model.values.map((v, i) => ({ key: keys[i]!, value: v.value, text: v.name })),
    ranges: model.ranges,
    describes,
  };
}

/** Exported names are unique across the package (the barrel re-exports every module). */
class NameRegistry {
  private readonly taken = new Set<string>();
  constructor(classNames: readonly string[]) {
    for (const n of classNames) {
      for (const suffix of ['', 'Init', 'Keys', 'Provider']) this.taken.add(`${n}${suffix}`);
    }
    for (const n of ['EmbeddedObject', 'EmbeddedObjectInit', 'SchemaClasses', 'SchemaClassInits', 'schema', 'cimClass']) {
      this.taken.add(n);
    }
  }
  take(base: string): string {
    let name = base;
    for (let n = 2; this.taken.has(name); n += 1) name = `${base}_${n}`;
    this.taken.add(name);
    return name;
  }
}

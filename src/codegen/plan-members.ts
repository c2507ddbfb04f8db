/**
 * Enums and methods of the selected classes: where each enum is defined (the
 * highest class with the same ValueMap), where each method's types live (the
 * highest class declaring it the same way), which methods get a job-aware
 * form, and unique exported names for all of them.
 */
import { INTEGER_RANGES, isIntegerType } from '../model/integers.js';
import type { ClassModel, EnumModel, MethodModel, ParameterModel, PropertyModel } from '../model/types.js';
import { enumMemberNames, identifierPart } from './names.js';
import { companionMember, GENERATED_CODE_NAMES } from './plan-names.js';
import type { EnumPlan, MethodPlan } from './plan.js';
import { hasQualifier } from './qualifier-values.js';

export class MemberPlanner {
  private readonly names: NameRegistry;
  private readonly enums = new Map<string, EnumPlan | null>();
  private readonly methods = new Map<string, MethodPlan>();

  constructor(
    private readonly byName: ReadonlyMap<string, ClassModel>,
    private readonly selected: ReadonlySet<string>,
  ) {
    this.names = new NameRegistry([...selected]);
  }

  /** The enum of property `prop` as seen in class `cls`, defined at the highest class with the same enum. */
  propertyEnum(cls: ClassModel, prop: PropertyModel): EnumPlan | null {
    const kind = enumKind(prop.type);
    if (!prop.enum || !kind || !hasEnumContent(prop.enum)) return null;
    const cacheKey = `${cls.name}\0${prop.name}`;
    if (this.enums.has(cacheKey)) return this.enums.get(cacheKey)!;
    let result: EnumPlan;
    const superCls = cls.superclass ? this.byName.get(cls.superclass) : undefined;
    const superProp = superCls?.properties.find((p) => p.name === prop.name);
    if (superCls && superProp && superProp.type === prop.type && sameEnum(superProp.enum, prop.enum) && this.selected.has(superCls.name)) {
      result = this.propertyEnum(superCls, superProp)!;
    } else {
      result = makeEnum(this.names.take(`${cls.name}_${identifierPart(prop.name)}`), cls.name, kind, prop.enum, `Values of \`${cls.name}.${prop.name}\``);
    }
    this.enums.set(cacheKey, result);
    return result;
  }

  /** Home of a method: the highest class whose declaration of it is the same (types, enums). */
  private methodHome(cls: ClassModel, method: MethodModel): string {
    const superCls = cls.superclass ? this.byName.get(cls.superclass) : undefined;
    const superMethod = superCls?.methods.find((m) => m.name === method.name);
    if (superCls && superMethod && this.selected.has(superCls.name) && sameMethodShape(superMethod, method)) {
      return this.methodHome(superCls, superMethod);
    }
    return cls.name;
  }

  /** The plan of `method` as `cls` has it: shared by every class where it is the same. */
  method(cls: ClassModel, method: MethodModel): MethodPlan {
    const home = this.methodHome(cls, method);
    const key = `${home}\0${method.name}`;
    const existing = this.methods.get(key);
    if (existing) return existing;
    const homeMethod = this.byName.get(home)!.methods.find((m) => m.name === method.name)!;
    // The prefix of every type name derived from this method.
    const prefix = `${home}_${identifierPart(method.name)}`;
    const returnKind = homeMethod.returnType === 'void' ? null : enumKind(homeMethod.returnType);
    const returnEnum =
      homeMethod.returnEnum && returnKind && hasEnumContent(homeMethod.returnEnum)
        ? makeEnum(this.names.take(`${prefix}_ReturnValue`), home, returnKind, homeMethod.returnEnum, `Return values of \`${home}.${method.name}\``)
        : null;
    const parameterEnums = new Map<string, EnumPlan>();
    for (const p of homeMethod.parameters) {
      const kind = enumKind(p.type);
      if (p.enum && kind && hasEnumContent(p.enum)) {
        const name = this.names.take(`${prefix}_${identifierPart(p.name)}`);
        parameterEnums.set(p.name, makeEnum(name, home, kind, p.enum, `Values of the \`${p.name}\` parameter of \`${home}.${method.name}\``));
      }
    }
    const plan: MethodPlan = {
      model: homeMethod,
      argsType: this.names.take(`${prefix}_Args`),
      resultType: this.names.take(`${prefix}_Result`),
      member: companionMember(homeMethod.name),
      home,
      returnEnum,
      parameterEnums,
      jobParameter: jobParameter(homeMethod, this.byName) ?? null,
      isStatic: hasQualifier(homeMethod.qualifiers, 'Static'),
    };
    this.methods.set(key, plan);
    return plan;
  }
}

/** Enum members are bigint for integer types a JavaScript number cannot hold exactly (uint64, sint64). */
function enumKind(type: string): EnumPlan['kind'] | null {
  if (type === 'string' || type === 'char16') return 'string';
  if (!isIntegerType(type)) return null;
  const [min, max] = INTEGER_RANGES[type];
  return min < BigInt(Number.MIN_SAFE_INTEGER) || max > BigInt(Number.MAX_SAFE_INTEGER) ? 'bigint' : 'number';
}

function sameEnum(a: EnumModel | null, b: EnumModel | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
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
function jobParameter(method: MethodModel, byName: ReadonlyMap<string, ClassModel>): ParameterModel | undefined {
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
    for (const n of GENERATED_CODE_NAMES) this.taken.add(n);
  }
  take(base: string): string {
    let name = base;
    for (let n = 2; this.taken.has(name); n += 1) name = `${base}_${n}`;
    this.taken.add(name);
    return name;
  }
}

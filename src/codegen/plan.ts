/**
 * The code generation plan: which classes of the compiled model get a module,
 * where each enum is defined, which methods get a job-aware form, and the
 * exported names of everything. Pure: model in, plan and diagnostics out.
 * Selection lives in ./plan-select.ts, enums and methods in ./plan-members.ts,
 * the check of the names the modules declare in ./plan-names.ts.
 */
import type { ClassModel, EnumModel, MethodModel, ParameterModel, PropertyModel, Repository } from '../model/types.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { compareStrings } from './names.js';
import { MemberPlanner } from './plan-members.js';
import { checkGeneratedNames } from './plan-names.js';
import { chooseNamespace, selectClasses } from './plan-select.js';

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
  /** Its member in the companion object: the method's name, unless every class has a member of that name (`descriptor_`). */
  readonly member: string;
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


export function createPlan(repository: Repository, options: PlanOptions = {}): PlanResult {
  const diagnostics: Diagnostic[] = [];
  const namespace = chooseNamespace(repository, options.namespace, diagnostics);
  if (!namespace) return { plan: null, diagnostics };
  const selection = selectClasses(namespace, options.classes ?? [], diagnostics);
  if (!selection) return { plan: null, diagnostics };
  const { byName, selected } = selection;
  const members = new MemberPlanner(byName, selected);

  // Superclasses first, so enum/method homes are named deterministically top-down.
  const order = [...selected].sort((a, b) => byName.get(a)!.ancestors.length - byName.get(b)!.ancestors.length || compareStrings(a, b));
  const plans = new Map<string, ClassPlan>();
  for (const name of order) {
    const cls = byName.get(name)!;
    const propertyEnums = new Map<string, EnumPlan>();
    for (const prop of cls.properties) {
      const e = members.propertyEnum(cls, prop);
      if (e) propertyEnums.set(prop.name, e);
    }
    plans.set(name, {
      model: cls,
      superclass: cls.superclass ? (byName.get(cls.superclass) ?? null) : null,
      lineage: [...cls.ancestors].reverse().concat(cls.name),
      propertyEnums,
      methods: cls.methods.map((m) => members.method(cls, m)),
      associationEnds: cls.isAssociation ? cls.properties.filter((p) => p.type === 'reference') : [],
      ownEnums: [],
      isConcrete: !cls.isAbstract,
    });
  }
  const own = ownEnums(order, plans);
  const sortedPlans = new Map<string, ClassPlan>();
  for (const name of [...plans.keys()].sort(compareStrings)) sortedPlans.set(name, { ...plans.get(name)!, ownEnums: own.get(name) ?? [] });
  // A package that would not compile is not generated: the names are checked first (MOF4014–MOF4016).
  if (!checkGeneratedNames(sortedPlans, diagnostics)) return { plan: null, diagnostics };
  return { plan: { namespace: namespace.name, classes: sortedPlans, locale: options.locale ?? null }, diagnostics };
}

/** The enums each class's module defines, in a stable order (properties, then methods, in model order). */
function ownEnums(order: readonly string[], plans: ReadonlyMap<string, ClassPlan>): Map<string, EnumPlan[]> {
  const own = new Map<string, EnumPlan[]>();
  const add = (e: EnumPlan | null | undefined) => {
    if (!e) return;
    const list = own.get(e.home) ?? [];
    if (!list.includes(e)) list.push(e);
    own.set(e.home, list);
  };
  for (const name of order) {
    const p = plans.get(name)!;
    for (const prop of p.model.properties) add(p.propertyEnums.get(prop.name));
    for (const m of p.methods) {
      if (m.home !== name) continue;
      add(m.returnEnum);
      for (const par of m.model.parameters) add(m.parameterEnums.get(par.name));
    }
  }
  return own;
}

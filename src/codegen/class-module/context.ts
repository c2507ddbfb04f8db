/**
 * What every part of a class module needs while it is built: the plan, the
 * class, the module's imports, and the mapping from CIM types to the
 * generated TypeScript types (which adds the imports a type needs).
 */
import type { ImportDeclarationStructure, OptionalKind } from 'ts-morph';
import type { ClassModel, MethodModel, ParameterModel, PropertyModel, Qualifiers } from '../../model/types.js';
import { ImportCollector } from '../imports.js';
import { amended } from '../jsdoc.js';
import type { ClassPlan, EnumPlan, MethodPlan, SchemaPlan } from '../plan.js';
import { RT, type RuntimeNameRef } from '../runtime-api.js';

/** `out`: values as read (64-bit integers as `bigint`); `in`: values as written. */
export type Mode = 'out' | 'in';

/** A typed schema element: a property, a parameter or a method's return value. */
export interface TypedElement {
  readonly type: string;
  readonly isArray: boolean;
  readonly refClass: string | null;
  readonly embeddedInstance: string | null;
  readonly embeddedObject: boolean;
}

/** Per plan: the classes that some generated class extends. */
const superclassesCache = new WeakMap<SchemaPlan, Set<string>>();

export class ModuleContext {
  private readonly imports = new ImportCollector();
  readonly cls: ClassModel;
  readonly name: string;

  constructor(
    readonly plan: SchemaPlan,
    readonly classPlan: ClassPlan,
  ) {
    this.cls = classPlan.model;
    this.name = this.cls.name;
  }

  // ---- imports ----------------------------------------------------------------

  /** A runtime name, imported. */
  rt(ref: RuntimeNameRef): string {
    return this.imports.add(ref.module, ref.name, ref.kind);
  }

  /** A name from a module of the package (relative to `src/classes/`), imported. */
  local(moduleSpecifier: string, name: string, kind: 'value' | 'type'): string {
    return this.imports.add(moduleSpecifier, name, kind);
  }

  importDeclarations(): OptionalKind<ImportDeclarationStructure>[] {
    return this.imports.declarations();
  }

  /** The generated type of a class (`X` or `XInit`), imported when it is another module's. */
  classType(name: string, mode: Mode): string {
    const typeName = mode === 'in' ? `${name}Init` : name;
    if (name === this.name) return typeName;
    return this.imports.add(`./${name}.js`, typeName, 'type');
  }

  /** The companion object (`const X`) of a class, imported when it is another module's. */
  companion(name: string): string {
    if (name === this.name) return name;
    return this.imports.add(`./${name}.js`, name, 'value');
  }

  enumType(e: EnumPlan): string {
    if (e.home === this.name) return e.name;
    return this.imports.add(`./${e.home}.js`, e.name, 'type');
  }

  methodArgsType(m: MethodPlan): string {
    return m.home === this.name ? m.argsType : this.imports.add(`./${m.home}.js`, m.argsType, 'type');
  }

  methodResultType(m: MethodPlan): string {
    return m.home === this.name ? m.resultType : this.imports.add(`./${m.home}.js`, m.resultType, 'type');
  }

  homeClass(m: MethodPlan): ClassModel {
    return this.plan.classes.get(m.home)!.model;
  }

  // ---- type mapping -----------------------------------------------------------

  private hasSubclasses(name: string): boolean {
    let bases = superclassesCache.get(this.plan);
    if (!bases) {
      bases = new Set([...this.plan.classes.values()].flatMap((c) => (c.model.superclass ? [c.model.superclass] : [])));
      superclassesCache.set(this.plan, bases);
    }
    return bases.has(name);
  }

  /** The TypeScript type of one value of `el` (see docs/codegen.md for the mapping). */
  scalarType(el: TypedElement, mode: Mode, enumPlan: EnumPlan | null | undefined): string {
    if (enumPlan) {
      const t = this.enumType(enumPlan);
      return mode === 'in' && enumPlan.kind === 'bigint' ? `${t} | number` : t;
    }
    const embedded = (target: string | null): string => {
      if (target && this.plan.classes.has(target)) {
        // As written, an embedded instance may be of a subclass (named by `__CLASS`).
        if (mode === 'in' && this.hasSubclasses(target)) return `${this.local('../schema.js', 'InitOf', 'type')}<${JSON.stringify(target)}>`;
        return this.classType(target, mode);
      }
      return this.local('../schema.js', mode === 'in' ? 'EmbeddedObjectInit' : 'EmbeddedObject', 'type');
    };
    switch (el.type) {
      case 'boolean':
        return 'boolean';
      case 'string':
        if (el.embeddedInstance) return embedded(el.embeddedInstance);
        if (el.embeddedObject) return embedded(null);
        return 'string';
      case 'char16':
        return 'string';
      case 'datetime':
        return this.rt(RT.CimDateTime);
      case 'uint64':
      case 'sint64':
        return mode === 'in' ? 'bigint | number' : 'bigint';
      case 'reference': {
        const ref = this.rt(RT.CimReference);
        if (el.refClass && this.plan.classes.has(el.refClass)) return `${ref}<${this.classType(el.refClass, 'out')}>`;
        return ref;
      }
      case 'object':
        return embedded(el.embeddedInstance);
      default:
        return 'number';
    }
  }

  valueType(el: TypedElement, mode: Mode, enumPlan: EnumPlan | null | undefined): string {
    const scalar = this.scalarType(el, mode, enumPlan);
    if (!el.isArray) return scalar;
    return scalar.includes(' ') ? `readonly (${scalar})[]` : `readonly ${scalar}[]`;
  }

  // ---- qualifiers, with the locale's amendments ------------------------------------

  propertyQualifiers(p: PropertyModel): Qualifiers {
    return amended(p.qualifiers, this.plan.locale ? this.cls.amendments[this.plan.locale]?.properties[p.name] : undefined);
  }

  methodQualifiers(m: MethodModel, home: ClassModel): Qualifiers {
    return amended(m.qualifiers, this.plan.locale ? home.amendments[this.plan.locale]?.methods[m.name]?.qualifiers : undefined);
  }

  parameterQualifiers(m: MethodModel, p: ParameterModel, home: ClassModel): Qualifiers {
    return amended(p.qualifiers, this.plan.locale ? home.amendments[this.plan.locale]?.methods[m.name]?.parameters[p.name] : undefined);
  }

  // ---- members ------------------------------------------------------------------

  /** Own properties: declared or redeclared by this class. */
  ownProperties(): PropertyModel[] {
    return this.cls.properties.filter((p) => !p.propagated || p.classOrigin === this.name);
  }
}

/**
 * Instances: `instance of X [as $A] { P = v; ... };` checked against the
 * flattened class X of the namespace the instance is declared in — every
 * property exists and is given once, values fit the property types, keys
 * have values (given or defaulted), the class is not abstract — and listed on
 * X's model. Aliases are known across the whole compilation, in any order:
 * all are registered first, and each `$A` used as a value must name one (of a
 * class that fits the REF's target). A concrete class that has instances
 * must have keys (WMI `Singleton` classes excepted).
 *
 * Qualifiers on an instance and on its properties are resolved and kept; a
 * property given only qualifiers (`[Dynamic, …] Value;`, WMI's dynamic
 * properties) has no value in the model.
 *
 * Inline `instance of X { ... }` values (embedded objects, Microsoft) are
 * checked the same way except for keys, and become `{ instanceOf, properties }`.
 */
import type * as ast from '../ast/nodes.js';
import { createDiagnostic, type Span } from '../diagnostics/diagnostic.js';
import { semanticModelDiagnostics as codes } from '../diagnostics/codes/semantic.js';
import { isTrue, type ClassState, type ModelContext, type NamespaceContext } from './context.js';
import { convertValue, type ValueContext } from './values.js';
import { propertiesOf, propertyOf } from './flatten.js';
import { qualifiersToJson, resolveQualifierList } from './qualifiers.js';
import { setOwn } from './own.js';
import type { InstanceModel, ModelInstanceValue, ModelValue, Qualifiers } from './types.js';

/** The value context of a namespace: alias uses go to the compilation's list. */
export function valueContext(nsx: NamespaceContext): ValueContext {
  const ctx: ValueContext = {
    diagnostics: nsx.diagnostics,
    aliasUses: nsx.model.aliasUses,
    embeddedInstance: (decl) => {
      const cls = instanceClass(nsx, decl);
      if (!cls) return undefined;
      return { instanceOf: cls.name, properties: instanceProperties(nsx, cls, decl, ctx).properties };
    },
  };
  return ctx;
}

function instanceClass(nsx: NamespaceContext, decl: ast.InstanceDeclaration): ClassState | undefined {
  const cls = nsx.getClass(decl.className.name);
  if (!cls) {
    // A class that exists but cannot be resolved (in a cycle, reported already; or being
    // resolved, for a default that embeds its own class) is not reported again. The
    // amendment classes of a localized namespace are not classes.
    const entry = nsx.ns.classes.get(decl.className.name.toLowerCase());
    if (!entry || (nsx.ns.locale !== null && !entry.builtin)) {
      nsx.diagnostics.push(createDiagnostic(codes.instanceOfUnknownClass, decl.className.span, [decl.className.name, nsx.ns.name]));
    }
  }
  return cls;
}

interface InstanceProperties {
  readonly properties: Record<string, ModelValue>;
  /** Qualifiers written on the instance's properties (WMI dynamic properties), by property name. */
  readonly propertyQualifiers: Record<string, Qualifiers>;
}

function instanceProperties(
  nsx: NamespaceContext,
  cls: ClassState,
  decl: ast.InstanceDeclaration,
  ctx: ValueContext,
): InstanceProperties {
  const properties: Record<string, ModelValue> = {};
  const propertyQualifiers: Record<string, Qualifiers> = {};
  const seen = new Map<string, ast.PropertyAssignment>();
  for (const assignment of decl.properties) {
    const key = assignment.name.name.toLowerCase();
    const prop = propertyOf(cls, key)?.model;
    if (prop === undefined) {
      nsx.diagnostics.push(createDiagnostic(codes.unknownInstanceProperty, assignment.name.span, [cls.name, assignment.name.name]));
      continue;
    }
    const earlier = seen.get(key);
    if (earlier) {
      nsx.diagnostics.push(
        createDiagnostic(codes.duplicatePropertyValue, assignment.name.span, [assignment.name.name], [
          { message: 'first given here', span: earlier.name.span },
        ]),
      );
      continue;
    }
    seen.set(key, assignment);
    if (assignment.qualifiers.length > 0) {
      const resolved = resolveQualifierList(assignment.qualifiers, 'property', nsx.lookup, nsx.dialect);
      for (const item of resolved.diagnostics) nsx.diagnostics.push(item);
      setOwn(propertyQualifiers, prop.name, qualifiersToJson(resolved.qualifiers));
    }
    // No value: a dynamic property, whose value its provider supplies.
    if (!assignment.value) continue;
    const value = convertValue(assignment.value, { label: `${cls.name}.${prop.name}`, ...prop }, ctx);
    if (value !== undefined) setOwn(properties, prop.name, value);
  }
  return { properties, propertyQualifiers };
}

/** The qualifiers written on an instance (`[DYNPROPS] instance of …`); DSP0004 2.x has no instance scope, so they resolve as on a class. */
function instanceQualifiers(nsx: NamespaceContext, decl: ast.InstanceDeclaration): Qualifiers {
  if (decl.qualifiers.length === 0) return {};
  const resolved = resolveQualifierList(decl.qualifiers, 'class', nsx.lookup, nsx.dialect);
  for (const item of resolved.diagnostics) nsx.diagnostics.push(item);
  return qualifiersToJson(resolved.qualifiers);
}

interface AliasTarget {
  readonly name: string;
  readonly span: Span;
  readonly nsx: NamespaceContext;
  readonly className: string;
}

/** Checks every instance of the compilation and lists it on its class. */
export function resolveInstances(model: ModelContext): void {
  const aliases = new Map<string, AliasTarget>();
  const all: { nsx: NamespaceContext; decl: ast.InstanceDeclaration }[] = [];
  for (const nsx of model.namespaces.values()) {
    for (const { decl } of nsx.ns.instances) {
      all.push({ nsx, decl });
      if (!decl.alias) continue;
      const key = decl.alias.name.toLowerCase();
      const earlier = aliases.get(key);
      if (earlier) {
        model.diagnostics.push(
          createDiagnostic(codes.duplicateAlias, decl.alias.span, [decl.alias.name], [{ message: 'first defined here', span: earlier.span }]),
        );
        continue;
      }
      aliases.set(key, { name: decl.alias.name, span: decl.alias.span, nsx, className: decl.className.name });
    }
  }

  const withInstances = new Map<ClassState, Span>();
  for (const { nsx, decl } of all) {
    const cls = instanceClass(nsx, decl);
    if (!cls) continue;
    if (cls.isAbstract) {
      nsx.diagnostics.push(createDiagnostic(codes.abstractInstance, decl.className.span, [cls.name]));
    }
    const qualifiers = instanceQualifiers(nsx, decl);
    const { properties, propertyQualifiers } = instanceProperties(nsx, cls, decl, valueContext(nsx));
    for (const p of propertiesOf(cls)) {
      if (!p.model.key) continue;
      const given = properties[p.model.name];
      if ((given === undefined || given === null) && p.model.default === null) {
        nsx.diagnostics.push(createDiagnostic(codes.missingKeyValue, decl.className.span, [cls.name, p.model.name]));
      }
    }
    if (!withInstances.has(cls)) withInstances.set(cls, decl.className.span);
    const instance: InstanceModel = { className: cls.name, alias: decl.alias?.name ?? null, qualifiers, properties, propertyQualifiers };
    cls.instances.push(instance);
  }

  for (const [cls, span] of withInstances) {
    if (cls.isAbstract) continue;
    if (!propertiesOf(cls).some((p) => p.model.key) && !isTrue(cls.qualifiers, 'singleton')) {
      model.diagnostics.push(createDiagnostic(codes.instancesWithoutKeys, span, [cls.name]));
    }
  }

  for (const use of model.aliasUses) {
    const target = aliases.get(use.name.toLowerCase());
    if (!target) {
      model.diagnostics.push(createDiagnostic(codes.undefinedAlias, use.span, [use.name]));
      continue;
    }
    if (use.refClass !== null && target.nsx.canonical(target.className) !== undefined && !target.nsx.isSubclassOf(target.className, use.refClass)) {
      model.diagnostics.push(
        createDiagnostic(codes.aliasClassMismatch, use.span, [use.name, target.className, use.refClass, use.label], [
          { message: 'the alias is defined here', span: target.span },
        ]),
      );
    }
  }
}

/** Instances in a deterministic order: by alias, then by content. */
export function sortInstances(instances: readonly InstanceModel[]): InstanceModel[] {
  if (instances.length < 2) return [...instances];
  const keyed = instances.map((instance) => ({ instance, text: JSON.stringify(instance) }));
  keyed.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  return keyed.map((k) => k.instance);
}

export type { ModelInstanceValue };

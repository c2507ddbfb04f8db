/**
 * The class descriptor: the schema facts the runtime marshals with, derived
 * from the model (`classDescriptor`, pure data) and written into the module as
 * an object literal that reuses the superclass's lists where nothing changed.
 */
import { StructureKind, VariableDeclarationKind, type VariableStatementStructure } from 'ts-morph';
import type { ClassModel, MethodModel, ParameterModel, PropertyModel } from '../../model/types.js';
import type { ClassDescriptor, MethodDescriptor, ParameterDescriptor, PropertyDescriptor, ValueDescriptor } from '@mofc/runtime';
import { objectKey } from '../names.js';
import type { ClassPlan, MethodPlan } from '../plan.js';
import { RT } from '../runtime-api.js';
import type { ModuleContext, TypedElement } from './context.js';
import { rangeText } from './enums.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function valueDescriptor(el: TypedElement): ValueDescriptor {
  const d: Mutable<ValueDescriptor> = { type: 'string' };
  switch (el.type) {
    case 'reference':
      d.type = 'reference';
      if (el.refClass) d.refClass = el.refClass;
      break;
    case 'object':
      if (el.embeddedInstance) {
        d.type = 'instance';
        d.embeddedClass = el.embeddedInstance;
      } else d.type = 'object';
      d.embeddedAs = 'object';
      break;
    case 'string':
      if (el.embeddedInstance) {
        d.type = 'instance';
        d.embeddedClass = el.embeddedInstance;
        d.embeddedAs = 'string';
      } else if (el.embeddedObject) {
        d.type = 'object';
        d.embeddedAs = 'string';
      }
      break;
    default:
      d.type = el.type as ValueDescriptor['type'];
  }
  if (el.isArray) d.isArray = true;
  return d;
}

function propertyDescriptor(p: PropertyModel): PropertyDescriptor {
  return { name: p.name, ...valueDescriptor(p), ...(p.key ? { key: true } : {}), ...(p.required ? { required: true } : {}) };
}

function parameterDescriptor(p: ParameterModel): ParameterDescriptor {
  return { name: p.name, ...valueDescriptor(p), in: p.in, out: p.out };
}

function methodDescriptor(m: MethodModel, plan: MethodPlan | undefined): MethodDescriptor {
  const returns: MethodDescriptor['returns'] =
    m.returnType === 'void'
      ? 'void'
      : valueDescriptor({
          type: m.returnType,
          isArray: false,
          refClass: m.returnRefClass,
          embeddedInstance: m.returnEmbeddedInstance,
          embeddedObject: m.returnType === 'object' && !m.returnEmbeddedInstance,
        });
  const d: Mutable<MethodDescriptor> = { name: m.name, returns, parameters: m.parameters.map(parameterDescriptor) };
  if (plan?.isStatic) d.isStatic = true;
  if (m.returnEnum && m.returnEnum.values.length > 0) {
    const names: Record<string, string> = {};
    for (const v of m.returnEnum.values) names[String(v.value)] = v.name;
    for (const r of m.returnEnum.ranges) names[rangeText(r.from, r.to)] = r.name;
    d.returnValueNames = names;
  }
  return d;
}

/** The descriptor of `cls` as data (its superclass not linked). */
export function classDescriptor(cls: ClassModel, namespace: string, plan: ClassPlan): ClassDescriptor {
  return {
    name: cls.name,
    namespace,
    ...(cls.isAssociation ? { isAssociation: true } : {}),
    ...(cls.isAbstract ? { isAbstract: true } : {}),
    keys: cls.keys,
    properties: cls.properties.map(propertyDescriptor),
    methods: cls.methods.map((m) => methodDescriptor(m, plan.methods.find((p) => p.model.name === m.name))),
  };
}

/** A JSON-shaped value as TypeScript literal text: bare keys where they are identifiers (`objectKey`). */
export function literal(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${objectKey(k)}: ${literal(v)}`);
    return `{ ${entries.join(', ')} }`;
  }
  return JSON.stringify(value);
}

/**
 * `name: [...]` for a descriptor list: the superclass's list itself when nothing changed,
 * `inherit(super's list, [new or redeclared entries])` otherwise.
 */
function listEntry(
  key: string,
  items: readonly { readonly name: string }[],
  superItems: readonly { readonly name: string }[] | undefined,
  superExpr: string | null,
  inherit: () => string,
): string {
  if (!superItems || !superExpr) return `${key}: [${items.map(literal).join(', ')}],`;
  const superText = new Map(superItems.map((i) => [i.name, literal(i)]));
  const own = items.filter((item) => superText.get(item.name) !== literal(item));
  if (own.length === 0 && items.length === superItems.length) return `${key}: ${superExpr},`;
  return `${key}: ${inherit()}(${superExpr}, [${own.map(literal).join(', ')}]),`;
}

/** `const descriptor: ClassDescriptor = { … };` */
export function descriptorStatement(ctx: ModuleContext): VariableStatementStructure {
  const sup = ctx.classPlan.superclass;
  const desc = classDescriptor(ctx.cls, ctx.plan.namespace, ctx.classPlan);
  const supDesc = sup ? classDescriptor(sup, ctx.plan.namespace, ctx.plan.classes.get(sup.name)!) : null;
  const supExpr = sup ? `${ctx.companion(sup.name)}.descriptor` : null;
  const inherit = () => ctx.rt(RT.inherit);
  const lines = [
    `name: ${JSON.stringify(desc.name)},`,
    `namespace: ${JSON.stringify(desc.namespace)},`,
    ...(supExpr ? [`superclass: ${supExpr},`] : []),
    ...(desc.isAssociation ? ['isAssociation: true,'] : []),
    ...(desc.isAbstract ? ['isAbstract: true,'] : []),
    `keys: ${literal(desc.keys)},`,
    listEntry('properties', desc.properties, supDesc?.properties, supExpr && `${supExpr}.properties`, inherit),
    listEntry('methods', desc.methods, supDesc?.methods, supExpr && `${supExpr}.methods`, inherit),
  ];
  return {
    kind: StructureKind.VariableStatement,
    declarationKind: VariableDeclarationKind.Const,
    declarations: [{ name: 'descriptor', type: ctx.rt(RT.ClassDescriptor), initializer: `{\n${lines.join('\n')}\n}` }],
  };
}

/**
 * The types of a class module as ts-morph structures: `interface X` (as read),
 * `interface XInit` (as written), `type XKeys`, each own method's `…_Args` and
 * `…_Result`, and `interface XProvider` for concrete classes.
 */
import { StructureKind, type InterfaceDeclarationStructure, type PropertySignatureStructure, type TypeAliasDeclarationStructure, type OptionalKind } from 'ts-morph';
import type { PropertyModel } from '../../model/types.js';
import { classQualifiers, elementDocLines, firstSentence, jsDocs } from '../jsdoc.js';
import { OBJECT_MEMBERS, propertyKey } from '../names.js';
import type { MethodPlan } from '../plan.js';
import { hasQualifier, qualifierString } from '../qualifier-values.js';
import { RT } from '../runtime-api.js';
import type { ModuleContext, TypedElement } from './context.js';

type Property = OptionalKind<PropertySignatureStructure>;

function property(name: string, type: string, optional: boolean, docs: string[] = []): Property {
  return { name: propertyKey(name), type, isReadonly: true, hasQuestionToken: optional, docs };
}

/**
 * The type of a property users write (`XInit`, `XKeys`, arguments, provider members). A
 * name every object has (`toString`) is widened by the member each object inherits, or no
 * object literal that leaves it out would be assignable; the runtime reads own properties only.
 */
function inputType(name: string, type: string): string {
  return OBJECT_MEMBERS.has(name) ? `${type} | Object[${JSON.stringify(name)}]` : type;
}

/** Class brand (type-level only): the classes this one is, so unrelated classes do not mix. */
function brand(ctx: ModuleContext): Property {
  const key = ctx.local('../brand.js', 'cimClass', 'type');
  return {
    name: `[${key}]`,
    type: `{ ${ctx.classPlan.lineage.map((n) => `readonly ${n}: true;`).join(' ')} }`,
    isReadonly: true,
    hasQuestionToken: true,
    docs: jsDocs(['Class brand (type-level only): the classes this one is, so unrelated classes do not mix.']),
  };
}

/**
 * Own properties that narrow a REF / embedded instance to a class that does not derive from the
 * superclass's (mofcomp accepts that). An interface cannot redeclare them incompatibly, so the
 * interface extends `Omit<Superclass, those>` and declares them with the schema's class.
 */
function incompatibleOverrides(ctx: ModuleContext): string[] {
  const sup = ctx.classPlan.superclass;
  if (!sup) return [];
  const targetOf = (p: PropertyModel) => (p.type === 'reference' ? p.refClass : p.embeddedInstance);
  const out: string[] = [];
  for (const p of ctx.ownProperties()) {
    const own = targetOf(p);
    const base = sup.properties.find((x) => x.name === p.name);
    const baseTarget = base ? targetOf(base) : null;
    if (!own || !baseTarget || own === baseTarget) continue;
    const t = ctx.plan.classes.get(own);
    if (t && ctx.plan.classes.has(baseTarget) && !t.model.ancestors.includes(baseTarget)) out.push(p.name);
  }
  return out;
}

function extendsClause(ctx: ModuleContext, mode: 'in' | 'out'): string[] {
  const sup = ctx.classPlan.superclass;
  if (!sup) return [];
  const base = ctx.classType(sup.name, mode);
  const omitted = incompatibleOverrides(ctx);
  if (omitted.length === 0) return [base];
  return [`Omit<${base}, ${omitted.map((n) => JSON.stringify(n)).join(' | ')}>`];
}

/** Once key or `Required` up the chain, a property stays required (an interface cannot loosen it). */
function isRequired(ctx: ModuleContext, p: PropertyModel): boolean {
  if (p.key || p.required) return true;
  const sup = ctx.classPlan.superclass?.properties.find((s) => s.name === p.name);
  return !!sup && (sup.key || sup.required);
}

/** `Required` (never NULL) properties must be written; keys may be left to the server. */
function isRequiredOnInput(ctx: ModuleContext, p: PropertyModel): boolean {
  if (p.required) return true;
  const sup = ctx.classPlan.superclass?.properties.find((s) => s.name === p.name);
  return !!sup && sup.required;
}

export function instanceInterface(ctx: ModuleContext): InterfaceDeclarationStructure {
  const sup = ctx.classPlan.superclass;
  const notes: string[] = [];
  if (ctx.cls.isAbstract) notes.push('', 'Abstract: instances are always of a subclass.');
  if (ctx.cls.isAssociation) notes.push('', 'Association: relates the instances its references point to.');
  if (ctx.cls.isIndication) notes.push('', 'Indication.');
  const omitted = incompatibleOverrides(ctx);
  const properties: Property[] = [brand(ctx)];
  if (!sup) properties.push(property('__CLASS', 'string', false, jsDocs(["The instance's class (WMI's `__CLASS`): this class or a subclass of it."])));
  for (const p of ctx.ownProperties()) {
    const extra: string[] = [];
    if (p.key) extra.push('', 'Key.');
    if (omitted.includes(p.name)) {
      extra.push('', `Narrowed to a class that does not derive from the superclass's (as mofcomp allows): this interface omits \`${sup!.name}.${p.name}\`.`);
    }
    const type = ctx.valueType(p, 'out', ctx.classPlan.propertyEnums.get(p.name));
    properties.push(property(p.name, type, !isRequired(ctx, p), jsDocs(elementDocLines(ctx.propertyQualifiers(p), extra))));
  }
  return {
    kind: StructureKind.Interface,
    name: ctx.name,
    isExported: true,
    extends: extendsClause(ctx, 'out'),
    docs: jsDocs(elementDocLines(classQualifiers(ctx.cls, ctx.plan.locale), notes)),
    properties,
  };
}

export function initInterface(ctx: ModuleContext): InterfaceDeclarationStructure {
  const properties: Property[] = [brand(ctx)];
  if (!ctx.classPlan.superclass) {
    properties.push(property('__CLASS', 'string', true, jsDocs(['The class to marshal as; defaults to the class the value is declared as.'])));
  }
  for (const p of ctx.ownProperties()) {
    const optional = !isRequiredOnInput(ctx, p);
    // Absent leaves the property to the server (WMI fills class defaults); `null` writes an explicit NULL.
    const type = ctx.valueType(p, 'in', ctx.classPlan.propertyEnums.get(p.name));
    properties.push(property(p.name, inputType(p.name, optional ? `${type} | null` : type), optional));
  }
  return {
    kind: StructureKind.Interface,
    name: `${ctx.name}Init`,
    isExported: true,
    extends: extendsClause(ctx, 'in'),
    docs: jsDocs([
      `A {@link ${ctx.name}} as you write it (create, modify, method arguments, embedded instances):`,
      'every property optional but the `Required` ones, 64-bit integers as `bigint` or `number`.',
      'A property left out is left to the server (WMI fills in class defaults); `null` writes an explicit NULL.',
    ]),
    properties,
  };
}

export function keysType(ctx: ModuleContext): TypeAliasDeclarationStructure {
  const keys = ctx.cls.keys.map((k) => ctx.cls.properties.find((p) => p.name === k)).filter((p): p is PropertyModel => !!p);
  const members = keys.map((p) => `readonly ${propertyKey(p.name)}: ${inputType(p.name, ctx.valueType(p, 'in', ctx.classPlan.propertyEnums.get(p.name)))};`);
  return {
    kind: StructureKind.TypeAlias,
    name: `${ctx.name}Keys`,
    isExported: true,
    docs: jsDocs([`The key properties of {@link ${ctx.name}}: they name one instance.`]),
    type: members.length === 0 ? 'Record<string, never>' : `{\n${members.join('\n')}\n}`,
  };
}

function returnElement(m: MethodPlan): TypedElement | null {
  const model = m.model;
  if (model.returnType === 'void') return null;
  return {
    type: model.returnType,
    isArray: false,
    refClass: model.returnRefClass,
    embeddedInstance: model.returnEmbeddedInstance,
    embeddedObject: model.returnType === 'object' && !model.returnEmbeddedInstance,
  };
}

/** `X_M_Args` (the `[In]` parameters) and `X_M_Result` (`ReturnValue` and the `[Out]` parameters). */
export function methodTypes(ctx: ModuleContext, m: MethodPlan): InterfaceDeclarationStructure[] {
  const home = ctx.homeClass(m);
  const args: Property[] = m.model.parameters
    .filter((p) => p.in)
    .map((p) =>
      property(
        p.name,
        inputType(p.name, ctx.valueType(p, 'in', m.parameterEnums.get(p.name))),
        !hasQualifier(p.qualifiers, 'Required'),
        jsDocs(elementDocLines(ctx.parameterQualifiers(m.model, p, home))),
      ),
    );
  const result: Property[] = [];
  const rv = returnElement(m);
  if (rv) {
    const q = ctx.methodQualifiers(m.model, home);
    const rvDoc = m.returnEnum ? [`See {@link ${ctx.enumType(m.returnEnum)}}.`] : [];
    const units = qualifierString(q, 'Units');
    if (units) rvDoc.push(`Unit: ${units}.`);
    result.push(property('ReturnValue', ctx.valueType(rv, 'out', m.returnEnum), false, jsDocs(["The method's return value.", ...rvDoc])));
  }
  for (const p of m.model.parameters.filter((x) => x.out)) {
    result.push(property(p.name, ctx.valueType(p, 'out', m.parameterEnums.get(p.name)), true, jsDocs(elementDocLines(ctx.parameterQualifiers(m.model, p, home)))));
  }
  return [
    {
      kind: StructureKind.Interface,
      name: m.argsType,
      isExported: true,
      docs: jsDocs([`Arguments of \`${m.home}.${m.model.name}\` (its \`[In]\` parameters; absent = NULL).`]),
      properties: args,
    },
    {
      kind: StructureKind.Interface,
      name: m.resultType,
      isExported: true,
      docs: jsDocs([`Result of \`${m.home}.${m.model.name}\`: \`ReturnValue\` and the \`[Out]\` parameters (absent when NULL).`]),
      properties: result,
    },
  ];
}

/** What a server-side implementation of the class provides (concrete classes only). */
export function providerInterface(ctx: ModuleContext): InterfaceDeclarationStructure {
  const name = ctx.name;
  const properties: Property[] = ctx.classPlan.methods.map((m) => {
    const method = ctx.rt(RT.ProviderMethod);
    const description = qualifierString(ctx.methodQualifiers(m.model, ctx.homeClass(m)), 'Description');
    const hasIn = m.model.parameters.some((p) => p.in);
    const args = hasIn ? ctx.methodArgsType(m) : 'Record<string, never>';
    return property(m.model.name, inputType(m.model.name, `${method}<${name}, ${args}, ${ctx.methodResultType(m)}>`), true, jsDocs(description ? [firstSentence(description)] : []));
  });
  return {
    kind: StructureKind.Interface,
    name: `${name}Provider`,
    isExported: true,
    extends: [`${ctx.rt(RT.InstanceProvider)}<${name}, ${name}Init>`],
    docs: jsDocs([
      `What a provider (server-side implementation) of {@link ${name}} implements; serve it with`,
      `\`${name}.bindProvider(provider)\`. Arguments arrive unmarshaled and typed, results are marshaled back.`,
      'Every member is optional: a missing operation answers CIM_ERR_NOT_SUPPORTED (a missing method,',
      'CIM_ERR_METHOD_NOT_AVAILABLE), as a WMI provider that does not implement it would.',
    ]),
    properties,
  };
}

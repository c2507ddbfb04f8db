/**
 * Flattening: one class with everything it inherits. Each class is built once
 * from its (already built) superclass: the inherited members first, in the
 * superclass's order, each marked `propagated`; then the class's own
 * declarations, which either override an inherited member in place (keeping
 * its position; this class becomes its `classOrigin`) or are appended.
 *
 * Inherited members are shared, not copied: a member as subclasses inherit it
 * (only the qualifiers that propagate, `propagated: true`) is built once and
 * memoized on the member, so a deep hierarchy costs one object per override.
 */
import type * as ast from '../ast/nodes.js';
import { createDiagnostic } from '../diagnostics/diagnostic.js';
import { semanticModelDiagnostics as codes } from '../diagnostics/codes/semantic.js';
import { inheritQualifiers, propagates, qualifiersToJson, resolveQualifierList, type ResolvedQualifier } from './qualifiers.js';
import {
  findQualifier,
  isTrue,
  overlayQualifiers,
  type AmendmentData,
  type ClassState,
  type NamespaceContext,
  type PropState,
} from './context.js';
import { elementEnum, resolveElementType, elementTypeFields } from './elements.js';
import { checkOverrideType, overriddenIndex } from './overrides.js';
import { ownMethod, inheritedMethod, amendInheritedMethod } from './methods.js';
import { checkAssociation } from './references.js';
import { convertValue } from './values.js';
import { valueContext } from './instances.js';
import type { ClassEntry } from './state.js';
import type { AmendedQualifiers, PropertyModel, QualifierScope } from './types.js';

/** Resolves classes on demand (memoized); the caller iterates them in dependency order. */
export function installResolver(nsx: NamespaceContext): void {
  nsx.resolveClass = (key) => {
    const done = nsx.resolved.get(key);
    if (done) return done;
    const entry = nsx.ns.classes.get(key);
    if (!entry || nsx.broken.has(key) || nsx.inProgress.has(key)) return undefined;
    // In a localized namespace only the built-in classes are classes; the others are amendments.
    if (nsx.ns.locale !== null && !entry.builtin) return undefined;
    nsx.inProgress.add(key);
    try {
      const superKey = entry.decl.superclass?.name.toLowerCase();
      const parent = superKey === undefined ? null : (nsx.resolveClass(superKey) ?? null);
      const state = buildClass(nsx, key, entry, parent);
      nsx.resolved.set(key, state);
      return state;
    } finally {
      nsx.inProgress.delete(key);
    }
  };
}

/** The scope a class's qualifiers are checked against: association, indication (written or inherited), else class. */
export function classScope(decl: ast.ClassDeclaration, parent: ClassState | null): QualifierScope {
  let association = parent?.isAssociation ?? false;
  let indication = parent?.isIndication ?? false;
  for (const q of decl.qualifiers) {
    const name = q.name.name.toLowerCase();
    const on = q.value === undefined || (q.value.kind === 'BooleanValue' && q.value.value);
    if (name === 'association') association = on;
    else if (name === 'indication') indication = on;
  }
  return association ? 'association' : indication ? 'indication' : 'class';
}

function buildClass(nsx: NamespaceContext, key: string, entry: ClassEntry, parent: ClassState | null): ClassState {
  const decl = entry.decl;
  const className = decl.name.name;
  const amendment = nsx.model.options.locale === null ? undefined : nsx.amendments.get(key)?.get(nsx.model.options.locale);
  const amendments = amendmentsJson(nsx.amendments.get(key));

  const ownResult = resolveQualifierList(decl.qualifiers, classScope(decl, parent), nsx.lookup, nsx.dialect);
  nsx.diagnostics.push(...ownResult.diagnostics);
  const own = overlayQualifiers(ownResult.qualifiers, amendment?.classQualifiers);
  let qualifiers: readonly ResolvedQualifier[] = own;
  if (parent) {
    const inherited = inheritQualifiers(parent.qualifiers, own);
    nsx.diagnostics.push(...inherited.diagnostics);
    qualifiers = inherited.qualifiers;
  }
  const isAssociation = isTrue(qualifiers, 'association');
  const isIndication = isTrue(qualifiers, 'indication');
  const isAbstract = isTrue(qualifiers, 'abstract');

  const props: PropState[] = parent ? parent.props.map(inheritedProperty) : [];
  const propIndex = new Map(parent?.propIndex);
  const methods = parent ? parent.methods.map(inheritedMethod) : [];
  const methodIndex = new Map(parent?.methodIndex);

  const ownProps = new Map<string, ast.PropertyDeclaration>();
  const ownMethods = new Map<string, ast.MethodDeclaration>();
  const ctx: OwnContext = { nsx, className, isAssociation };
  for (const member of decl.members) {
    const memberKey = member.name.name.toLowerCase();
    if (member.kind === 'PropertyDeclaration') {
      const earlier = ownProps.get(memberKey);
      if (earlier) {
        nsx.diagnostics.push(
          createDiagnostic(codes.duplicateProperty, member.name.span, [member.name.name, className], [
            { message: 'first declared here', span: earlier.name.span },
          ]),
        );
        continue;
      }
      ownProps.set(memberKey, member);
      ownProperty(ctx, member, props, propIndex, amendment?.properties.get(memberKey)?.qualifiers);
    } else {
      const earlier = ownMethods.get(memberKey);
      if (earlier) {
        nsx.diagnostics.push(
          createDiagnostic(codes.duplicateMethod, member.name.span, [member.name.name, className], [
            { message: 'first declared here', span: earlier.name.span },
          ]),
        );
        continue;
      }
      ownMethods.set(memberKey, member);
      ownMethod(nsx, className, member, methods, methodIndex, amendment?.methods.get(memberKey));
    }
  }
  for (const [memberKey, member] of ownProps) {
    if (ownMethods.has(memberKey)) {
      nsx.diagnostics.push(createDiagnostic(codes.memberKindClash, ownMethods.get(memberKey)!.name.span, [member.name.name, className]));
    }
  }
  if (amendment) amendInherited(nsx, amendment, ownProps, ownMethods, props, propIndex, methods, methodIndex);

  const state: ClassState = {
    name: className,
    key,
    entry,
    superclass: parent,
    ancestors: parent ? [parent.name, ...parent.ancestors] : [],
    qualifiers,
    isAssociation,
    isIndication,
    isAbstract,
    props,
    propIndex,
    methods,
    methodIndex,
    instances: [],
    amendments,
  };
  checkAssociation(nsx, state);
  return state;
}

interface OwnContext {
  readonly nsx: NamespaceContext;
  readonly className: string;
  readonly isAssociation: boolean;
}

/** A property as a subclass inherits it: the qualifiers that propagate, `propagated` set. Memoized. */
export function inheritedProperty(p: PropState): PropState {
  if (p.inherited) return p.inherited;
  if (p.model.propagated && p.qualifiers.every(propagates)) {
    p.inherited = p;
    return p;
  }
  const qualifiers = p.qualifiers.every(propagates) ? p.qualifiers : p.qualifiers.filter(propagates);
  const model: PropertyModel = {
    ...p.model,
    propagated: true,
    qualifiers: qualifiers === p.qualifiers ? p.model.qualifiers : qualifiersToJson(qualifiers),
  };
  const inherited: PropState = { model, qualifiers, nameSpan: p.nameSpan, declaringClass: p.declaringClass };
  inherited.inherited = inherited;
  p.inherited = inherited;
  return inherited;
}

function ownProperty(
  ctx: OwnContext,
  member: ast.PropertyDeclaration,
  props: PropState[],
  propIndex: Map<string, number>,
  amended: readonly ResolvedQualifier[] | undefined,
): void {
  const { nsx, className } = ctx;
  const isRef = member.type.kind === 'ReferenceType';
  const resolved = resolveQualifierList(member.qualifiers, isRef ? 'reference' : 'property', nsx.lookup, nsx.dialect);
  nsx.diagnostics.push(...resolved.diagnostics);
  const own = overlayQualifiers(resolved.qualifiers, amended);
  const index = overriddenIndex(own, member.name, 'property', className, propIndex, props, (p) => p.model.key, nsx);
  const inherited = index === undefined ? undefined : props[index]!;

  let qualifiers = own;
  if (inherited) {
    const result = inheritQualifiers(inherited.qualifiers, own, inherited.nameSpan);
    nsx.diagnostics.push(...result.diagnostics);
    qualifiers = result.qualifiers;
  }
  const label = `${className}.${member.name.name}`;
  const type = resolveElementType(member.type, member.array, qualifiers, own, label, nsx);
  if (inherited) checkOverrideType(inherited.model, type, 'property', member.name, inherited.nameSpan, nsx);
  if (type.type === 'reference' && !ctx.isAssociation && nsx.dialect === 'dmtf' && !inherited) {
    nsx.diagnostics.push(createDiagnostic(codes.referenceOutsideAssociation, member.name.span, [member.name.name, className]));
  }
  const keyQualifier = findQualifier(qualifiers, 'key');
  const key = keyQualifier?.value === true;
  if (key && type.isArray && own.includes(keyQualifier!)) {
    nsx.diagnostics.push(createDiagnostic(codes.keyArray, member.name.span, [label]));
  }
  let defaultValue = inherited?.model.default ?? null;
  if (member.defaultValue) {
    const converted = convertValue(member.defaultValue, { label, ...type }, valueContext(nsx));
    if (converted !== undefined) defaultValue = converted;
  }
  const model: PropertyModel = {
    name: member.name.name,
    ...elementTypeFields(type),
    default: defaultValue,
    key,
    required: isTrue(qualifiers, 'required'),
    classOrigin: className,
    propagated: false,
    qualifiers: qualifiersToJson(qualifiers),
    enum: elementEnum(qualifiers, own, type.type, member.name.span, inherited?.model, nsx),
  };
  const state: PropState = { model, qualifiers, nameSpan: member.name.span, declaringClass: className };
  if (index === undefined) {
    propIndex.set(member.name.name.toLowerCase(), props.length);
    props.push(state);
  } else {
    props[index] = state;
  }
}

/** Amended qualifiers for members this class inherits without redeclaring them. */
function amendInherited(
  nsx: NamespaceContext,
  amendment: AmendmentData,
  ownProps: ReadonlyMap<string, unknown>,
  ownMethods: ReadonlyMap<string, unknown>,
  props: PropState[],
  propIndex: ReadonlyMap<string, number>,
  methods: Parameters<typeof amendInheritedMethod>[1][],
  methodIndex: ReadonlyMap<string, number>,
): void {
  for (const [key, amended] of amendment.properties) {
    if (ownProps.has(key)) continue;
    const index = propIndex.get(key);
    if (index === undefined) continue; // reported when the amendment was collected
    const inherited = props[index]!;
    const qualifiers = overlayQualifiers(inherited.qualifiers, amended.qualifiers);
    const model: PropertyModel = {
      ...inherited.model,
      qualifiers: qualifiersToJson(qualifiers),
      enum: elementEnum(qualifiers, [], inherited.model.type, amended.name.span, undefined, nsx),
    };
    props[index] = { model, qualifiers, nameSpan: inherited.nameSpan, declaringClass: inherited.declaringClass };
  }
  for (const [key, amended] of amendment.methods) {
    if (ownMethods.has(key)) continue;
    const index = methodIndex.get(key);
    if (index === undefined) continue;
    methods[index] = amendInheritedMethod(nsx, methods[index]!, amended);
  }
}

/** `ClassModel.amendments`: every locale's amended qualifiers of the class, as JSON, locales sorted. */
function amendmentsJson(byLocale: ReadonlyMap<string, AmendmentData> | undefined): Record<string, AmendedQualifiers> {
  const out: Record<string, AmendedQualifiers> = {};
  if (!byLocale) return out;
  for (const locale of [...byLocale.keys()].sort()) {
    const data = byLocale.get(locale)!;
    const properties: Record<string, ReturnType<typeof qualifiersToJson>> = {};
    for (const p of data.properties.values()) if (p.qualifiers.length > 0) properties[p.name.name] = qualifiersToJson(p.qualifiers);
    const methods: Record<string, AmendedQualifiers['methods'][string]> = {};
    for (const m of data.methods.values()) {
      const parameters: Record<string, ReturnType<typeof qualifiersToJson>> = {};
      for (const p of m.params.values()) if (p.qualifiers.length > 0) parameters[p.name.name] = qualifiersToJson(p.qualifiers);
      if (m.qualifiers.length > 0 || Object.keys(parameters).length > 0) {
        methods[m.name.name] = { qualifiers: qualifiersToJson(m.qualifiers), parameters };
      }
    }
    out[locale] = { class: qualifiersToJson(data.classQualifiers), properties, methods };
  }
  return out;
}

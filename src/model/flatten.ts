/**
 * Flattening: one class with everything it inherits. Each class is built once
 * from its (already built) superclass: the inherited members first, in the
 * superclass's order, each marked `propagated`; then the class's own
 * declarations, which either override an inherited member in place (keeping
 * its position; this class becomes its `classOrigin`) or are appended.
 *
 * Inherited members are shared, not copied: a class's member table is its
 * superclass's plus what the class writes (members.ts), and a member as
 * subclasses inherit it (only the qualifiers that propagate, `propagated:
 * true`) is built once and memoized on the member. So a deep hierarchy costs
 * what each class declares, not depth × width; the flattened lists are made
 * only when asked for (`propertiesOf`, `methodsOf`).
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
  type MethodState,
  type NamespaceContext,
  type PropState,
} from './context.js';
import { elementEnum, resolveElementType, elementTypeFields } from './elements.js';
import { checkOverrideType, overriddenMember } from './overrides.js';
import { ownMethod, inheritedMethod, amendInheritedMethod } from './methods.js';
import { MemberTable, type MemberTableEdit, type Slot } from './members.js';
import { sameName } from './names.js';
import { setOwn } from './own.js';
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
    const on = q.value === undefined || (q.value.kind === 'BooleanValue' && q.value.value);
    if (sameName(q.name.name, 'association')) association = on;
    else if (sameName(q.name.name, 'indication')) indication = on;
  }
  return association ? 'association' : indication ? 'indication' : 'class';
}

function buildClass(nsx: NamespaceContext, key: string, entry: ClassEntry, parent: ClassState | null): ClassState {
  const decl = entry.decl;
  const className = decl.name.name;
  const amendment = nsx.model.options.locale === null ? undefined : nsx.amendments.get(key)?.get(nsx.model.options.locale);
  const amendments = amendmentsJson(nsx.amendments.get(key));

  const ownResult = resolveQualifierList(decl.qualifiers, classScope(decl, parent), nsx.lookup, nsx.dialect);
  for (const item of ownResult.diagnostics) nsx.diagnostics.push(item);
  const own = overlayQualifiers(ownResult.qualifiers, amendment?.classQualifiers);
  let qualifiers: readonly ResolvedQualifier[] = own;
  if (parent) {
    const inherited = inheritQualifiers(parent.qualifiers, own);
    for (const item of inherited.diagnostics) nsx.diagnostics.push(item);
    qualifiers = inherited.qualifiers;
  }
  const isAssociation = isTrue(qualifiers, 'association');
  const isIndication = isTrue(qualifiers, 'indication');
  const isAbstract = isTrue(qualifiers, 'abstract');

  const members: OwnMembers = {
    key,
    props: (parent?.props ?? MemberTable.empty<PropState>()).edit(key),
    methods: (parent?.methods ?? MemberTable.empty<MethodState>()).edit(key),
    writtenProps: [],
    writtenMethods: [],
  };

  const ownProps = new Map<string, ast.PropertyDeclaration>();
  const ownMethods = new Map<string, ast.MethodDeclaration>();
  // Members as this class sees them so far (its own writes included), by lower-cased name: one closure per class.
  const propertyNamed = (k: string): PropState | undefined => {
    const slot = members.props.get(k);
    return slot && propView(slot, key);
  };
  const methodNamed = (k: string): MethodState | undefined => methodView(members.methods, k, key);
  const ctx: OwnContext = { nsx, className, isAssociation, propertyNamed };
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
      ownProperty(ctx, member, memberKey, members, amendment?.properties.get(memberKey)?.qualifiers);
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
      const state = ownMethod(nsx, className, member, methodNamed, amendment?.methods.get(memberKey));
      writeMethod(members, memberKey, state);
    }
  }
  if (ownMethods.size > 0) {
    for (const [memberKey, member] of ownProps) {
      if (ownMethods.has(memberKey)) {
        nsx.diagnostics.push(createDiagnostic(codes.memberKindClash, ownMethods.get(memberKey)!.name.span, [member.name.name, className]));
      }
    }
  }
  if (amendment) amendInherited(nsx, amendment, ownProps, ownMethods, members);

  const state: ClassState = {
    name: className,
    key,
    entry,
    superclass: parent,
    qualifiers,
    isAssociation,
    isIndication,
    isAbstract,
    props: members.props.table(),
    methods: members.methods.table(),
    instances: [],
    amendments,
  };
  writtenKeys.set(state, { props: members.writtenProps, methods: members.writtenMethods });
  checkAssociation(nsx, state);
  return state;
}

interface OwnContext {
  readonly nsx: NamespaceContext;
  readonly className: string;
  readonly isAssociation: boolean;
  readonly propertyNamed: (key: string) => PropState | undefined;
}

/** The member tables of the class being built, as its declarations are added. */
interface OwnMembers {
  /** The class's key: the writer of what it adds. */
  readonly key: string;
  readonly props: MemberTableEdit<PropState>;
  readonly methods: MemberTableEdit<MethodState>;
  /** Keys written so far, each once. */
  readonly writtenProps: string[];
  readonly writtenMethods: string[];
}

function writeProp(members: OwnMembers, key: string, state: PropState): void {
  members.props.set(key, state);
  members.writtenProps.push(key);
}

function writeMethod(members: OwnMembers, key: string, state: MethodState): void {
  members.methods.set(key, state);
  members.writtenMethods.push(key);
}

/** Keys of the members each class wrote (declared, overrode, amended), so `ownMembersOf` costs what the class adds. */
const writtenKeys = new WeakMap<ClassState, { readonly props: readonly string[]; readonly methods: readonly string[] }>();

const referenceCounts = new WeakMap<ClassState, number>();

/**
 * How many of a resolved class's properties (inherited ones included) are
 * references: its superclass's count, adjusted for what the class wrote. So
 * checking every class of a deep association chain costs what each declares.
 */
export function referenceCountOf(state: ClassState): number {
  const chain: ClassState[] = [];
  let known = 0;
  for (let c: ClassState | null = state; c; c = c.superclass) {
    const memo = referenceCounts.get(c);
    if (memo !== undefined) {
      known = memo;
      break;
    }
    chain.push(c);
  }
  // From the topmost class not yet counted down to `state`: a loop, not recursion (chains are deep).
  for (let i = chain.length - 1; i >= 0; i--) {
    const c = chain[i]!;
    const parentProps = c.superclass?.props;
    for (const key of writtenKeys.get(c)?.props ?? []) {
      if (c.props.get(key)!.member.model.type === 'reference') known++;
      if (parentProps?.get(key)?.member.model.type === 'reference') known--;
    }
    referenceCounts.set(c, known);
  }
  return known;
}

/** A slot as class `classKey` has it: its own write as is, an inherited member as subclasses inherit it. */
function propView(slot: Slot<PropState>, classKey: string): PropState {
  return slot.writer === classKey ? slot.member : inheritedProperty(slot.member);
}

function methodSlotView(slot: Slot<MethodState>, classKey: string): MethodState {
  return slot.writer === classKey ? slot.member : inheritedMethod(slot.member);
}

function methodView(table: MemberTable<MethodState> | MemberTableEdit<MethodState>, key: string, classKey: string): MethodState | undefined {
  const slot = table.get(key);
  return slot && methodSlotView(slot, classKey);
}

/** The property named `key` (lower-cased) of a resolved class, flattened. */
export function propertyOf(state: ClassState, key: string): PropState | undefined {
  const slot = state.props.get(key);
  return slot && propView(slot, state.key);
}

/** The method named `key` (lower-cased) of a resolved class, flattened. */
export function methodOf(state: ClassState, key: string): MethodState | undefined {
  return methodView(state.methods, key, state.key);
}

/** A resolved class's properties, flattened: inherited ones first, in the superclass's order. Made on each call. */
export function propertiesOf(state: ClassState): PropState[] {
  return state.props.slots().map((slot) => propView(slot, state.key));
}

/** A resolved class's methods, flattened. Made on each call. */
export function methodsOf(state: ClassState): MethodState[] {
  return state.methods.slots().map((slot) => methodSlotView(slot, state.key));
}

/**
 * What a class adds to its superclass's members, in member order: what it
 * declares, overrides or amends, and each member its superclass wrote whose
 * inherited form differs (`propagated`, qualifiers that do not propagate).
 * Replacing the superclass's members by name with these, and appending the
 * rest, gives the flattened list (the compact model JSON relies on it). Costs
 * what the class and its superclass wrote, not what they inherit.
 */
export function ownMembersOf(state: ClassState): { props: PropState[]; methods: MethodState[] } {
  const own = writtenKeys.get(state) ?? { props: [], methods: [] };
  const parentOwn = (state.superclass && writtenKeys.get(state.superclass)) ?? { props: [], methods: [] };
  return {
    props: changedMembers(state.props, [...own.props, ...parentOwn.props], state, state.superclass?.props, propView),
    methods: changedMembers(state.methods, [...own.methods, ...parentOwn.methods], state, state.superclass?.methods, methodSlotView),
  };
}

function changedMembers<T>(
  table: MemberTable<T>,
  keys: readonly string[],
  state: ClassState,
  parentTable: MemberTable<T> | undefined,
  view: (slot: Slot<T>, classKey: string) => T,
): T[] {
  const slots = new Map<number, T>();
  for (const key of keys) {
    const slot = table.get(key)!;
    const member = view(slot, state.key);
    const inherited = parentTable?.get(key);
    if (!inherited || view(inherited, state.superclass!.key) !== member) slots.set(slot.index, member);
  }
  return [...slots].sort((a, b) => a[0] - b[0]).map(([, member]) => member);
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
  /** The property's lower-cased name. */
  memberKey: string,
  members: OwnMembers,
  amended: readonly ResolvedQualifier[] | undefined,
): void {
  const { nsx, className } = ctx;
  const isRef = member.type.kind === 'ReferenceType';
  const resolved = resolveQualifierList(member.qualifiers, isRef ? 'reference' : 'property', nsx.lookup, nsx.dialect);
  for (const item of resolved.diagnostics) nsx.diagnostics.push(item);
  const own = overlayQualifiers(resolved.qualifiers, amended);
  const inherited = overriddenMember(own, member.name, 'property', className, ctx.propertyNamed, isKeyProperty, nsx);

  let qualifiers = own;
  if (inherited) {
    const result = inheritQualifiers(inherited.qualifiers, own, inherited.nameSpan);
    for (const item of result.diagnostics) nsx.diagnostics.push(item);
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
  writeProp(members, memberKey, state);
}

function isKeyProperty(p: PropState): boolean {
  return p.model.key;
}

/** Amended qualifiers for members this class inherits without redeclaring them. */
function amendInherited(
  nsx: NamespaceContext,
  amendment: AmendmentData,
  ownProps: ReadonlyMap<string, unknown>,
  ownMethods: ReadonlyMap<string, unknown>,
  members: OwnMembers,
): void {
  for (const [key, amended] of amendment.properties) {
    if (ownProps.has(key)) continue;
    const slot = members.props.get(key);
    if (slot === undefined) continue; // reported when the amendment was collected
    const inherited = propView(slot, members.key);
    const qualifiers = overlayQualifiers(inherited.qualifiers, amended.qualifiers);
    const model: PropertyModel = {
      ...inherited.model,
      qualifiers: qualifiersToJson(qualifiers),
      enum: elementEnum(qualifiers, [], inherited.model.type, amended.name.span, undefined, nsx),
    };
    const state: PropState = { model, qualifiers, nameSpan: inherited.nameSpan, declaringClass: inherited.declaringClass };
    writeProp(members, key, state);
  }
  for (const [key, amended] of amendment.methods) {
    if (ownMethods.has(key)) continue;
    const inherited = methodView(members.methods, key, members.key);
    if (inherited === undefined) continue;
    writeMethod(members, key, amendInheritedMethod(nsx, inherited, amended));
  }
}

/** `ClassModel.amendments`: every locale's amended qualifiers of the class, as JSON, locales sorted. */
function amendmentsJson(byLocale: ReadonlyMap<string, AmendmentData> | undefined): Record<string, AmendedQualifiers> {
  const out: Record<string, AmendedQualifiers> = {};
  if (!byLocale) return out;
  for (const locale of [...byLocale.keys()].sort()) {
    const data = byLocale.get(locale)!;
    const properties: Record<string, ReturnType<typeof qualifiersToJson>> = {};
    for (const p of data.properties.values()) if (p.qualifiers.length > 0) setOwn(properties, p.name.name, qualifiersToJson(p.qualifiers));
    const methods: Record<string, AmendedQualifiers['methods'][string]> = {};
    for (const m of data.methods.values()) {
      const parameters: Record<string, ReturnType<typeof qualifiersToJson>> = {};
      for (const p of m.params.values()) if (p.qualifiers.length > 0) setOwn(parameters, p.name.name, qualifiersToJson(p.qualifiers));
      if (m.qualifiers.length > 0 || Object.keys(parameters).length > 0) {
        setOwn(methods, m.name.name, { qualifiers: qualifiersToJson(m.qualifiers), parameters });
      }
    }
    out[locale] = { class: qualifiersToJson(data.classQualifiers), properties, methods };
  }
  return out;
}

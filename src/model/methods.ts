/**
 * Methods and parameters: return type, parameters with their direction
 * (`In`/`Out`, whose defaults differ by dialect: see parameterDirection), REF and embedded
 * targets, Microsoft parameter defaults, enums from ValueMap/Values (the
 * method's own ValueMap is the return value's enum). An overriding method
 * inherits qualifiers from the overridden one and, in the DMTF dialect, each
 * parameter from the overridden method's parameter of the same name. In the
 * Microsoft dialect an override's parameters stand alone: WMI keeps them in
 * in/out signature objects that the override replaces (and the Hyper-V
 * schema turns DMTF's `[In(false), Out]` parameters into `[In, Out]` ones).
 */
import type * as ast from '../ast/nodes.js';
import { createDiagnostic } from '../diagnostics/diagnostic.js';
import { semanticModelDiagnostics as codes } from '../diagnostics/codes/semantic.js';
import { inheritQualifiers, propagates, qualifiersToJson, resolveQualifierList, type ResolvedQualifier } from './qualifiers.js';
import { findQualifier, overlayQualifiers, type AmendmentData, type MethodState, type NamespaceContext, type ParamState } from './context.js';
import { elementEnum, resolveElementType, elementTypeFields, type ElementType } from './elements.js';
import { checkOverrideType, overriddenMember } from './overrides.js';
import { convertValue } from './values.js';
import { valueContext } from './instances.js';
import type { CimType, MethodModel, ParameterModel } from './types.js';

type MethodAmendment = AmendmentData['methods'] extends ReadonlyMap<string, infer V> ? V : never;

/** A method as a subclass inherits it (memoized). */
export function inheritedMethod(m: MethodState): MethodState {
  if (m.inherited) return m.inherited;
  if (m.model.propagated && m.qualifiers.every(propagates)) {
    m.inherited = m;
    return m;
  }
  const qualifiers = m.qualifiers.every(propagates) ? m.qualifiers : m.qualifiers.filter(propagates);
  const model: MethodModel = {
    ...m.model,
    propagated: true,
    qualifiers: qualifiers === m.qualifiers ? m.model.qualifiers : qualifiersToJson(qualifiers),
  };
  const inherited: MethodState = { model, qualifiers, params: m.params, nameSpan: m.nameSpan, declaringClass: m.declaringClass };
  inherited.inherited = inherited;
  m.inherited = inherited;
  return inherited;
}

function returnElement(model: MethodModel): ElementType {
  return {
    type: model.returnType === 'void' ? ('void' as CimType) : model.returnType,
    isArray: false,
    arraySize: null,
    refClass: model.returnRefClass,
    embeddedInstance: model.returnEmbeddedInstance,
    embeddedObject: false,
  };
}

/** Methods are never keys. */
const noKey = (): boolean => false;

export function ownMethod(
  nsx: NamespaceContext,
  className: string,
  member: ast.MethodDeclaration,
  /** Finds an inherited method by lower-cased name. */
  inheritedMethodNamed: (key: string) => MethodState | undefined,
  amendment: MethodAmendment | undefined,
): MethodState {
  const resolved = resolveQualifierList(member.qualifiers, 'method', nsx.lookup, nsx.dialect);
  for (const item of resolved.diagnostics) nsx.diagnostics.push(item);
  const own = overlayQualifiers(resolved.qualifiers, amendment?.qualifiers);
  const inherited = overriddenMember(own, member.name, 'method', className, inheritedMethodNamed, noKey, nsx);
  let qualifiers = own;
  if (inherited) {
    const result = inheritQualifiers(inherited.qualifiers, own, inherited.nameSpan);
    for (const item of result.diagnostics) nsx.diagnostics.push(item);
    qualifiers = result.qualifiers;
  }
  const label = `${className}.${member.name.name}`;
  let returnType: ElementType;
  if (member.returnType) {
    returnType = resolveElementType(member.returnType, member.returnArray, qualifiers, own, label, nsx);
  } else {
    returnType = { type: 'void' as CimType, isArray: false, arraySize: null, refClass: null, embeddedInstance: null, embeddedObject: false };
  }
  if (inherited) checkOverrideType(returnElement(inherited.model), returnType, 'method', member.name, inherited.nameSpan, nsx);

  const params: ParamState[] = [];
  const seen = new Map<string, ast.ParameterDeclaration>();
  for (const p of member.parameters) {
    const key = p.name.name.toLowerCase();
    const earlier = seen.get(key);
    if (earlier) {
      nsx.diagnostics.push(
        createDiagnostic(codes.duplicateParameter, p.name.span, [p.name.name, label], [{ message: 'first declared here', span: earlier.name.span }]),
      );
      continue;
    }
    seen.set(key, p);
    // WMI keeps a method's parameters in separate in/out signature objects that an
    // override replaces whole: in the Microsoft dialect parameter qualifiers are not inherited.
    const inheritedParam =
      nsx.dialect === 'microsoft' ? undefined : inherited?.params.find((q) => q.model.name.toLowerCase() === key);
    params.push(ownParameter(nsx, label, p, inheritedParam, amendment?.params.get(key)?.qualifiers));
  }

  const model: MethodModel = {
    name: member.name.name,
    returnType: returnType.type === ('void' as CimType) ? 'void' : returnType.type,
    returnRefClass: returnType.refClass,
    returnEmbeddedInstance: returnType.embeddedInstance,
    classOrigin: className,
    propagated: false,
    qualifiers: qualifiersToJson(qualifiers),
    returnEnum:
      returnType.type === ('void' as CimType)
        ? null
        : elementEnum(qualifiers, own, returnType.type, member.name.span, inherited ? { enum: inherited.model.returnEnum, type: returnElement(inherited.model).type } : undefined, nsx),
    parameters: params.map((p) => p.model),
  };
  return { model, qualifiers, params, nameSpan: member.name.span, declaringClass: className };
}

function ownParameter(
  nsx: NamespaceContext,
  methodLabel: string,
  p: ast.ParameterDeclaration,
  inherited: ParamState | undefined,
  amended: readonly ResolvedQualifier[] | undefined,
): ParamState {
  const resolved = resolveQualifierList(p.qualifiers, 'parameter', nsx.lookup, nsx.dialect);
  for (const item of resolved.diagnostics) nsx.diagnostics.push(item);
  const own = overlayQualifiers(resolved.qualifiers, amended);
  let qualifiers = own;
  if (inherited) {
    const result = inheritQualifiers(inherited.qualifiers, own, inherited.nameSpan);
    for (const item of result.diagnostics) nsx.diagnostics.push(item);
    qualifiers = result.qualifiers;
  }
  const label = `${methodLabel}(${p.name.name})`;
  const type = resolveElementType(p.type, p.array, qualifiers, own, label, nsx);
  if (inherited) checkOverrideType(inherited.model, type, 'parameter', p.name, inherited.nameSpan, nsx);
  const { in: inFlag, out: outFlag } = parameterDirection(qualifiers, nsx);
  let defaultValue: ParameterModel['default'] = null;
  if (p.defaultValue) {
    const converted = convertValue(p.defaultValue, { label, ...type }, valueContext(nsx));
    if (converted !== undefined) defaultValue = converted;
  }
  const model: ParameterModel = {
    name: p.name.name,
    ...elementTypeFields(type),
    in: inFlag,
    out: outFlag,
    default: defaultValue,
    qualifiers: qualifiersToJson(qualifiers),
    enum: elementEnum(qualifiers, own, type.type, p.name.span, inherited?.model, nsx),
  };
  return { model, qualifiers, nameSpan: p.name.span };
}

/**
 * Whether a parameter is input, output or both, from its effective qualifiers.
 * - DMTF: `In` and `Out` are booleans with declared defaults (DSP0004:
 *   `In : boolean = true`, `Out : boolean = false`), so a parameter marked only
 *   `[Out]` is in and out, and only `[In(false), Out]` is output-only.
 * - Microsoft: mofcomp files a parameter under the in-signature only when it
 *   says `In` (or says neither), so `[Out]` alone is output-only (Hyper-V's `Job`).
 * See docs/decisions/0016-in-default-by-dialect.md.
 */
export function parameterDirection(qualifiers: readonly ResolvedQualifier[], nsx: NamespaceContext): { in: boolean; out: boolean } {
  const given = (name: string): boolean | undefined => {
    const value = findQualifier(qualifiers, name)?.value;
    return value === undefined ? undefined : value === true;
  };
  const inGiven = given('in');
  const outGiven = given('out');
  if (nsx.dialect === 'dmtf') {
    return {
      in: inGiven ?? nsx.lookup('in')?.default === true,
      out: outGiven ?? nsx.lookup('out')?.default === true,
    };
  }
  // A parameter that is neither (not even `[In(false)]` alone) is an input, as mofcomp files it.
  const out = outGiven === true;
  return { in: inGiven === true || !out, out };
}

/** An inherited method whose qualifiers (and parameters' qualifiers) an amendment changes. */
export function amendInheritedMethod(nsx: NamespaceContext, method: MethodState, amended: MethodAmendment): MethodState {
  const qualifiers = overlayQualifiers(method.qualifiers, amended.qualifiers);
  const params = method.params.map((p) => {
    const amendedParam = amended.params.get(p.model.name.toLowerCase());
    if (!amendedParam) return p;
    const q = overlayQualifiers(p.qualifiers, amendedParam.qualifiers);
    const model: ParameterModel = {
      ...p.model,
      qualifiers: qualifiersToJson(q),
      enum: elementEnum(q, [], p.model.type, amendedParam.name.span, undefined, nsx),
    };
    return { model, qualifiers: q, nameSpan: p.nameSpan };
  });
  const model: MethodModel = {
    ...method.model,
    qualifiers: qualifiersToJson(qualifiers),
    returnEnum:
      method.model.returnType === 'void'
        ? null
        : elementEnum(qualifiers, [], method.model.returnType, amended.name.span, undefined, nsx),
    parameters: params.map((p) => p.model),
  };
  return { model, qualifiers, params, nameSpan: method.nameSpan, declaringClass: method.declaringClass };
}

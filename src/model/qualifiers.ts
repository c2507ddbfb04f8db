/**
 * Qualifiers: resolving a written `[...]` list against qualifier types,
 * propagating qualifiers down the inheritance chain (DSP0004 2.x flavors), and
 * turning `Qualifier X : type ...;` declarations into qualifier types.
 *
 * Pure functions: the caller supplies the qualifier types (a case-insensitive
 * lookup over the namespace's declarations and mofc's built-in tables) and gets
 * back resolved qualifiers plus diagnostics; nothing here keeps state.
 *
 * Dialect rules (why they differ): in the DMTF dialect every qualifier must be
 * declared and match its declaration. mofcomp, on the other hand, has no
 * declaration for the WMI qualifiers it knows and types each use by its value.
 * So in the Microsoft dialect an undeclared qualifier is a warning and kept as
 * written, and a qualifier whose type came from mofc's built-in tables (origin
 * `builtin`, i.e. the input did not declare it) is checked leniently: a value of
 * another type is kept as written, a scope mismatch is a warning. Qualifiers the
 * input declared itself are checked strictly in both dialects. An undeclared
 * qualifier gets its dialect's default flavor: DSP0004's (ToSubclass) or WMI's
 * (not propagated unless written `: ToSubclass`).
 *
 * Scopes: the caller says what the element is. A class is `association` /
 * `indication` when it or an ancestor has that qualifier (read from the raw
 * list before resolving it: `Scope(association)` qualifiers need it). DSP0004
 * 2.x has no instance scope; qualifiers on instances resolve as `class`.
 */
import type * as ast from '../ast/nodes.js';
import {
  createDiagnostic,
  type Diagnostic,
  type DiagnosticDefinition,
  type Span,
} from '../diagnostics/diagnostic.js';
import { semanticQualifierDiagnostics as codes } from '../diagnostics/codes/semantic-qualifiers.js';
import { MICROSOFT_FLAVORS, type Dialect } from './dialect.js';
import { integerRange, integerToJson, isIntegerType, realFits } from './integers.js';
import { sameName } from './names.js';
import { setOwn } from './own.js';
import type {
  PrimitiveCimType,
  QualifierFlavors,
  QualifierScope,
  QualifierType,
  QualifierValue,
  Qualifiers,
} from './types.js';

export interface ResolvedQualifier {
  /** The spelling of the declaration (`ValueMap` even when written `valuemap`); as written when undeclared. */
  readonly name: string;
  readonly value: QualifierValue;
  /** Effective flavors: the declaration's, overridden by those written on this use. */
  readonly flavors: QualifierFlavors;
  /** The whole qualifier as written (`ValueMap {"0", "1"} : Amended`). */
  readonly span: Span;
  /**
   * Spans of the elements of an array value, in order, when the value was
   * written as an array (so that e.g. a bad ValueMap entry can be pointed at).
   * Absent for scalars and for qualifiers not read from source.
   */
  readonly elementSpans?: readonly Span[];
}

/** Finds a qualifier type by name, case-insensitively. Supplied by the caller. */
export type QualifierTypeLookup = (name: string) => QualifierType | undefined;

// ---------------------------------------------------------------------------
// Values

type Scalar = string | number | boolean | null;

/** How a value reads in messages ("integer", "string", …). */
function valueKind(value: ast.Value): string {
  switch (value.kind) {
    case 'IntegerValue':
      return 'integer';
    case 'RealValue':
      return 'real';
    case 'StringValue':
      return 'string';
    case 'Char16Value':
      return 'char16';
    case 'BooleanValue':
      return 'boolean';
    case 'NullValue':
      return 'null';
    case 'ArrayValue':
      return 'array';
    case 'AliasValue':
      return 'alias';
    case 'InstanceValue':
      return 'instance';
  }
}

function typeText(type: PrimitiveCimType, isArray: boolean): string {
  return isArray ? `${type}[]` : type;
}

function mismatch(qualifier: string, value: ast.Value, type: PrimitiveCimType, diagnostics: Diagnostic[]): undefined {
  diagnostics.push(createDiagnostic(codes.qualifierValueType, value.span, [qualifier, type, valueKind(value)]));
  return undefined;
}

function outOfRange(qualifier: string, value: ast.IntegerValue | ast.RealValue, type: PrimitiveCimType, diagnostics: Diagnostic[]): undefined {
  diagnostics.push(createDiagnostic(codes.qualifierValueRange, value.span, [value.text, qualifier, type]));
  return undefined;
}

/**
 * Converts one scalar literal to `type`; when it cannot, says why in
 * `diagnostics` and gives undefined (no scalar is undefined).
 */
function convertScalar(qualifier: string, value: ast.Value, type: PrimitiveCimType, diagnostics: Diagnostic[]): Scalar | undefined {
  if (value.kind === 'NullValue') return null;
  switch (type) {
    case 'boolean':
      return value.kind === 'BooleanValue' ? value.value : mismatch(qualifier, value, type, diagnostics);
    case 'string':
    case 'datetime':
      return value.kind === 'StringValue' ? value.value : mismatch(qualifier, value, type, diagnostics);
    case 'char16':
      // A one-character string literal is accepted too: DMTF schemas write `"x"` where `'x'` is meant.
      if (value.kind === 'Char16Value') return value.value;
      return value.kind === 'StringValue' && value.value.length === 1 ? value.value : mismatch(qualifier, value, type, diagnostics);
    case 'real32':
    case 'real64': {
      let n: number;
      if (value.kind === 'RealValue') n = value.value;
      else if (value.kind === 'IntegerValue') n = Number(value.value);
      else return mismatch(qualifier, value, type, diagnostics);
      if (!realFits(n, type)) return outOfRange(qualifier, value, type, diagnostics);
      return n;
    }
    default: {
      if (value.kind !== 'IntegerValue') return mismatch(qualifier, value, type, diagnostics);
      const [min, max] = integerRange(type);
      if (value.value < min || value.value > max) return outOfRange(qualifier, value, type, diagnostics);
      return integerToJson(value.value);
    }
  }
}

/**
 * Converts a written value to the qualifier's type. `scalarForArray`: accept a
 * scalar where an array is expected, as a one-element array (Microsoft dialect).
 */
function convertValue(
  qualifier: string,
  value: ast.Value,
  type: PrimitiveCimType,
  isArray: boolean,
  scalarForArray: boolean,
): { value: QualifierValue | undefined; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  if (value.kind === 'NullValue') return { value: null, diagnostics };
  if (isArray) {
    if (value.kind !== 'ArrayValue') {
      if (!scalarForArray) {
        diagnostics.push(createDiagnostic(codes.qualifierValueType, value.span, [qualifier, typeText(type, true), valueKind(value)]));
        return { value: undefined, diagnostics };
      }
      const one = convertScalar(qualifier, value, type, diagnostics);
      return { value: one === undefined ? undefined : [one], diagnostics };
    }
    // Undefined entries only where a diagnostic says why, and then the array is dropped.
    const elements = value.elements.map((element) => convertScalar(qualifier, element, type, diagnostics));
    return { value: diagnostics.length > 0 ? undefined : (elements as Scalar[]), diagnostics };
  }
  if (value.kind === 'ArrayValue') {
    diagnostics.push(createDiagnostic(codes.qualifierValueType, value.span, [qualifier, type, 'array']));
    return { value: undefined, diagnostics };
  }
  return { value: convertScalar(qualifier, value, type, diagnostics), diagnostics };
}

function scalarAsWritten(value: ast.Value): Scalar | undefined {
  switch (value.kind) {
    case 'IntegerValue':
      return integerToJson(value.value);
    case 'RealValue':
    case 'StringValue':
    case 'Char16Value':
    case 'BooleanValue':
      return value.value;
    case 'NullValue':
      return null;
    default:
      return undefined;
  }
}

/** The value as written, for qualifiers with no (or a lenient) type. Nested arrays, aliases and instances have no qualifier form. */
function valueAsWritten(qualifier: string, value: ast.Value): { value: QualifierValue | undefined; diagnostics: Diagnostic[] } {
  const bad = (node: ast.Value) => ({
    value: undefined,
    diagnostics: [createDiagnostic(codes.unrepresentableQualifierValue, node.span, [qualifier, node.kind === 'ArrayValue' ? 'a nested array' : `an ${valueKind(node)}`])],
  });
  if (value.kind === 'ArrayValue') {
    const elements: Scalar[] = [];
    for (const element of value.elements) {
      const scalar = scalarAsWritten(element);
      if (scalar === undefined) return bad(element);
      elements.push(scalar);
    }
    return { value: elements, diagnostics: [] };
  }
  const scalar = scalarAsWritten(value);
  return scalar === undefined ? bad(value) : { value: scalar, diagnostics: [] };
}

/**
 * The value a qualifier has when written without one (DSP0221 §7.4): `true`
 * for boolean, null for numbers, an empty array for numeric/boolean arrays;
 * other types must be given a value (`undefined` here).
 */
function impliedValue(type: PrimitiveCimType, isArray: boolean): QualifierValue | undefined {
  const numeric = isIntegerType(type) || type === 'real32' || type === 'real64';
  if (isArray) return numeric || type === 'boolean' ? [] : undefined;
  if (type === 'boolean') return true;
  return numeric ? null : undefined;
}

// ---------------------------------------------------------------------------
// Flavors

/** WMI's default flavor (WBEM_FLAVOR_DONT_PROPAGATE): a qualifier stays where it is written. */
const WMI_DEFAULT_FLAVORS: QualifierFlavors = { propagation: 'restricted' };

/** Which flavor field a written flavor sets, and to what. */
const FLAVOR_EFFECT: Readonly<Record<ast.FlavorName, { readonly field: keyof QualifierFlavors; readonly value: string | boolean }>> = {
  EnableOverride: { field: 'override', value: 'enable' },
  DisableOverride: { field: 'override', value: 'disable' },
  ToSubclass: { field: 'propagation', value: 'toSubclass' },
  Restricted: { field: 'propagation', value: 'restricted' },
  NotToSubclass: { field: 'propagation', value: 'restricted' },
  Translatable: { field: 'translatable', value: true },
  ToInstance: { field: 'toInstance', value: true },
  NotToInstance: { field: 'toInstance', value: false },
  Amended: { field: 'amended', value: true },
};

/** Builds a flavors object with fields in one fixed order, so equal flavors serialize equally. */
function normalizeFlavors(flavors: { -readonly [K in keyof QualifierFlavors]: QualifierFlavors[K] }): QualifierFlavors {
  const out: { -readonly [K in keyof QualifierFlavors]: QualifierFlavors[K] } = {};
  if (flavors.override !== undefined) out.override = flavors.override;
  if (flavors.propagation !== undefined) out.propagation = flavors.propagation;
  if (flavors.translatable !== undefined) out.translatable = flavors.translatable;
  if (flavors.toInstance !== undefined) out.toInstance = flavors.toInstance;
  if (flavors.amended !== undefined) out.amended = flavors.amended;
  return out;
}

/**
 * Checks a written flavor list (repeats, contradictions, Microsoft flavors in
 * the DMTF dialect) and applies the accepted ones over `base`. Of two
 * contradicting flavors the first written is kept.
 */
export function applyWrittenFlavors(
  base: QualifierFlavors,
  written: readonly ast.Flavor[],
  dialect: Dialect,
): { flavors: QualifierFlavors; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const result: { -readonly [K in keyof QualifierFlavors]: QualifierFlavors[K] } = { ...base };
  const setBy = new Map<keyof QualifierFlavors, ast.Flavor>();
  const seen = new Set<ast.FlavorName>();
  for (const flavor of written) {
    if (dialect === 'dmtf' && MICROSOFT_FLAVORS.has(flavor.name)) {
      diagnostics.push(createDiagnostic(codes.microsoftFlavor, flavor.span, [flavor.name]));
      continue;
    }
    if (seen.has(flavor.name)) {
      diagnostics.push(createDiagnostic(codes.repeatedFlavor, flavor.span, [flavor.name]));
      continue;
    }
    seen.add(flavor.name);
    const effect = FLAVOR_EFFECT[flavor.name];
    const earlier = setBy.get(effect.field);
    if (earlier) {
      // Restricted + NotToSubclass say the same thing; only different effects conflict.
      if (FLAVOR_EFFECT[earlier.name].value !== effect.value) {
        diagnostics.push(createDiagnostic(codes.conflictingFlavors, flavor.span, [earlier.name, flavor.name]));
      }
      continue;
    }
    setBy.set(effect.field, flavor);
    (result as Record<string, unknown>)[effect.field] = effect.value;
  }
  return { flavors: normalizeFlavors(result), diagnostics };
}

// ---------------------------------------------------------------------------
// Scopes

/**
 * Whether a qualifier declared with `scopes` may qualify an element of kind
 * `element`. Associations and indications are classes (DSP0004's metamodel
 * makes them subclasses of Class), so a class-scoped qualifier applies to them
 * too — mofcomp files put class-scoped `Dynamic`/`Provider` on associations.
 * The reverse does not hold: `Scope(association)` does not reach plain classes.
 */
export function scopeAllows(scopes: readonly QualifierScope[], element: QualifierScope): boolean {
  if (scopes.includes('any') || scopes.includes(element)) return true;
  return (element === 'association' || element === 'indication') && scopes.includes('class');
}

// ---------------------------------------------------------------------------
// Resolving a qualifier list

/** Up to this many qualifiers, name matching scans the list instead of building an index. */
const SHORT_LIST = 16;

/**
 * Resolves the qualifiers written on one element (a class, property, method, …
 * of kind `scope`). Duplicates (case-insensitive) are reported and dropped;
 * qualifiers with a bad value are reported and dropped; everything else is
 * kept, in written order.
 */
export function resolveQualifierList(
  list: readonly ast.Qualifier[],
  scope: QualifierScope,
  lookup: QualifierTypeLookup,
  dialect: Dialect,
): { qualifiers: ResolvedQualifier[]; diagnostics: Diagnostic[] } {
  // Sized for the written list and cut to what resolved: the model keeps these lists,
  // and one grown by push keeps room for 17 qualifiers.
  const qualifiers = new Array<ResolvedQualifier>(list.length);
  let count = 0;
  const diagnostics: Diagnostic[] = [];
  // Written lists are short: a scan back finds an earlier use of the name; a long list gets an index.
  const first = list.length > SHORT_LIST ? new Map<string, ast.Qualifier>() : undefined;
  for (let at = 0; at < list.length; at++) {
    const written = list[at]!;
    let earlier: ast.Qualifier | undefined;
    if (first) {
      const key = written.name.name.toLowerCase();
      earlier = first.get(key);
      if (!earlier) first.set(key, written);
    } else {
      for (let e = 0; e < at && !earlier; e++) if (sameName(list[e]!.name.name, written.name.name)) earlier = list[e];
    }
    if (earlier) {
      diagnostics.push(
        createDiagnostic(codes.duplicateQualifier, written.name.span, [written.name.name], [
          { message: `'${earlier.name.name}' is first given here`, span: earlier.span },
        ]),
      );
      continue;
    }
    const resolved = resolveOne(written, scope, lookup(written.name.name), dialect, diagnostics);
    if (resolved) qualifiers[count++] = resolved;
  }
  qualifiers.length = count;
  return { qualifiers, diagnostics };
}

function resolveOne(
  written: ast.Qualifier,
  scope: QualifierScope,
  type: QualifierType | undefined,
  dialect: Dialect,
  diagnostics: Diagnostic[],
): ResolvedQualifier | undefined {
  const writtenName = written.name.name;
  // With no declaration, a qualifier gets the default flavor of its dialect: DSP0004's
  // (ToSubclass) or WMI's, which is not to propagate unless the use says `: ToSubclass`.
  const base = type?.flavors ?? (dialect === 'microsoft' ? WMI_DEFAULT_FLAVORS : {});
  // A use that writes no flavors (nearly all) shares its declaration's flavors object.
  let flavors: QualifierFlavors;
  if (written.flavors.length === 0) {
    flavors = base;
  } else {
    const applied = applyWrittenFlavors(base, written.flavors, dialect);
    for (const item of applied.diagnostics) diagnostics.push(item);
    flavors = applied.flavors;
  }

  if (!type) {
    const definition: DiagnosticDefinition = dialect === 'dmtf' ? codes.unknownQualifier : codes.undeclaredQualifierKept;
    diagnostics.push(createDiagnostic(definition, written.name.span, [writtenName]));
    // Written without a value, an undeclared qualifier is a flag, as mofcomp reads it.
    const asWritten = written.value ? valueAsWritten(writtenName, written.value) : { value: true, diagnostics: [] };
    for (const item of asWritten.diagnostics) diagnostics.push(item);
    if (asWritten.value === undefined) return undefined;
    return build(writtenName, asWritten.value, flavors, written);
  }

  const lenient = dialect === 'microsoft' && type.origin === 'builtin';
  if (!scopeAllows(type.scopes, scope)) {
    const definition = lenient ? codes.builtinQualifierScopeMismatch : codes.qualifierScopeMismatch;
    diagnostics.push(createDiagnostic(definition, written.name.span, [type.name, scope, type.scopes.join(', ')]));
  }

  let value: QualifierValue | undefined;
  if (!written.value) {
    value = impliedValue(type.type, type.isArray);
    if (value === undefined) {
      if (lenient) {
        value = true;
      } else {
        diagnostics.push(createDiagnostic(codes.qualifierValueMissing, written.span, [type.name, typeText(type.type, type.isArray)]));
        return undefined;
      }
    }
  } else {
    const converted = convertValue(type.name, written.value, type.type, type.isArray, dialect === 'microsoft');
    if (converted.value !== undefined) {
      value = converted.value;
    } else if (lenient) {
      // mofcomp types an undeclared qualifier by its value: keep what was written.
      const asWritten = valueAsWritten(type.name, written.value);
      for (const item of asWritten.diagnostics) diagnostics.push(item);
      value = asWritten.value;
    } else {
      for (const item of converted.diagnostics) diagnostics.push(item);
    }
    if (value === undefined) return undefined;
  }
  return build(type.name, value, flavors, written);
}

function build(name: string, value: QualifierValue, flavors: QualifierFlavors, written: ast.Qualifier): ResolvedQualifier {
  if (written.value?.kind === 'ArrayValue') {
    return { name, value, flavors, span: written.span, elementSpans: written.value.elements.map((e) => e.span) };
  }
  return { name, value, flavors, span: written.span };
}

// ---------------------------------------------------------------------------
// Propagation

/** Whether a qualifier passes to subclasses and overriding members (DSP0004: ToSubclass, the default). */
export function propagates(qualifier: ResolvedQualifier): boolean {
  return qualifier.flavors.propagation !== 'restricted';
}

/** Deep equality of qualifier values (scalars or arrays of scalars). */
export function qualifierValuesEqual(a: QualifierValue, b: QualifierValue): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => x === b[i]);
  }
  return a === b;
}

/**
 * The qualifiers of a subclass or overriding member: the inherited qualifiers
 * that propagate (not Restricted / NotToSubclass), each replaced by an own
 * qualifier of the same name, then the own qualifiers that are new, in written
 * order. Keeping the inherited order means a qualifier keeps its place all
 * down a class chain.
 *
 * An own qualifier may not change the value of an inherited one that has
 * DisableOverride: that is an error, and the inherited qualifier is kept.
 * Restating the same value is fine (DMTF schemas restate `Key` on overrides).
 *
 * `options.lenient`: the change is only a warning and the own qualifier wins.
 * For Microsoft-dialect input, whose files were accepted by mofcomp as they
 * are: the Hyper-V schema redeclares `CreateSnapshot`'s `ResultingSnapshot`
 * as `[In, Out]` over DMTF's `[In(false), Out]`, and its documentation (the
 * model oracle) says in and out.
 */
export function inheritQualifiers(
  inherited: readonly ResolvedQualifier[],
  own: readonly ResolvedQualifier[],
  overriddenSpan?: Span,
  options: { readonly lenient?: boolean } = {},
): { qualifiers: ResolvedQualifier[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  // Own qualifiers by name (the last of a name wins): a long list gets an index, a short one is scanned.
  const ownByName = own.length > SHORT_LIST ? new Map(own.map((q) => [q.name.toLowerCase(), q] as const)) : undefined;
  const used = ownByName && new Set<string>();
  let replacing: ResolvedQualifier[] | undefined;
  // Sized for the most it can hold and cut to what it holds (kept with the model, as in resolveQualifierList).
  const qualifiers = new Array<ResolvedQualifier>(inherited.length + own.length);
  let count = 0;
  for (const parent of inherited) {
    if (!propagates(parent)) continue;
    let mine: ResolvedQualifier | undefined;
    if (ownByName) {
      const key = parent.name.toLowerCase();
      mine = ownByName.get(key);
      if (mine) used!.add(key);
    } else {
      for (let i = own.length - 1; i >= 0 && !mine; i--) if (sameName(own[i]!.name, parent.name)) mine = own[i];
      if (mine) (replacing ??= []).push(mine);
    }
    if (!mine) {
      qualifiers[count++] = parent;
      continue;
    }
    if (parent.flavors.override === 'disable' && !qualifierValuesEqual(parent.value, mine.value)) {
      const definition = options.lenient ? codes.qualifierOverrideDisabledKept : codes.qualifierOverrideDisabled;
      diagnostics.push(
        createDiagnostic(definition, mine.span, [parent.name, JSON.stringify(parent.value)], [
          { message: `the inherited '${parent.name}' is here`, span: overriddenSpan ?? parent.span },
        ]),
      );
      qualifiers[count++] = options.lenient ? mine : parent;
      continue;
    }
    qualifiers[count++] = mine;
  }
  for (const mine of own) {
    const replaced = used ? used.has(mine.name.toLowerCase()) : replacing !== undefined && replacing.some((q) => sameName(q.name, mine.name));
    if (!replaced) qualifiers[count++] = mine;
  }
  qualifiers.length = count;
  return { qualifiers, diagnostics };
}

// ---------------------------------------------------------------------------
// Declarations

const SCOPE_MAP: Readonly<Record<ast.ScopeName, QualifierScope | undefined>> = {
  class: 'class',
  association: 'association',
  indication: 'indication',
  qualifier: 'qualifier',
  property: 'property',
  reference: 'reference',
  method: 'method',
  parameter: 'parameter',
  any: 'any',
  // DSP0004 2.x dropped `schema`; `instance` is a WMI notion with no metamodel element.
  schema: undefined,
  instance: undefined,
};

/**
 * Turns `Qualifier X : type [= default], Scope(...) [, Flavor(...)];` into a
 * qualifier type (origin `input`). The default must match the type; a
 * declaration without a default has default null.
 *
 * Microsoft's flavor-only form (`Qualifier Description : Amended;`) declares no
 * type: `type` is undefined and the caller applies its flavors to the
 * existing declaration with {@link applyFlavorDeclaration}.
 *
 * In the DMTF dialect, Microsoft flavors (`Flavor(Amended)`) are reported
 * (MOF3209) and ignored, as on qualifier uses.
 */
export function qualifierTypeFromDeclaration(
  decl: ast.QualifierDeclaration,
  dialect: Dialect,
): {
  type: QualifierType | undefined;
  diagnostics: Diagnostic[];
} {
  // The flavor-only form's flavors are checked when applied (applyFlavorDeclaration), not twice.
  if (!decl.type) return { type: undefined, diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  const flavors = applyWrittenFlavors({}, decl.flavors, dialect);
  for (const item of flavors.diagnostics) diagnostics.push(item);

  const name = decl.name.name;
  const scopes: QualifierScope[] = [];
  for (const scope of decl.scopes) {
    const mapped = SCOPE_MAP[scope.name];
    if (!mapped) {
      diagnostics.push(createDiagnostic(codes.unsupportedQualifierScope, scope.span, [scope.name]));
    } else if (scopes.includes(mapped)) {
      diagnostics.push(createDiagnostic(codes.repeatedQualifierScope, scope.span, [scope.name]));
    } else {
      scopes.push(mapped);
    }
  }
  if (decl.scopes.length === 0) {
    diagnostics.push(createDiagnostic(codes.qualifierDeclarationWithoutScope, decl.name.span, [name]));
  }
  // Nothing usable left (no scope, or only unsupported ones, already reported):
  // applying anywhere avoids a cascade of scope errors on every use.
  if (scopes.length === 0) scopes.push('any');

  let defaultValue: QualifierValue = null;
  if (decl.defaultValue) {
    const converted = convertValue(name, decl.defaultValue, decl.type, decl.isArray, false);
    for (const item of converted.diagnostics) diagnostics.push(item);
    if (converted.value !== undefined) defaultValue = converted.value;
  }

  return {
    type: {
      name,
      type: decl.type,
      isArray: decl.isArray,
      scopes,
      flavors: flavors.flavors,
      default: defaultValue,
      origin: 'input',
    },
    diagnostics,
  };
}

/**
 * Applies a Microsoft flavor-only declaration (`Qualifier Description : Amended;`)
 * to the qualifier type it names. mofcomp applies such a statement to every
 * later use in the file, so the caller replaces its type with the result.
 * `existing` undefined (the name is unknown) is an error. In the DMTF dialect
 * the statement itself is a Microsoft extension (MOF3100, reported with the
 * others) and its Microsoft flavors are reported and ignored (MOF3209).
 */
export function applyFlavorDeclaration(
  existing: QualifierType | undefined,
  decl: ast.QualifierDeclaration,
  dialect: Dialect,
): { type: QualifierType | undefined; diagnostics: Diagnostic[] } {
  if (!existing) {
    return {
      type: undefined,
      diagnostics: [createDiagnostic(codes.flavorDeclarationUnknownQualifier, decl.name.span, [decl.name.name])],
    };
  }
  const flavors = applyWrittenFlavors(existing.flavors, decl.flavors, dialect);
  return { type: { ...existing, flavors: flavors.flavors }, diagnostics: flavors.diagnostics };
}

// ---------------------------------------------------------------------------
// JSON

/** Qualifiers as model JSON: name → value, in list order. */
export function qualifiersToJson(list: readonly ResolvedQualifier[]): Qualifiers {
  const out: Record<string, QualifierValue> = {};
  for (const q of list) setOwn(out, q.name, q.value);
  return out;
}

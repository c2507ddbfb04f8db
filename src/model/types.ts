/**
 * The compiled schema model: what `mofc compile` writes as model JSON and what
 * code generation reads. Plain JSON-compatible data (no bigint, no Maps), so the
 * model JSON is just `JSON.stringify` of a `Repository` with sorted members.
 *
 * Every class is flattened: inherited properties and methods are included,
 * each carrying `classOrigin` (the nearest class, this one or an ancestor, that
 * declared or overrode the member: an override in class C makes C the origin
 * for C and its subclasses) and `propagated` (true when this class did not
 * declare it itself), as DSP0201 and CIM servers report them.
 *
 * The format is documented in `docs/model-json.md`; keep both in step.
 */

import type { CimPrimitiveType } from '@mofc/runtime';

/** A CIM intrinsic type; the list's one home is the runtime's `CimPrimitiveType`. */
export type PrimitiveCimType = CimPrimitiveType;

/**
 * CIM type of a property, parameter or return value.
 * - `reference`: a REF; `refClass` names the class (`null` for Microsoft's untyped `object ref`).
 * - `object`: an embedded object — Microsoft's `object` (any class, `embeddedInstance` null)
 *   or its strongly typed form `CIM_ConcreteJob X` (`embeddedInstance` = that class).
 * A `string` with `EmbeddedInstance("X")` / `HyperVEmbeddedInstance("X")` stays `string`
 * with `embeddedInstance` = X; one with `EmbeddedObject` has `embeddedObject` = true.
 */
export type CimType = PrimitiveCimType | 'reference' | 'object';

/** A qualifier value as JSON: scalars, arrays of scalars, or null. 64-bit integers beyond 2^53 are strings. */
export type QualifierValue = string | number | boolean | null | readonly (string | number | boolean | null)[];

/** A property default or instance property value as JSON. References are object path strings or `{ alias }`. */
export type ModelValue =
  | string
  | number
  | boolean
  | null
  | { readonly alias: string }
  | ModelInstanceValue
  | readonly ModelValue[];

export interface ModelInstanceValue {
  readonly instanceOf: string;
  readonly properties: Readonly<Record<string, ModelValue>>;
}

export type QualifierScope =
  | 'class'
  | 'association'
  | 'indication'
  | 'qualifier'
  | 'property'
  | 'reference'
  | 'method'
  | 'parameter'
  | 'any';

export interface QualifierFlavors {
  /** Absent means the DSP0004 default (EnableOverride, ToSubclass, not Translatable). */
  readonly override?: 'enable' | 'disable';
  readonly propagation?: 'toSubclass' | 'restricted';
  readonly translatable?: boolean;
  readonly toInstance?: boolean;
  /** Microsoft: the value is localized and lives in an amendment (`.mfl`). */
  readonly amended?: boolean;
}

export interface QualifierType {
  readonly name: string;
  readonly type: PrimitiveCimType;
  readonly isArray: boolean;
  readonly scopes: readonly QualifierScope[];
  readonly flavors: QualifierFlavors;
  readonly default: QualifierValue;
  /** `input` when declared in the compiled MOF, `builtin` when mofc supplied it (DMTF standard/optional, WMI). */
  readonly origin: 'input' | 'builtin';
}

/** Qualifiers by name as declared (names keep the spelling of their declaration). */
export type Qualifiers = Readonly<Record<string, QualifierValue>>;

/** A named enumeration derived from ValueMap/Values. */
export interface EnumModel {
  /** Single values, in ValueMap order. `value` is a number, or a decimal string for 64-bit values beyond 2^53, or the string itself for string-typed ValueMaps. */
  readonly values: readonly { readonly value: number | string; readonly name: string }[];
  /** Ranges such as `"32768..65535"` (bounds inclusive; `null` = open end, as in `".."`), with the Values text. */
  readonly ranges: readonly { readonly from: number | string | null; readonly to: number | string | null; readonly name: string }[];
}

interface TypedElement {
  readonly name: string;
  readonly type: CimType;
  readonly isArray: boolean;
  /** Fixed array size, if any. */
  readonly arraySize: number | null;
  readonly refClass: string | null;
  readonly embeddedInstance: string | null;
  readonly embeddedObject: boolean;
  readonly qualifiers: Qualifiers;
  /** ValueMap/Values as a structured enum, when the element has either. */
  readonly enum: EnumModel | null;
}

export interface PropertyModel extends TypedElement {
  readonly default: ModelValue;
  readonly key: boolean;
  readonly required: boolean;
  readonly classOrigin: string;
  readonly propagated: boolean;
}

export interface ParameterModel extends TypedElement {
  readonly in: boolean;
  readonly out: boolean;
  /** Microsoft parameter default, else null. */
  readonly default: ModelValue;
}

export interface MethodModel {
  readonly name: string;
  /** `void` only for Microsoft void methods. */
  readonly returnType: CimType | 'void';
  readonly returnRefClass: string | null;
  readonly returnEmbeddedInstance: string | null;
  readonly qualifiers: Qualifiers;
  /** The return ValueMap/Values as an enum, when present. */
  readonly returnEnum: EnumModel | null;
  readonly parameters: readonly ParameterModel[];
  readonly classOrigin: string;
  readonly propagated: boolean;
}

export interface InstanceModel {
  readonly className: string;
  readonly alias: string | null;
  /** Qualifiers written on the instance (`[DYNPROPS]`). */
  readonly qualifiers: Qualifiers;
  /** The values given; a property given only qualifiers (a WMI dynamic property) has none. */
  readonly properties: Readonly<Record<string, ModelValue>>;
  /** Qualifiers written on the instance's properties, by property name (only those that have some). */
  readonly propertyQualifiers: Readonly<Record<string, Qualifiers>>;
}

export interface ClassModel {
  readonly name: string;
  readonly superclass: string | null;
  /** Superclass chain, nearest first. */
  readonly ancestors: readonly string[];
  readonly isAssociation: boolean;
  readonly isIndication: boolean;
  readonly isAbstract: boolean;
  readonly qualifiers: Qualifiers;
  /** Names of key properties (flattened), in declaration order. */
  readonly keys: readonly string[];
  /** Flattened: inherited members first in ancestor declaration order, then own members. */
  readonly properties: readonly PropertyModel[];
  readonly methods: readonly MethodModel[];
  readonly instances: readonly InstanceModel[];
  /** Per-locale amended qualifiers (Microsoft `.mfl`), e.g. `{ "0x409": { class: {...}, properties: { Name: {...} }, methods: {...} } }`. */
  readonly amendments: Readonly<Record<string, AmendedQualifiers>>;
}

export interface AmendedQualifiers {
  readonly class: Qualifiers;
  readonly properties: Readonly<Record<string, Qualifiers>>;
  readonly methods: Readonly<Record<string, { readonly qualifiers: Qualifiers; readonly parameters: Readonly<Record<string, Qualifiers>> }>>;
}

export interface NamespaceModel {
  /** `/`-separated, e.g. `root/virtualization/v2`. */
  readonly name: string;
  readonly qualifierTypes: readonly QualifierType[];
  /** Sorted by name. */
  readonly classes: readonly ClassModel[];
  /** Locale of a localized namespace (`ms_409` → `0x409`), else null. */
  readonly locale: string | null;
}

export interface Repository {
  /** Sorted by name. */
  readonly namespaces: readonly NamespaceModel[];
}

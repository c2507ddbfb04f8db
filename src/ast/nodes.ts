/**
 * The MOF abstract syntax tree. One tree per source file; every node carries
 * the span it was read from. Literal values are already decoded: integers are
 * exact (`bigint`), strings are unescaped and adjacent strings concatenated.
 *
 * The tree says what the text says and nothing more: names are spelled as
 * written, nothing is resolved. Resolution is the schema model's job.
 */
import type { CimPrimitiveType } from '@mofc/runtime';
import type { Span } from '../diagnostics/diagnostic.js';

interface NodeBase {
  readonly span: Span;
}

/** A name as written, with its own span (for precise diagnostics on names). */
export interface Identifier extends NodeBase {
  readonly kind: 'Identifier';
  readonly name: string;
}

// ---------------------------------------------------------------------------
// Files and statements

export interface MofFile extends NodeBase {
  readonly kind: 'MofFile';
  /** Path of the file as it was opened (the same string spans carry). */
  readonly path: string;
  readonly statements: readonly Statement[];
  /**
   * First lines of the string literals that run onto a later line (mofcomp
   * accepts them; DSP0004 does not): the model reports them in the DMTF
   * dialect. Absent when there are none.
   */
  readonly multiLineStrings?: readonly Span[];
}

export type Statement =
  | IncludePragma
  | Pragma
  | QualifierDeclaration
  | ClassDeclaration
  | InstanceDeclaration;

/**
 * `#pragma include("file")` or Microsoft's `#include("file")`, as written. Which
 * file it names is the source loader's answer (`Program.includes`), not the tree's.
 */
export interface IncludePragma extends NodeBase {
  readonly kind: 'IncludePragma';
  readonly path: string;
}

/**
 * Every pragma other than include, kept with its arguments:
 * `locale`, `namespace`, `classflags`, `deleteclass`, `deleteinstance`,
 * `instanceflags`, `amendment`, `autorecover`, `instancelocale`, `nonlocal`,
 * `nonlocaltype`, `source`, and unknown ones (which the parser warns about).
 */
export interface Pragma extends NodeBase {
  readonly kind: 'Pragma';
  /** Lower-cased pragma name (`namespace`, `classflags`, …). */
  readonly name: string;
  readonly nameSpan: Span;
  /** Arguments in order; `autorecover` has none. Strings are decoded. */
  readonly arguments: readonly PragmaArgument[];
}

export type PragmaArgument = StringValue | IntegerValue | IdentifierValue;

/** Pragmas every dialect knows, besides `include` (which is its own node). */
export type DmtfPragmaName = 'locale' | 'namespace';

/** Pragmas that mark an input as Microsoft (mofcomp) MOF: the one home of the list, which dialect detection is keyed by. */
export type MicrosoftPragmaName =
  | 'classflags'
  | 'deleteclass'
  | 'deleteinstance'
  | 'instanceflags'
  | 'amendment'
  | 'autorecover'
  | 'instancelocale'
  | 'nonlocal'
  | 'nonlocaltype'
  | 'source';

/** A bare word used as a pragma argument, e.g. `NOFAIL` in `deleteclass("X", NOFAIL)`. */
export interface IdentifierValue extends NodeBase {
  readonly kind: 'IdentifierValue';
  readonly name: string;
}

// ---------------------------------------------------------------------------
// Qualifiers

/** Flavors DSP0004 2.x defines. */
export type DmtfFlavorName = 'EnableOverride' | 'DisableOverride' | 'Restricted' | 'ToSubclass' | 'Translatable' | 'ToInstance';

/** Flavors only Microsoft's mofcomp knows (the one home of the list; the model derives its checks from it). */
export type MicrosoftFlavorName = 'Amended' | 'NotToInstance' | 'NotToSubclass';

export type FlavorName = DmtfFlavorName | MicrosoftFlavorName;

export interface Flavor extends NodeBase {
  readonly kind: 'Flavor';
  readonly name: FlavorName;
}

export type ScopeName =
  | 'schema'
  | 'class'
  | 'association'
  | 'indication'
  | 'qualifier'
  | 'property'
  | 'reference'
  | 'method'
  | 'parameter'
  | 'instance'
  | 'any';

export interface Scope extends NodeBase {
  readonly kind: 'Scope';
  readonly name: ScopeName;
}

/** One qualifier in a `[...]` list: `Key`, `Description("x") : Amended`, `ValueMap {"0", "1"}`. */
export interface Qualifier extends NodeBase {
  readonly kind: 'Qualifier';
  readonly name: Identifier;
  /** Absent for `[Key]`-style qualifiers (the value is then implied `true` for boolean qualifiers). */
  readonly value?: Value;
  readonly flavors: readonly Flavor[];
}

/**
 * `Qualifier Name : type [= default], Scope(...) [, Flavor(...)];`
 * Microsoft's flavor-only form (`qualifier Description : Amended;`) has no type.
 */
export interface QualifierDeclaration extends NodeBase {
  readonly kind: 'QualifierDeclaration';
  readonly name: Identifier;
  /** Absent in the Microsoft flavor-only form. */
  readonly type?: PrimitiveTypeName;
  readonly isArray: boolean;
  /** Fixed array size, `uint32 X[4]`. */
  readonly arraySize?: number;
  readonly defaultValue?: Value;
  readonly scopes: readonly Scope[];
  readonly flavors: readonly Flavor[];
}

// ---------------------------------------------------------------------------
// Types

/** A CIM intrinsic type name; the list's one home is the runtime's `CimPrimitiveType`. */
export type PrimitiveTypeName = CimPrimitiveType;

/**
 * The declared type of a property, parameter or method return:
 * - `Primitive`: one of the CIM intrinsic types;
 * - `Reference`: `ClassName REF` (DMTF), and Microsoft's `object ref` (className `object`);
 * - `Object`: Microsoft's `object` (an embedded object of any class);
 * - `ClassType`: Microsoft's strongly typed embedded object, a class name used as the type.
 */
export type DataType = PrimitiveType | ReferenceType | ObjectType | ClassType;

export interface PrimitiveType extends NodeBase {
  readonly kind: 'PrimitiveType';
  readonly name: PrimitiveTypeName;
}

export interface ReferenceType extends NodeBase {
  readonly kind: 'ReferenceType';
  /** The referenced class; `object` for Microsoft's untyped `object ref`. */
  readonly className: Identifier;
}

export interface ObjectType extends NodeBase {
  readonly kind: 'ObjectType';
}

export interface ClassType extends NodeBase {
  readonly kind: 'ClassType';
  readonly className: Identifier;
}

/** `[]` (variable) or `[N]` (fixed) after a name. */
export interface ArraySpec extends NodeBase {
  readonly kind: 'ArraySpec';
  readonly size?: number;
}

// ---------------------------------------------------------------------------
// Classes

export interface ClassDeclaration extends NodeBase {
  readonly kind: 'ClassDeclaration';
  readonly qualifiers: readonly Qualifier[];
  readonly name: Identifier;
  /**
   * Set when the class was declared with DSP0221's `association X` or
   * `indication X` keyword instead of `class X`; absent for `class`.
   */
  readonly declaredAs?: 'association' | 'indication';
  /** `class X as $Alias` (DSP0004 2.x allows an alias on classes). */
  readonly alias?: Identifier;
  readonly superclass?: Identifier;
  readonly members: readonly ClassMember[];
}

export type ClassMember = PropertyDeclaration | MethodDeclaration;

/** A property or a reference (`CIM_X REF Name`): references are properties whose type is a `ReferenceType`. */
export interface PropertyDeclaration extends NodeBase {
  readonly kind: 'PropertyDeclaration';
  readonly qualifiers: readonly Qualifier[];
  readonly type: DataType;
  readonly name: Identifier;
  readonly array?: ArraySpec;
  readonly defaultValue?: Value;
}

export interface MethodDeclaration extends NodeBase {
  readonly kind: 'MethodDeclaration';
  readonly qualifiers: readonly Qualifier[];
  /** `undefined` for Microsoft's `void` methods. */
  readonly returnType?: DataType;
  /** MOF v3 allows array returns; v2 does not, but we keep what was written. */
  readonly returnArray?: ArraySpec;
  readonly name: Identifier;
  readonly parameters: readonly ParameterDeclaration[];
}

export interface ParameterDeclaration extends NodeBase {
  readonly kind: 'ParameterDeclaration';
  readonly qualifiers: readonly Qualifier[];
  readonly type: DataType;
  readonly name: Identifier;
  readonly array?: ArraySpec;
  /** Microsoft extension: `[In] uint32 Timeout = 30`. */
  readonly defaultValue?: Value;
}

// ---------------------------------------------------------------------------
// Instances

/** `[qualifiers] instance of ClassName [as $Alias] { Prop = value; ... };` */
export interface InstanceDeclaration extends NodeBase {
  readonly kind: 'InstanceDeclaration';
  readonly qualifiers: readonly Qualifier[];
  readonly className: Identifier;
  readonly alias?: Identifier;
  readonly properties: readonly PropertyAssignment[];
}

export interface PropertyAssignment extends NodeBase {
  readonly kind: 'PropertyAssignment';
  readonly qualifiers: readonly Qualifier[];
  readonly name: Identifier;
  /**
   * Absent for a property given only qualifiers (Microsoft: WMI's dynamic
   * properties, `[PropertyContext("…"), Dynamic, Provider("RegPropProv")] Value;`
   * in a `[DYNPROPS]` instance), whose value a provider supplies.
   */
  readonly value?: Value;
}

// ---------------------------------------------------------------------------
// Values

export type Value =
  | IntegerValue
  | RealValue
  | StringValue
  | Char16Value
  | BooleanValue
  | NullValue
  | ArrayValue
  | AliasValue
  | InstanceValue;

export interface IntegerValue extends NodeBase {
  readonly kind: 'IntegerValue';
  /** Exact value (decimal, hex `0x1F`, octal `017`, binary `101b`). */
  readonly value: bigint;
  /** The literal as written, e.g. `0x1F`. */
  readonly text: string;
}

export interface RealValue extends NodeBase {
  readonly kind: 'RealValue';
  readonly value: number;
  readonly text: string;
}

/** One or more adjacent string literals, unescaped and concatenated. Object paths are strings too. */
export interface StringValue extends NodeBase {
  readonly kind: 'StringValue';
  readonly value: string;
}

export interface Char16Value extends NodeBase {
  readonly kind: 'Char16Value';
  /** Exactly one UTF-16 code unit. */
  readonly value: string;
}

export interface BooleanValue extends NodeBase {
  readonly kind: 'BooleanValue';
  readonly value: boolean;
}

export interface NullValue extends NodeBase {
  readonly kind: 'NullValue';
}

/** `{ v1, v2 }` in values, and also the `(v1, v2)` / `{..}` qualifier array forms. */
export interface ArrayValue extends NodeBase {
  readonly kind: 'ArrayValue';
  readonly elements: readonly Value[];
}

/** `$Alias` used as a value (a reference to an aliased instance). */
export interface AliasValue extends NodeBase {
  readonly kind: 'AliasValue';
  /** Alias name without the `$`. */
  readonly name: string;
}

/** Microsoft extension: an inline `instance of X { ... }` as the value of an embedded object. */
export interface InstanceValue extends NodeBase {
  readonly kind: 'InstanceValue';
  readonly instance: InstanceDeclaration;
}

export type Node =
  | Identifier
  | MofFile
  | Statement
  | IdentifierValue
  | Flavor
  | Scope
  | Qualifier
  | DataType
  | ArraySpec
  | ClassMember
  | ParameterDeclaration
  | PropertyAssignment
  | Value;

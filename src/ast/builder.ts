/**
 * Builds AST nodes from tokens for the parser's embedded actions: spans,
 * decoded literals, data types, flavors and scopes, and the diagnostics that
 * come up while doing so. The grammar decides what is there; this decides what
 * it means as a node.
 */
import type { IToken, TokenType } from 'chevrotain';
import { createDiagnostic, type Diagnostic, type DiagnosticDefinition, type Span } from '../diagnostics/diagnostic.js';
import { lexicalDiagnostics } from '../diagnostics/codes/lexical.js';
import { syntaxDiagnostics } from '../diagnostics/codes/syntax.js';
import type { SourceFile } from '../source/source-file.js';
import { describeFound, MultiLineStringLiteral, UnterminatedChar16Literal, UnterminatedStringLiteral } from '../../grammars/mof/tokens.js';
import { decodeNumber, unescape } from './literals.js';
import type {
  AliasValue,
  ArraySpec,
  ArrayValue,
  BooleanValue,
  Char16Value,
  ClassDeclaration,
  ClassMember,
  DataType,
  DmtfPragmaName,
  Flavor,
  FlavorName,
  Identifier,
  IdentifierValue,
  IncludePragma,
  InstanceDeclaration,
  InstanceValue,
  IntegerValue,
  MethodDeclaration,
  MicrosoftPragmaName,
  NullValue,
  ParameterDeclaration,
  Pragma,
  PragmaArgument,
  PrimitiveTypeName,
  PropertyAssignment,
  PropertyDeclaration,
  Qualifier,
  QualifierDeclaration,
  RealValue,
  Scope,
  ScopeName,
  StringValue,
  Value,
} from './nodes.js';

/**
 * Every name of a union, each once: a record keyed by the union must list them
 * all and nothing else, so a name added to the type (the runtime's
 * `CimPrimitiveType`, the AST's `FlavorName`) cannot be missed here.
 */
function allOf<T extends string>(names: Record<T, true>): T[] {
  return Object.keys(names) as T[];
}

/** Flavor names by lower case (flavors are matched ignoring case). */
const FLAVORS: ReadonlyMap<string, FlavorName> = new Map(
  allOf<FlavorName>({
    EnableOverride: true,
    DisableOverride: true,
    Restricted: true,
    ToSubclass: true,
    Translatable: true,
    ToInstance: true,
    Amended: true,
    NotToInstance: true,
    NotToSubclass: true,
  }).map((name) => [name.toLowerCase(), name]),
);

const SCOPES: ReadonlySet<string> = new Set(
  allOf<ScopeName>({
    schema: true,
    class: true,
    association: true,
    indication: true,
    qualifier: true,
    property: true,
    reference: true,
    method: true,
    parameter: true,
    instance: true,
    any: true,
  }),
);

const PRIMITIVE_TYPES: ReadonlySet<string> = new Set(
  allOf<PrimitiveTypeName>({
    boolean: true,
    string: true,
    char16: true,
    datetime: true,
    uint8: true,
    sint8: true,
    uint16: true,
    sint16: true,
    uint32: true,
    sint32: true,
    uint64: true,
    sint64: true,
    real32: true,
    real64: true,
  }),
);

/** Pragmas mofc knows (DMTF and mofcomp); any other name is kept with a warning. */
const KNOWN_PRAGMAS: ReadonlySet<string> = new Set(
  allOf<DmtfPragmaName | MicrosoftPragmaName>({
    locale: true,
    namespace: true,
    classflags: true,
    deleteclass: true,
    deleteinstance: true,
    instanceflags: true,
    amendment: true,
    autorecover: true,
    instancelocale: true,
    nonlocal: true,
    nonlocaltype: true,
    source: true,
  }),
);

function end(token: IToken): number {
  return token.startOffset + token.image.length;
}

export class AstBuilder {
  readonly diagnostics: Diagnostic[] = [];
  /** String literals that run past their line (mofcomp's form), for the model's dialect check. */
  readonly multiLineStrings: Span[] = [];

  constructor(readonly source: SourceFile) {}

  // -------------------------------------------------------------------------
  // Spans and diagnostics

  /** The span of `first` through `last`; chevrotain's EOF token (NaN offset) stands for the end of the text. */
  span(first: IToken, last: IToken = first): Span {
    const length = this.source.text.length;
    const start = Number.isNaN(first.startOffset) ? length : first.startOffset;
    return this.source.span(start, Number.isNaN(last.startOffset) ? length : end(last));
  }

  /** Span starting at the start of a node already built and ending with `last`. */
  spanFrom(start: Span, last: IToken): Span {
    return this.source.span(start.start.offset, end(last));
  }

  report(definition: DiagnosticDefinition, span: Span, args: readonly (string | number)[] = []): void {
    this.diagnostics.push(createDiagnostic(definition, span, args));
  }

  // -------------------------------------------------------------------------
  // Names

  identifier(token: IToken): Identifier {
    return { kind: 'Identifier', name: token.image, span: this.span(token) };
  }

  /** `$Name` declared with `as`: the name without `$`, spanning the whole token. */
  aliasName(token: IToken): Identifier {
    return { kind: 'Identifier', name: token.image.slice(1), span: this.span(token) };
  }

  // -------------------------------------------------------------------------
  // Values

  number(token: IToken): IntegerValue | RealValue {
    const text = token.image;
    const decoded = decodeNumber(text);
    const span = this.span(token);
    if (decoded.kind === 'real') return { kind: 'RealValue', value: decoded.value, text, span };
    if (decoded.kind === 'integer') return { kind: 'IntegerValue', value: decoded.value, text, span };
    this.report(lexicalDiagnostics.invalidNumber, span, [text]);
    return { kind: 'IntegerValue', value: 0n, text, span };
  }

  /**
   * Adjacent string literals, the first `count` of `tokens` (the parser reuses
   * one array), concatenated into one value. A literal spanning lines keeps its line breaks.
   */
  string(tokens: readonly IToken[], count = tokens.length): StringValue {
    const first = tokens[0]!;
    let value: string;
    // Most values are one literal: no array for them.
    if (count === 1) value = this.stringLiteral(first);
    else {
      const parts: string[] = new Array(count);
      for (let i = 0; i < count; i++) parts[i] = this.stringLiteral(tokens[i]!);
      value = parts.join('');
    }
    return { kind: 'StringValue', value, span: this.span(first, tokens[count - 1]) };
  }

  private stringLiteral(token: IToken): string {
    if (token.tokenType === MultiLineStringLiteral) this.multiLineString(token);
    return this.unescapeQuoted(token, UnterminatedStringLiteral, lexicalDiagnostics.unterminatedString);
  }

  /** Reported on the literal's first line, where the closing quote is missing. */
  private multiLineString(token: IToken): void {
    const firstBreak = token.image.search(/[\r\n]/);
    const span = this.source.span(token.startOffset, token.startOffset + firstBreak);
    this.multiLineStrings.push(span);
    this.report(lexicalDiagnostics.lineBreakInString, span);
  }

  char16(token: IToken): Char16Value {
    const value = this.unescapeQuoted(token, UnterminatedChar16Literal, lexicalDiagnostics.unterminatedChar16);
    const span = this.span(token);
    if (value.length !== 1 && token.tokenType !== UnterminatedChar16Literal) {
      this.report(lexicalDiagnostics.char16Length, span, [value.length === 0 ? 'none' : `${value.length}`]);
    }
    return { kind: 'Char16Value', value, span };
  }

  private unescapeQuoted(token: IToken, unterminated: TokenType, problem: DiagnosticDefinition): string {
    const text = token.image;
    const isUnterminated = token.tokenType === unterminated;
    if (isUnterminated) this.report(problem, this.span(token));
    const decoded = unescape(text, 1, isUnterminated ? text.length : text.length - 1);
    for (const bad of decoded.problems) {
      const start = token.startOffset + bad.offset;
      this.report(lexicalDiagnostics.invalidEscape, this.source.span(start, start + bad.length), [
        text.slice(bad.offset, bad.offset + bad.length),
      ]);
    }
    return decoded.value;
  }

  boolean(token: IToken, value: boolean): BooleanValue {
    return { kind: 'BooleanValue', value, span: this.span(token) };
  }

  null(token: IToken): NullValue {
    return { kind: 'NullValue', span: this.span(token) };
  }

  aliasValue(token: IToken): AliasValue {
    return { kind: 'AliasValue', name: token.image.slice(1), span: this.span(token) };
  }

  array(open: IToken, elements: readonly Value[], close: IToken): ArrayValue {
    return { kind: 'ArrayValue', elements, span: this.span(open, close) };
  }

  /** A qualifier's `(v)` parameter is `v` itself; `(v1, v2)` is an array spanning the parentheses. */
  parenthesizedValue(open: IToken, values: readonly Value[], close: IToken): Value {
    return values.length === 1 ? values[0]! : this.array(open, values, close);
  }

  instanceValue(instance: InstanceDeclaration): InstanceValue {
    return { kind: 'InstanceValue', instance, span: instance.span };
  }

  /** A number as a pragma argument: only integers are meaningful there. */
  pragmaNumber(token: IToken): IntegerValue {
    const number = this.number(token);
    if (number.kind === 'IntegerValue') return number;
    this.report(syntaxDiagnostics.unexpectedToken, number.span, ['a string, an integer or a name', describeFound(token)]);
    return { kind: 'IntegerValue', value: 0n, text: number.text, span: number.span };
  }

  identifierValue(token: IToken): IdentifierValue {
    return { kind: 'IdentifierValue', name: token.image, span: this.span(token) };
  }

  // -------------------------------------------------------------------------
  // Qualifiers

  /** A flavor name; unknown names are reported and left out. */
  flavor(token: IToken): Flavor | undefined {
    const name = FLAVORS.get(token.image.toLowerCase());
    if (name === undefined) {
      this.report(syntaxDiagnostics.unknownFlavor, this.span(token), [token.image]);
      return undefined;
    }
    return { kind: 'Flavor', name, span: this.span(token) };
  }

  /** A scope name; unknown names are reported and left out. */
  scope(token: IToken): Scope | undefined {
    const name = token.image.toLowerCase();
    if (!SCOPES.has(name)) {
      this.report(syntaxDiagnostics.unknownScope, this.span(token), [token.image]);
      return undefined;
    }
    return { kind: 'Scope', name: name as ScopeName, span: this.span(token) };
  }

  qualifier(name: IToken, value: Value | undefined, flavors: readonly Flavor[], last: IToken): Qualifier {
    const identifier = this.identifier(name);
    const span = this.span(name, last);
    // One literal per shape, rather than adding `value` afterwards: an added
    // property costs the node a second allocation (DMTF's schema has ≈27k qualifiers with a value).
    if (value === undefined) return { kind: 'Qualifier', name: identifier, flavors, span };
    return { kind: 'Qualifier', name: identifier, flavors, span, value };
  }

  /** `Qualifier Name : type[n] = default, Scope(...), Flavor(...);` */
  qualifierDeclaration(
    keyword: IToken,
    name: IToken,
    type: IToken,
    array: ArraySpec | undefined,
    defaultValue: Value | undefined,
    scopes: readonly Scope[],
    flavors: readonly Flavor[],
    semicolon: IToken,
  ): QualifierDeclaration {
    const declaration: { -readonly [K in keyof QualifierDeclaration]: QualifierDeclaration[K] } = {
      kind: 'QualifierDeclaration',
      name: this.identifier(name),
      isArray: array !== undefined,
      scopes,
      flavors,
      span: this.span(keyword, semicolon),
    };
    const typeName = type.image.toLowerCase();
    if (PRIMITIVE_TYPES.has(typeName)) declaration.type = typeName as PrimitiveTypeName;
    else this.report(syntaxDiagnostics.unexpectedToken, this.span(type), ['a qualifier type', describeFound(type)]);
    if (array?.size !== undefined) declaration.arraySize = array.size;
    if (defaultValue !== undefined) declaration.defaultValue = defaultValue;
    return declaration;
  }

  /** Microsoft's `qualifier Name : Amended;`, which only sets flavors. */
  flavorOnlyQualifierDeclaration(keyword: IToken, name: IToken, flavors: readonly Flavor[], semicolon: IToken): QualifierDeclaration {
    return {
      kind: 'QualifierDeclaration',
      name: this.identifier(name),
      isArray: false,
      scopes: [],
      flavors,
      span: this.span(keyword, semicolon),
    };
  }

  // -------------------------------------------------------------------------
  // Types

  /**
   * The type named by `typeName` (and `REF` if present): a CIM primitive, a
   * reference, Microsoft's `object`, or a class name used as an embedded
   * object type.
   */
  dataType(typeName: IToken, ref: IToken | undefined): DataType {
    if (ref !== undefined) {
      return { kind: 'ReferenceType', className: this.identifier(typeName), span: this.span(typeName, ref) };
    }
    const name = typeName.image.toLowerCase();
    const span = this.span(typeName);
    if (PRIMITIVE_TYPES.has(name)) return { kind: 'PrimitiveType', name: name as PrimitiveTypeName, span };
    if (name === 'object') return { kind: 'ObjectType', span };
    if (name === 'void') this.report(syntaxDiagnostics.voidNotAllowed, span);
    return { kind: 'ClassType', className: this.identifier(typeName), span };
  }

  /** A method's return type; `undefined` for `void`. */
  returnType(typeName: IToken, ref: IToken | undefined): DataType | undefined {
    if (ref === undefined && typeName.image.toLowerCase() === 'void') return undefined;
    return this.dataType(typeName, ref);
  }

  arraySpec(open: IToken, size: IToken | undefined, close: IToken): ArraySpec {
    const spec: { -readonly [K in keyof ArraySpec]: ArraySpec[K] } = { kind: 'ArraySpec', span: this.span(open, close) };
    if (size !== undefined) {
      const decoded = decodeNumber(size.image);
      if (decoded.kind === 'integer' && decoded.value >= 0n && decoded.value <= BigInt(Number.MAX_SAFE_INTEGER)) {
        spec.size = Number(decoded.value);
      } else {
        this.report(syntaxDiagnostics.invalidArraySize, this.span(size), [size.image]);
      }
    }
    return spec;
  }

  // -------------------------------------------------------------------------
  // Classes

  classDeclaration(
    qualifiers: readonly Qualifier[],
    first: IToken,
    keyword: IToken,
    name: IToken,
    alias: IToken | undefined,
    superclass: IToken | undefined,
    members: readonly ClassMember[],
    semicolon: IToken,
  ): ClassDeclaration {
    const declaration: { -readonly [K in keyof ClassDeclaration]: ClassDeclaration[K] } = {
      kind: 'ClassDeclaration',
      qualifiers,
      name: this.identifier(name),
      members,
      span: this.span(first, semicolon),
    };
    const declaredAs = keyword.image.toLowerCase();
    if (declaredAs === 'association' || declaredAs === 'indication') declaration.declaredAs = declaredAs;
    if (alias !== undefined) declaration.alias = this.aliasName(alias);
    if (superclass !== undefined) declaration.superclass = this.identifier(superclass);
    return declaration;
  }

  property(
    qualifiers: readonly Qualifier[],
    first: IToken,
    type: DataType,
    name: IToken,
    array: ArraySpec | undefined,
    defaultValue: Value | undefined,
    semicolon: IToken,
  ): PropertyDeclaration {
    const property: { -readonly [K in keyof PropertyDeclaration]: PropertyDeclaration[K] } = {
      kind: 'PropertyDeclaration',
      qualifiers,
      type,
      name: this.identifier(name),
      span: this.span(first, semicolon),
    };
    if (array !== undefined) property.array = array;
    if (defaultValue !== undefined) property.defaultValue = defaultValue;
    return property;
  }

  method(
    qualifiers: readonly Qualifier[],
    first: IToken,
    returnType: DataType | undefined,
    name: IToken,
    parameters: readonly ParameterDeclaration[],
    semicolon: IToken,
  ): MethodDeclaration {
    const identifier = this.identifier(name);
    const span = this.span(first, semicolon);
    // One literal per shape (see `qualifier`).
    if (returnType === undefined) return { kind: 'MethodDeclaration', qualifiers, name: identifier, parameters, span };
    return { kind: 'MethodDeclaration', qualifiers, name: identifier, parameters, span, returnType };
  }

  parameter(
    qualifiers: readonly Qualifier[],
    first: IToken,
    type: DataType,
    name: IToken,
    array: ArraySpec | undefined,
    defaultValue: Value | undefined,
    last: IToken,
  ): ParameterDeclaration {
    const parameter: { -readonly [K in keyof ParameterDeclaration]: ParameterDeclaration[K] } = {
      kind: 'ParameterDeclaration',
      qualifiers,
      type,
      name: this.identifier(name),
      span: this.span(first, last),
    };
    if (array !== undefined) parameter.array = array;
    if (defaultValue !== undefined) parameter.defaultValue = defaultValue;
    return parameter;
  }

  // -------------------------------------------------------------------------
  // Instances

  instance(
    qualifiers: readonly Qualifier[],
    first: IToken,
    className: IToken,
    alias: IToken | undefined,
    properties: readonly PropertyAssignment[],
    last: IToken,
  ): InstanceDeclaration {
    const instance: { -readonly [K in keyof InstanceDeclaration]: InstanceDeclaration[K] } = {
      kind: 'InstanceDeclaration',
      qualifiers,
      className: this.identifier(className),
      properties,
      span: this.span(first, last),
    };
    if (alias !== undefined) instance.alias = this.aliasName(alias);
    return instance;
  }

  /** An instance declared as a statement: its span takes in the closing `;`. */
  withTerminator(instance: InstanceDeclaration, semicolon: IToken): InstanceDeclaration {
    return { ...instance, span: this.spanFrom(instance.span, semicolon) };
  }

  /** `value` undefined: a WMI dynamic property, `[Dynamic, …] Name;`. */
  propertyAssignment(
    qualifiers: readonly Qualifier[],
    first: IToken,
    name: IToken,
    value: Value | undefined,
    semicolon: IToken,
  ): PropertyAssignment {
    return {
      kind: 'PropertyAssignment',
      qualifiers,
      name: this.identifier(name),
      ...(value === undefined ? {} : { value }),
      span: this.span(first, semicolon),
    };
  }

  // -------------------------------------------------------------------------
  // Pragmas

  /**
   * `#pragma name(args)`: `include` becomes an `IncludePragma` (one string
   * argument); other names a `Pragma`, with a warning when mofc does not know them.
   */
  pragma(directive: IToken, name: IToken, args: readonly PragmaArgument[], last: IToken): Pragma | IncludePragma | undefined {
    const lowerName = name.image.toLowerCase();
    const span = this.span(directive, last);
    if (lowerName === 'include') return this.include(span, args);
    if (!KNOWN_PRAGMAS.has(lowerName)) this.report(syntaxDiagnostics.unknownPragma, this.span(name), [name.image]);
    return { kind: 'Pragma', name: lowerName, nameSpan: this.span(name), arguments: args, span };
  }

  /** Microsoft's `#include("file")`. */
  includeDirective(directive: IToken, args: readonly PragmaArgument[], last: IToken): IncludePragma | undefined {
    return this.include(this.span(directive, last), args);
  }

  private include(span: Span, args: readonly PragmaArgument[]): IncludePragma | undefined {
    const [file] = args;
    if (args.length !== 1 || file?.kind !== 'StringValue') {
      this.report(syntaxDiagnostics.includeArgument, span);
      return undefined;
    }
    return { kind: 'IncludePragma', path: file.value, span };
  }
}

/**
 * The MOF grammar (DSP0004 2.x and Microsoft's mofcomp dialect) as a
 * Chevrotain parser with embedded actions: rules hand tokens to an
 * `AstBuilder`, which makes the nodes, so no CST is ever built.
 *
 * Error recovery is our own rather than Chevrotain's: a statement that fails
 * reports one diagnostic, is dropped, and parsing resumes at the next
 * statement start. Chevrotain's single-token insertion/deletion would keep
 * half-built nodes and report follow-on errors for one mistake.
 */
import {
  EmbeddedActionsParser,
  EOF,
  isRecognitionException,
  tokenMatcher,
  type ILookaheadStrategy,
  type IOrAlt,
  type IParserErrorMessageProvider,
  type IToken,
  type TokenType,
} from 'chevrotain';
import type { AstBuilder } from '../../src/ast/builder.js';
import { syntaxDiagnostics } from '../../src/diagnostics/codes/syntax.js';
import type { DiagnosticDefinition } from '../../src/diagnostics/diagnostic.js';
import type {
  ArraySpec,
  ClassDeclaration,
  ClassMember,
  Flavor,
  IncludePragma,
  InstanceDeclaration,
  ParameterDeclaration,
  Pragma,
  PragmaArgument,
  PropertyAssignment,
  Qualifier,
  QualifierDeclaration,
  Scope,
  Statement,
  Value,
} from '../../src/ast/nodes.js';
import {
  AliasIdentifier,
  AnyToken,
  As,
  Association,
  Char16Literal,
  Class,
  Colon,
  Comma,
  describeFound,
  Enumeration,
  Equals,
  False,
  Flavor as FlavorKeyword,
  Identifier,
  IncludeDirective,
  Indication,
  Instance,
  LCurly,
  LParen,
  LSquare,
  Null,
  NumberLiteral,
  Of,
  parserTokens,
  PragmaDirective,
  Qualifier as QualifierKeyword,
  RCurly,
  Ref,
  RParen,
  RSquare,
  Scope as ScopeKeyword,
  Semicolon,
  SkippedToken,
  StringLiteral,
  Structure,
  True,
  UnknownDirective,
  Value as ValueKeyword,
} from './tokens.js';
import { LazyLookaheadStrategy } from './lazy-lookahead.js';

/** A syntax error as Chevrotain describes it, held until the failing statement is abandoned. */
interface PendingSyntaxError {
  readonly definition: DiagnosticDefinition;
  readonly args: readonly string[];
  readonly token: IToken;
}

/** What a rule expects, for "expected X, found Y" when none of its alternatives (or no first repetition) matched. */
const RULE_EXPECTATIONS: Readonly<Record<string, string>> = {
  declaration: "'class' or 'instance'",
  classMember: 'a property or method declaration',
  qualifierDeclaration: "'[', '=', ',' or ';'",
  qualifierList: 'a qualifier',
  qualifier: 'a flavor',
  flavorList: 'a flavor',
  scopeList: 'a scope',
  parenthesizedValues: 'a value',
  value: 'a value',
  pragmaArgument: 'a string, a number or a name',
};

/**
 * Turns Chevrotain's error callbacks into pending diagnostics. Chevrotain
 * wants a message string back; the structured form is what the parser keeps.
 */
class SyntaxErrorCollector implements IParserErrorMessageProvider {
  private pending: PendingSyntaxError | undefined;

  take(): PendingSyntaxError | undefined {
    const pending = this.pending;
    this.pending = undefined;
    return pending;
  }

  private hold(definition: DiagnosticDefinition, args: readonly string[], token: IToken): string {
    this.pending = { definition, args, token };
    return definition.message;
  }

  buildMismatchTokenMessage(options: { expected: TokenType; actual: IToken }): string {
    const found = describeFound(options.actual);
    if (options.expected === Semicolon) return this.hold(syntaxDiagnostics.expectedSemicolon, [found], options.actual);
    const expected = options.expected.LABEL ?? options.expected.name;
    return this.hold(syntaxDiagnostics.unexpectedToken, [expected, found], options.actual);
  }

  buildNotAllInputParsedMessage(options: { firstRedundant: IToken }): string {
    return this.hold(syntaxDiagnostics.expectedStatement, [describeFound(options.firstRedundant)], options.firstRedundant);
  }

  buildNoViableAltMessage(options: { actual: IToken[]; ruleName: string }): string {
    return this.expectedByRule(options.ruleName, options.actual[0]!);
  }

  buildEarlyExitMessage(options: { actual: IToken[]; ruleName: string }): string {
    return this.expectedByRule(options.ruleName, options.actual[0]!);
  }

  private expectedByRule(ruleName: string, actual: IToken): string {
    // After `type name`, whatever else could follow, a missing `;` is by far the likeliest mistake.
    if (ruleName === 'propertyOrMethod') return this.hold(syntaxDiagnostics.expectedSemicolon, [describeFound(actual)], actual);
    const expected = RULE_EXPECTATIONS[ruleName] ?? 'valid MOF';
    return this.hold(syntaxDiagnostics.unexpectedToken, [expected, describeFound(actual)], actual);
  }
}

/**
 * Items collected by the lists being parsed, the innermost list's on top: a
 * list notes the height when it begins and takes what is above it when it
 * ends. The storage is kept from list to list, so that collecting allocates
 * nothing once it has grown, and each list taken has its exact size.
 */
class ListStack<T> {
  private items: T[] = [];
  private top = 0;

  get height(): number {
    return this.top;
  }

  push(item: T): void {
    this.items[this.top++] = item;
  }

  /** The items above `base`, in order, removed from the stack. */
  takeFrom(base: number): T[] {
    const taken = this.items.slice(base, this.top);
    this.top = base;
    return taken;
  }

  /** Empties the stack, storage included (after a file or an abandoned statement), so that it holds on to no node. */
  clear(): void {
    this.items = [];
    this.top = 0;
  }
}

/** What a rule returns while Chevrotain records the grammar: there is no input then, so no node. */
const NOTHING_RECORDED = undefined as never;

/** Directives always begin a statement. */
const DIRECTIVES: ReadonlySet<TokenType> = new Set([PragmaDirective, IncludeDirective, UnknownDirective]);

/** Tokens that can begin a statement; recovery resumes at one of them. */
const STATEMENT_OPENERS: ReadonlySet<TokenType> = new Set([
  ...DIRECTIVES,
  QualifierKeyword,
  LSquare,
  Class,
  Association,
  Indication,
  Instance,
  Structure,
  Enumeration,
  ValueKeyword,
]);

const UNSUPPORTED_CONSTRUCTS: ReadonlyMap<TokenType, string> = new Map([
  [Structure, 'structure declarations'],
  [Enumeration, 'enumeration declarations'],
  [ValueKeyword, "value declarations ('value of')"],
]);

/**
 * Values and skipped blocks nest by recursion; input nested thousands deep
 * (never real MOF) runs out of stack, which must end in a diagnostic rather
 * than a crash.
 */
function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/** The part of Chevrotain's grammar recorder (a mixin of its parser, not in its API) that MofParser overrides. */
interface ChevrotainRecorder {
  enableRecording(): void;
  RECORDING_PHASE: boolean;
}
const recorder = EmbeddedActionsParser.prototype as unknown as ChevrotainRecorder;

export class MofParser extends EmbeddedActionsParser {
  private readonly errorCollector: SyntaxErrorCollector;
  private builder!: AstBuilder;
  /** Start offsets of the lexical errors (reported before parsing began), in order. */
  private lexicalErrorOffsets: readonly number[] = [];
  /** Diagnostics already reported when the current statement began: a broken statement reports one error, not a cascade. */
  private diagnosticsBeforeStatement = 0;

  // Rules run once per node of the input (DMTF's schema 2.49: ≈ 61k strings,
  // 31k qualifiers, 9k members and parameters), and what they allocate per
  // call, kept or not, costs much garbage-collection time. Hence, in the hot
  // rules: `RECORDING_PHASE` checks rather than `ACTION(() => …)` closures;
  // OR alternatives and OPTION / MANY bodies made once (fields) rather than
  // per call, capturing no local; lists collected on shared stacks (see
  // `ListStack`), which also gives each list its exact size.

  /**
   * The qualifiers and first token of the declaration or member being parsed,
   * for the rule that parses the rest: set just before the `OR` that chooses
   * that rule and read on its entry (cheaper than `ARGS`, two objects per call).
   */
  private prefixQualifiers: Qualifier[] = [];
  private prefixFirst: IToken | undefined;

  /**
   * `validate` runs Chevrotain's grammar checks (ambiguities, left recursion): for tests and development.
   * `lookahead` replaces the strategy that builds the lookahead functions, lazily by default (lazy-lookahead.ts):
   * tests compare the parse with Chevrotain's eager `LLkLookaheadStrategy`.
   */
  constructor(options: { validate?: boolean; lookahead?: ILookaheadStrategy } = {}) {
    const errorCollector = new SyntaxErrorCollector();
    // MOF is LL(1) once `REF` and nested MOF v3 declarations are gated (see refFollowsType, classMember).
    const maxLookahead = 1;
    super(parserTokens, {
      maxLookahead,
      lookaheadStrategy: options.lookahead ?? new LazyLookaheadStrategy({ maxLookahead }),
      recoveryEnabled: false,
      skipValidations: !options.validate,
      errorMessageProvider: errorCollector,
    });
    this.errorCollector = errorCollector;
    this.performSelfAnalysis();
  }

  /** The own properties Chevrotain's grammar recorder put on the parser, to be put back by `disableRecording`. */
  private recordingKeys: PropertyKey[] = [];

  /**
   * Chevrotain records the grammar by putting recording versions of the DSL
   * methods (`CONSUME`, `OR1`, …, about ninety) on the parser itself, and ends
   * by `delete`-ing them. Chevrotain has by then made the parser a prototype
   * object (for fast property access), and V8 makes each delete on a prototype
   * cost about 35 µs: 2.5–3.5 ms of every start, a tenth of what a one-class
   * `check` adds to Node's own start-up. Setting each one to the method the
   * delete would uncover, the prototype's, sends every later call where the
   * delete would, at no cost. These two methods override methods of Chevrotain's
   * recorder (11.x) that its API does not declare; test/grammar/parser.test.ts
   * checks that no recording method is left behind (decision 0033).
   */
  enableRecording(this: MofParser & ChevrotainRecorder): void {
    const before = new Set(Reflect.ownKeys(this));
    recorder.enableRecording.call(this);
    this.recordingKeys = Reflect.ownKeys(this).filter((key) => !before.has(key));
  }

  disableRecording(this: MofParser & ChevrotainRecorder): void {
    this.RECORDING_PHASE = false;
    const prototype = Object.getPrototypeOf(this) as Record<PropertyKey, unknown>;
    const self = this as unknown as Record<PropertyKey, unknown>;
    for (const key of this.recordingKeys) {
      if (key in prototype) self[key] = prototype[key];
      else delete self[key];
    }
    this.recordingKeys = [];
  }

  /**
   * Parses a whole file's tokens; AST nodes and diagnostics go through `builder`.
   * `lexicalErrorOffsets` (ascending) are where the lexer found errors, reported or
   * not, so that a statement holding one gets no syntax error on top.
   */
  parse(tokens: IToken[], builder: AstBuilder, lexicalErrorOffsets: readonly number[]): Statement[] {
    this.builder = builder;
    this.lexicalErrorOffsets = lexicalErrorOffsets;
    this.input = tokens;
    try {
      return this.mofFile();
    } finally {
      this.input = [];
      this.clearLists();
    }
  }

  // -------------------------------------------------------------------------
  // Statements

  private readonly mofFile = this.RULE('mofFile', (): Statement[] => {
    const statements: Statement[] = [];
    this.MANY(() => {
      const statement = this.SUBRULE(this.statement);
      if (statement !== undefined) statements.push(statement);
    });
    return statements;
  });

  private statementAlternatives: IOrAlt<Statement | undefined>[] | undefined;

  private readonly statement = this.RULE('statement', (): Statement | undefined => {
    const first = this.LA(1);
    if (!this.RECORDING_PHASE) this.diagnosticsBeforeStatement = this.builder.diagnostics.length;
    try {
      return this.OR(
        (this.statementAlternatives ??= [
          { ALT: () => this.SUBRULE(this.pragma) },
          { ALT: () => this.SUBRULE(this.qualifierDeclaration) },
          { ALT: () => this.SUBRULE(this.declaration) },
          // Anything else: one diagnostic, then skip to the next statement.
          { ALT: () => this.SUBRULE(this.strayToken), IGNORE_AMBIGUITIES: true },
        ]),
      );
    } catch (error) {
      if (isStackOverflow(error)) {
        const innermost = this.LA(1);
        this.builder.report(syntaxDiagnostics.nestingTooDeep, this.builder.span(innermost));
      } else if (!isRecognitionException(error as Error)) {
        throw error;
      }
      this.abandonStatement(first);
      this.clearLists();
      return undefined;
    }
  });

  private readonly strayToken = this.RULE('strayToken', (): undefined => {
    const token = this.CONSUME(AnyToken);
    if (this.RECORDING_PHASE) return undefined;
    this.builder.report(syntaxDiagnostics.expectedStatement, this.builder.span(token), [describeFound(token)]);
    this.skipToStatementStart(this.braceDepthSince(token));
    return undefined;
  });

  /** `[qualifiers] class ...`, `[qualifiers] instance of ...`, or a MOF v3 declaration (skipped). */
  private declarationAlternatives: IOrAlt<ClassDeclaration | InstanceDeclaration | undefined>[] | undefined;
  private readonly declaration = this.RULE('declaration', (): ClassDeclaration | InstanceDeclaration | undefined => {
    const first = this.LA(1);
    const qualifiers = this.OPTION(this.optionalQualifierList) ?? [];
    this.setPrefix(qualifiers, first);
    return this.OR(
      (this.declarationAlternatives ??= [
        { ALT: () => this.SUBRULE(this.classDeclaration) },
        { ALT: () => this.SUBRULE(this.instanceDeclaration) },
        { ALT: () => this.SUBRULE(this.unsupportedDeclaration) },
      ]),
    );
  });

  // -------------------------------------------------------------------------
  // Pragmas

  private pragmaAlternatives: IOrAlt<Pragma | IncludePragma | undefined>[] | undefined;
  private readonly pragma = this.RULE('pragma', (): Pragma | IncludePragma | undefined =>
    this.OR(
      (this.pragmaAlternatives ??= [
        {
          ALT: () => {
            const directive = this.CONSUME(PragmaDirective);
            const name = this.CONSUME(Identifier);
            const args = this.OPTION(() => this.SUBRULE(this.pragmaArguments)) ?? [];
            if (this.RECORDING_PHASE) return undefined;
            return this.builder.pragma(directive, name, args, this.LA(0));
          },
        },
        {
          ALT: () => {
            const directive = this.CONSUME(IncludeDirective);
            const args = this.SUBRULE2(this.pragmaArguments);
            if (this.RECORDING_PHASE) return undefined;
            return this.builder.includeDirective(directive, args, this.LA(0));
          },
        },
      ]),
    ),
  );

  private readonly pragmaArguments = this.RULE('pragmaArguments', (): PragmaArgument[] => {
    const args: PragmaArgument[] = [];
    this.CONSUME(LParen);
    this.MANY_SEP({ SEP: Comma, DEF: () => args.push(this.SUBRULE(this.pragmaArgument)) });
    this.CONSUME(RParen);
    return args;
  });

  private pragmaArgumentAlternatives: IOrAlt<PragmaArgument>[] | undefined;
  private readonly pragmaArgument = this.RULE('pragmaArgument', (): PragmaArgument =>
    this.OR(
      (this.pragmaArgumentAlternatives ??= [
        { ALT: () => this.SUBRULE(this.stringValue) },
        {
          ALT: () => {
            const token = this.CONSUME(NumberLiteral);
            return this.RECORDING_PHASE ? NOTHING_RECORDED : this.builder.pragmaNumber(token);
          },
        },
        {
          ALT: () => {
            const token = this.CONSUME(Identifier);
            return this.RECORDING_PHASE ? NOTHING_RECORDED : this.builder.identifierValue(token);
          },
        },
      ]),
    ),
  );

  // -------------------------------------------------------------------------
  // Qualifiers

  private readonly qualifierDeclaration = this.RULE('qualifierDeclaration', (): QualifierDeclaration | undefined => {
    const keyword = this.CONSUME(QualifierKeyword);
    const name = this.CONSUME(Identifier);
    this.CONSUME(Colon);
    // A type name, or (Microsoft's flavor-only form) the first flavor.
    const typeOrFlavor = this.CONSUME2(Identifier);
    return this.OR([
      {
        // A v3 `scope` right after the type would also read as a flavor name; it is not one.
        IGNORE_AMBIGUITIES: true,
        ALT: () => {
          const array = this.OPTION(this.optionalArraySpec);
          const defaultValue = this.OPTION2(this.optionalDefaultValue);
          return this.OR2([
            {
              ALT: () => {
                this.CONSUME(Comma);
                this.CONSUME(ScopeKeyword);
                const scopes = this.SUBRULE(this.scopeList);
                const flavors =
                  this.OPTION3(() => {
                    this.CONSUME2(Comma);
                    this.CONSUME(FlavorKeyword);
                    return this.SUBRULE(this.flavorList);
                  }) ?? [];
                const semicolon = this.CONSUME(Semicolon);
                return this.ACTION(() =>
                  this.builder.qualifierDeclaration(keyword, name, typeOrFlavor, array, defaultValue, scopes, flavors, semicolon),
                );
              },
            },
            {
              // MOF v3 writes `scope(...)` without a comma, and `policy(...)` for flavors.
              ALT: () => {
                this.CONSUME2(ScopeKeyword);
                this.ACTION(() => this.reportUnsupported(keyword, 'qualifier type declarations'));
                this.SUBRULE(this.skippedRest);
                return undefined;
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          const flavorTokens = [typeOrFlavor];
          this.MANY(() => flavorTokens.push(this.CONSUME3(Identifier)));
          const semicolon = this.CONSUME2(Semicolon);
          return this.ACTION(() =>
            this.builder.flavorOnlyQualifierDeclaration(keyword, name, this.flavors(flavorTokens), semicolon),
          );
        },
      },
    ]);
  });

  /** `(class, association, ...)` after `Scope`. */
  private readonly scopeList = this.RULE('scopeList', (): Scope[] => {
    const tokens: IToken[] = [];
    this.CONSUME(LParen);
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => tokens.push(this.CONSUME(Identifier)) });
    this.CONSUME(RParen);
    return this.ACTION(() => {
      const scopes: Scope[] = [];
      for (const token of tokens) {
        const scope = this.builder.scope(token);
        if (scope !== undefined) scopes.push(scope);
      }
      return scopes;
    });
  });

  /** `(EnableOverride, ToSubclass, ...)` after `Flavor`. */
  private readonly flavorList = this.RULE('flavorList', (): Flavor[] => {
    const tokens: IToken[] = [];
    this.CONSUME(LParen);
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => tokens.push(this.CONSUME(Identifier)) });
    this.CONSUME(RParen);
    return this.ACTION(() => this.flavors(tokens));
  });

  private readonly qualifierStack = new ListStack<Qualifier>();
  private readonly qualifierRepetition = {
    SEP: Comma,
    DEF: () => {
      this.qualifierStack.push(this.SUBRULE(this.qualifier));
    },
  };
  private readonly qualifierList = this.RULE('qualifierList', (): Qualifier[] => {
    const base = this.qualifierStack.height;
    this.CONSUME(LSquare);
    this.AT_LEAST_ONE_SEP(this.qualifierRepetition);
    this.CONSUME(RSquare);
    return this.qualifierStack.takeFrom(base);
  });
  private readonly optionalQualifierList = () => this.SUBRULE(this.qualifierList);

  /** `Name`, `Name(value)`, `Name(v1, v2)`, `Name {v1, v2}`, each optionally followed by Microsoft's `: Flavor ...`. */
  private qualifierValueAlternatives: IOrAlt<Value>[] | undefined;
  private qualifierValue = (): Value =>
    this.OR1(
      (this.qualifierValueAlternatives ??= [
        { ALT: () => this.SUBRULE(this.parenthesizedValues) },
        { ALT: () => this.SUBRULE(this.arrayValue) },
      ]),
    );
  private flavorTokens: IToken[] = [];
  private pushFlavor = () => { this.flavorTokens.push(this.CONSUME2(Identifier)); };
  private qualifierFlavors = () => {
    this.CONSUME(Colon);
    this.AT_LEAST_ONE(this.pushFlavor);
  };

  private readonly qualifier = this.RULE('qualifier', (): Qualifier => {
    const name = this.CONSUME(Identifier);
    const value = this.OPTION(this.qualifierValue);
    this.flavorTokens = [];
    this.OPTION2(this.qualifierFlavors);
    if (this.RECORDING_PHASE) return NOTHING_RECORDED;
    return this.builder.qualifier(name, value, this.flavorTokens.length === 0 ? [] : this.flavors(this.flavorTokens), this.LA(0));
  });

  private readonly parenthesizedValues = this.RULE('parenthesizedValues', (): Value => {
    const base = this.valueStack.height;
    const open = this.CONSUME(LParen);
    this.AT_LEAST_ONE_SEP(this.valueRepetition);
    const close = this.CONSUME(RParen);
    if (this.RECORDING_PHASE) return NOTHING_RECORDED;
    return this.builder.parenthesizedValue(open, this.valueStack.takeFrom(base), close);
  });

  // -------------------------------------------------------------------------
  // Classes

  private readonly memberStack = new ListStack<ClassMember>();
  private readonly pushMember = () => {
    const member = this.SUBRULE(this.classMember);
    if (member !== undefined) this.memberStack.push(member);
  };
  private readonly classDeclaration = this.RULE('classDeclaration', (): ClassDeclaration => {
    const qualifiers = this.prefixQualifiers;
    const first = this.prefixFirst;
    const keyword = this.SUBRULE(this.classKeyword);
    const name = this.CONSUME(Identifier);
    const alias = this.OPTION(this.optionalAlias);
    const superclass = this.OPTION2(this.optionalSuperclass);
    this.CONSUME(LCurly);
    const base = this.memberStack.height;
    this.MANY(this.pushMember);
    const members = this.memberStack.takeFrom(base);
    this.CONSUME(RCurly);
    const semicolon = this.CONSUME(Semicolon);
    if (this.RECORDING_PHASE) return NOTHING_RECORDED;
    return this.builder.classDeclaration(qualifiers, first ?? keyword, keyword, name, alias, superclass, members, semicolon);
  });
  private readonly optionalAlias = () => {
    this.CONSUME(As);
    return this.CONSUME(AliasIdentifier);
  };
  private readonly optionalSuperclass = () => {
    this.CONSUME(Colon);
    return this.CONSUME2(Identifier);
  };

  /** `class`, or DSP0221's `association` / `indication`. */
  private classKeywordAlternatives: IOrAlt<IToken>[] | undefined;
  private readonly classKeyword = this.RULE('classKeyword', (): IToken =>
    this.OR(
      (this.classKeywordAlternatives ??= [
        { ALT: () => this.CONSUME(Class) },
        { ALT: () => this.CONSUME(Association) },
        { ALT: () => this.CONSUME(Indication) },
      ]),
    ),
  );

  private classMemberAlternatives: IOrAlt<ClassMember | undefined>[] | undefined;
  private readonly classMember = this.RULE('classMember', (): ClassMember | undefined => {
    const first = this.LA(1);
    const qualifiers = this.OPTION(this.optionalQualifierList) ?? [];
    this.setPrefix(qualifiers, first);
    return this.OR(
      (this.classMemberAlternatives ??= [
        {
          // `structure Name {` / `enumeration Name : type {` nested in a class (MOF v3).
          GATE: () => tokenMatcher(this.LA(3), LCurly) || tokenMatcher(this.LA(3), Colon),
          ALT: () => this.SUBRULE(this.unsupportedDeclaration),
          IGNORE_AMBIGUITIES: true,
        },
        { ALT: () => this.SUBRULE(this.propertyOrMethod) },
      ]),
    );
  });

  /**
   * `type [REF] name` then `(params);` for a method, or `[array] [= default];` for a property.
   * The two alternatives leave what they parsed in `memberParameters` or
   * `memberArray` and `memberDefault`, read right after they return.
   */
  private memberParameters: ParameterDeclaration[] = [];
  private memberArray: ArraySpec | undefined;
  private memberDefault: Value | undefined;
  private readonly parameterStack = new ListStack<ParameterDeclaration>();
  private readonly parameterRepetition = {
    SEP: Comma,
    DEF: () => {
      this.parameterStack.push(this.SUBRULE(this.parameter));
    },
  };
  private memberKindAlternatives: IOrAlt<boolean>[] | undefined;
  private readonly propertyOrMethod = this.RULE('propertyOrMethod', (): ClassMember => {
    const qualifiers = this.prefixQualifiers;
    const first = this.prefixFirst;
    const typeName = this.CONSUME(Identifier);
    const ref = this.OPTION(this.refMarker);
    const name = this.CONSUME2(Identifier);
    const isMethod = this.OR(
      (this.memberKindAlternatives ??= [
        {
          ALT: () => {
            const base = this.parameterStack.height;
            this.CONSUME(LParen);
            this.MANY_SEP(this.parameterRepetition);
            this.CONSUME(RParen);
            this.memberParameters = this.parameterStack.takeFrom(base);
            this.CONSUME(Semicolon);
            return true;
          },
        },
        {
          ALT: () => {
            const array = this.OPTION2(this.optionalArraySpec);
            const defaultValue = this.OPTION3(this.optionalDefaultValue);
            this.CONSUME2(Semicolon);
            this.memberArray = array;
            this.memberDefault = defaultValue;
            return false;
          },
        },
      ]),
    );
    if (this.RECORDING_PHASE) return NOTHING_RECORDED;
    const start = first ?? typeName;
    const semicolon = this.LA(0);
    if (isMethod) {
      return this.builder.method(qualifiers, start, this.builder.returnType(typeName, ref), name, this.memberParameters, semicolon);
    }
    return this.builder.property(
      qualifiers,
      start,
      this.builder.dataType(typeName, ref),
      name,
      this.memberArray,
      this.memberDefault,
      semicolon,
    );
  });

  private readonly parameter = this.RULE('parameter', (): ParameterDeclaration => {
    const first = this.LA(1);
    const qualifiers = this.OPTION(this.optionalQualifierList) ?? [];
    const typeName = this.CONSUME(Identifier);
    const ref = this.OPTION2(this.refMarker);
    const name = this.CONSUME2(Identifier);
    const array = this.OPTION3(this.optionalArraySpec);
    const defaultValue = this.OPTION4(this.optionalDefaultValue);
    if (this.RECORDING_PHASE) return NOTHING_RECORDED;
    return this.builder.parameter(qualifiers, first, this.builder.dataType(typeName, ref), name, array, defaultValue, this.LA(0));
  });

  /** `[]` or `[N]`. */
  private readonly arraySpec = this.RULE('arraySpec', (): ArraySpec => {
    const open = this.CONSUME(LSquare);
    const size = this.OPTION(this.optionalArraySize);
    const close = this.CONSUME(RSquare);
    if (this.RECORDING_PHASE) return NOTHING_RECORDED;
    return this.builder.arraySpec(open, size, close);
  });
  private readonly optionalArraySize = () => this.CONSUME(NumberLiteral);
  private readonly optionalArraySpec = () => this.SUBRULE(this.arraySpec);
  private readonly optionalDefaultValue = () => {
    this.CONSUME(Equals);
    return this.SUBRULE(this.value);
  };

  // -------------------------------------------------------------------------
  // Instances

  private readonly instanceDeclaration = this.RULE('instanceDeclaration', (): InstanceDeclaration => {
    const qualifiers = this.prefixQualifiers;
    const first = this.prefixFirst;
    const instance = this.SUBRULE(this.instanceBody, { ARGS: [qualifiers, first] });
    const semicolon = this.CONSUME(Semicolon);
    return this.ACTION(() => this.builder.withTerminator(instance, semicolon));
  });

  /** `instance of Class [as $Alias] { assignments }`, also used inline as a value (Microsoft). */
  private readonly propertyStack = new ListStack<PropertyAssignment>();
  private readonly pushProperty = () => {
    this.propertyStack.push(this.SUBRULE(this.propertyAssignment));
  };
  private readonly instanceBody = this.RULE(
    'instanceBody',
    (qualifiers: Qualifier[] = [], first?: IToken): InstanceDeclaration => {
      const keyword = this.CONSUME(Instance);
      this.CONSUME(Of);
      const className = this.CONSUME(Identifier);
      const alias = this.OPTION(this.optionalAlias);
      this.CONSUME(LCurly);
      const base = this.propertyStack.height;
      this.MANY(this.pushProperty);
      const properties = this.propertyStack.takeFrom(base);
      const close = this.CONSUME(RCurly);
      if (this.RECORDING_PHASE) return NOTHING_RECORDED;
      return this.builder.instance(qualifiers, first ?? keyword, className, alias, properties, close);
    },
  );

  /**
   * `[qualifiers] Name = value;`, or (WMI dynamic properties, `[DYNPROPS]`
   * instances) `[PropertyContext("…"), Dynamic] Name;` with no value.
   */
  private readonly propertyAssignment = this.RULE('propertyAssignment', (): PropertyAssignment => {
    const first = this.LA(1);
    const qualifiers = this.OPTION(this.optionalQualifierList) ?? [];
    const name = this.CONSUME(Identifier);
    const value = this.OPTION2(this.optionalDefaultValue);
    const semicolon = this.CONSUME(Semicolon);
    if (this.RECORDING_PHASE) return NOTHING_RECORDED;
    return this.builder.propertyAssignment(qualifiers, first, name, value, semicolon);
  });

  // -------------------------------------------------------------------------
  // Values

  private valueAlternatives: IOrAlt<Value>[] | undefined;

  private readonly value = this.RULE('value', (): Value =>
    this.OR(
      (this.valueAlternatives ??= [
        { ALT: () => this.SUBRULE(this.stringValue) },
        {
          ALT: () => {
            const token = this.CONSUME(NumberLiteral);
            return this.RECORDING_PHASE ? NOTHING_RECORDED : this.builder.number(token);
          },
        },
        {
          ALT: () => {
            const token = this.CONSUME(Char16Literal);
            return this.RECORDING_PHASE ? NOTHING_RECORDED : this.builder.char16(token);
          },
        },
        {
          ALT: () => {
            const token = this.CONSUME(True);
            return this.RECORDING_PHASE ? NOTHING_RECORDED : this.builder.boolean(token, true);
          },
        },
        {
          ALT: () => {
            const token = this.CONSUME(False);
            return this.RECORDING_PHASE ? NOTHING_RECORDED : this.builder.boolean(token, false);
          },
        },
        {
          ALT: () => {
            const token = this.CONSUME(Null);
            return this.RECORDING_PHASE ? NOTHING_RECORDED : this.builder.null(token);
          },
        },
        {
          ALT: () => {
            const token = this.CONSUME(AliasIdentifier);
            return this.RECORDING_PHASE ? NOTHING_RECORDED : this.builder.aliasValue(token);
          },
        },
        { ALT: () => this.SUBRULE(this.arrayValue) },
        {
          ALT: () => {
            const instance = this.SUBRULE(this.instanceBody);
            return this.RECORDING_PHASE ? NOTHING_RECORDED : this.builder.instanceValue(instance);
          },
        },
      ]),
    ),
  );

  /**
   * One or more adjacent string literals, collected in one reused array
   * (nothing nests in a string): the first `stringCount` of `stringTokens`.
   */
  private readonly stringTokens: IToken[] = [];
  private stringCount = 0;
  private pushString = () => {
    this.stringTokens[this.stringCount++] = this.CONSUME(StringLiteral);
  };
  private readonly stringValue = this.RULE('stringValue', () => {
    this.stringCount = 0;
    this.AT_LEAST_ONE(this.pushString);
    if (this.RECORDING_PHASE) return NOTHING_RECORDED;
    return this.builder.string(this.stringTokens, this.stringCount);
  });

  /** Values being collected by the lists in progress, innermost last; each list takes its own off the top. */
  private readonly valueStack = new ListStack<Value>();
  private readonly valueRepetition = {
    SEP: Comma,
    DEF: () => {
      this.valueStack.push(this.SUBRULE(this.value));
    },
  };
  private readonly arrayValue = this.RULE('arrayValue', () => {
    const base = this.valueStack.height;
    const open = this.CONSUME(LCurly);
    this.MANY_SEP(this.valueRepetition);
    const close = this.CONSUME(RCurly);
    if (this.RECORDING_PHASE) return NOTHING_RECORDED;
    return this.builder.array(open, this.valueStack.takeFrom(base), close);
  });

  // -------------------------------------------------------------------------
  // MOF v3 constructs: one diagnostic, then the whole construct is skipped.

  private readonly unsupportedDeclaration = this.RULE('unsupportedDeclaration', (): undefined => {
    const keyword = this.OR([
      { ALT: () => this.CONSUME(Structure) },
      { ALT: () => this.CONSUME(Enumeration) },
      { ALT: () => this.CONSUME(ValueKeyword) },
    ]);
    this.ACTION(() => this.reportUnsupported(keyword, UNSUPPORTED_CONSTRUCTS.get(keyword.tokenType) ?? keyword.image));
    this.SUBRULE(this.skippedRest);
    return undefined;
  });

  /** The rest of a skipped construct, through its final `;`. */
  private readonly skippedRest = this.RULE('skippedRest', () => {
    this.MANY(() =>
      this.OR([{ ALT: () => this.CONSUME(SkippedToken) }, { ALT: () => this.SUBRULE(this.skippedBlock) }]),
    );
    this.CONSUME(Semicolon);
  });

  /** A balanced `{ ... }` inside a skipped construct. */
  private readonly skippedBlock = this.RULE('skippedBlock', () => {
    this.CONSUME(LCurly);
    this.MANY(() =>
      this.OR([
        { ALT: () => this.CONSUME(SkippedToken) },
        { ALT: () => this.CONSUME(Semicolon) },
        { ALT: () => this.SUBRULE(this.skippedBlock) },
      ]),
    );
    this.CONSUME(RCurly);
  });

  // -------------------------------------------------------------------------
  // Helpers (not rules)

  /**
   * `REF` after a type name is the reference marker only if a name follows;
   * otherwise it is the name itself (`uint32 Ref;`). One token of lookahead
   * cannot tell the two apart (and Chevrotain does not report that for an
   * OPTION), hence this gate on the token after.
   */
  private readonly refFollowsType = (): boolean => tokenMatcher(this.LA(2), Identifier);
  private readonly refMarker = { GATE: this.refFollowsType, DEF: () => this.CONSUME(Ref) };

  private setPrefix(qualifiers: Qualifier[], first: IToken): void {
    this.prefixQualifiers = qualifiers;
    this.prefixFirst = first;
  }

  /** Drops what the lists of an abandoned statement had collected. */
  private clearLists(): void {
    this.qualifierStack.clear();
    this.valueStack.clear();
    this.memberStack.clear();
    this.parameterStack.clear();
    this.propertyStack.clear();
    this.prefixQualifiers = [];
    this.prefixFirst = undefined;
  }

  private reportUnsupported(keyword: IToken, construct: string): void {
    this.builder.report(syntaxDiagnostics.mofV3NotSupported, this.builder.span(keyword), [construct]);
  }

  private flavors(tokens: readonly IToken[]): Flavor[] {
    const flavors: Flavor[] = [];
    for (const token of tokens) {
      const flavor = this.builder.flavor(token);
      if (flavor !== undefined) flavors.push(flavor);
    }
    return flavors;
  }

  /** Reports why the statement that began at `first` failed (unless it already did) and skips to the next statement. */
  private abandonStatement(first: IToken): void {
    const pending = this.errorCollector.take();
    if (pending !== undefined && !this.statementHasErrors(first, pending.token)) {
      this.builder.report(pending.definition, this.builder.span(pending.token), pending.args);
    }
    // Always make progress, even when the statement failed on its first token.
    if (this.LA(1) === first) this.SKIP_TOKEN();
    const depth = this.braceDepthSince(first);
    // A ';' missing right before the next statement costs nothing more. Inside
    // braces, `[` more likely opens the next member's qualifiers than a statement.
    const next = this.LA(1).tokenType;
    const missingSemicolon = pending?.definition === syntaxDiagnostics.expectedSemicolon;
    if (missingSemicolon && STATEMENT_OPENERS.has(next) && (depth <= 0 || next !== LSquare)) return;
    this.skipToStatementStart(depth);
  }

  /**
   * Whether the statement from `first` up to the failing token already has an
   * error: one reported while parsing it (a bad literal, an unsupported
   * construct), or a lexical one inside it (an invalid character).
   */
  private statementHasErrors(first: IToken, failing: IToken): boolean {
    const diagnostics = this.builder.diagnostics;
    for (let i = this.diagnosticsBeforeStatement; i < diagnostics.length; i++) {
      if (diagnostics[i]!.severity === 'error') return true;
    }
    // The first lexical error at or after the statement's start, by binary search.
    const offsets = this.lexicalErrorOffsets;
    let low = 0;
    let high = offsets.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (offsets[middle]! < first.startOffset) low = middle + 1;
      else high = middle;
    }
    const failingOffset = Number.isNaN(failing.startOffset) ? Infinity : failing.startOffset;
    return low < offsets.length && offsets[low]! <= failingOffset;
  }

  /** How many braces the tokens consumed since `first` (included, already consumed) left open. */
  private braceDepthSince(first: IToken): number {
    let depth = 0;
    for (let back = 0; ; back--) {
      const token = this.LA(back);
      if (token.tokenType === EOF) return depth;
      if (token.tokenType === LCurly) depth++;
      else if (token.tokenType === RCurly) depth--;
      if (token === first) return depth;
    }
  }

  /**
   * Skips tokens up to the start of the next top-level statement, `depth`
   * being the number of braces open where skipping starts. A statement starts
   * at a directive, or at `class`, `instance`, `qualifier`, `[`... right after
   * the end of one (see `endsStatement`). Stops at the end of input.
   */
  private skipToStatementStart(depth: number): void {
    for (;;) {
      const next = this.LA(1);
      const type = next.tokenType;
      if (type === EOF) return;
      if (DIRECTIVES.has(type)) return;
      if (STATEMENT_OPENERS.has(type) && this.endsStatement(this.LA(0), depth)) return;
      if (type === LCurly) depth++;
      else if (type === RCurly) depth--;
      this.SKIP_TOKEN();
    }
  }

  /**
   * Whether `previous` can end a top-level statement: a `;` or `}` once the
   * braces are closed; or `};` whatever the depth, so that a brace left
   * unclosed does not swallow the rest of the file.
   */
  private endsStatement(previous: IToken, depth: number): boolean {
    if (previous.tokenType === Semicolon) return depth <= 0 || this.LA(-1).tokenType === RCurly;
    return previous.tokenType === RCurly && depth <= 0;
  }
}

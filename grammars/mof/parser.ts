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

export class MofParser extends EmbeddedActionsParser {
  private readonly errorCollector: SyntaxErrorCollector;
  private builder!: AstBuilder;
  /** Start offsets of the lexical errors (reported before parsing began), in order. */
  private lexicalErrorOffsets: readonly number[] = [];
  /** Diagnostics already reported when the current statement began: a broken statement reports one error, not a cascade. */
  private diagnosticsBeforeStatement = 0;

  /** `validate` runs Chevrotain's grammar checks (ambiguities, left recursion): for tests and development. */
  constructor(options: { validate?: boolean } = {}) {
    const errorCollector = new SyntaxErrorCollector();
    super(parserTokens, {
      // MOF is LL(1) once `REF` and nested MOF v3 declarations are gated (see refFollowsType, classMember).
      maxLookahead: 1,
      recoveryEnabled: false,
      skipValidations: !options.validate,
      errorMessageProvider: errorCollector,
    });
    this.errorCollector = errorCollector;
    this.performSelfAnalysis();
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
    this.ACTION(() => (this.diagnosticsBeforeStatement = this.builder.diagnostics.length));
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
      return undefined;
    }
  });

  private readonly strayToken = this.RULE('strayToken', (): undefined => {
    const token = this.CONSUME(AnyToken);
    this.ACTION(() => {
      this.builder.report(syntaxDiagnostics.expectedStatement, this.builder.span(token), [describeFound(token)]);
      this.skipToStatementStart(this.braceDepthSince(token));
    });
    return undefined;
  });

  /** `[qualifiers] class ...`, `[qualifiers] instance of ...`, or a MOF v3 declaration (skipped). */
  private readonly declaration = this.RULE('declaration', (): ClassDeclaration | InstanceDeclaration | undefined => {
    const first = this.LA(1);
    const qualifiers = this.OPTION(() => this.SUBRULE(this.qualifierList)) ?? [];
    return this.OR([
      { ALT: () => this.SUBRULE(this.classDeclaration, { ARGS: [qualifiers, first] }) },
      { ALT: () => this.SUBRULE(this.instanceDeclaration, { ARGS: [qualifiers, first] }) },
      { ALT: () => this.SUBRULE(this.unsupportedDeclaration) },
    ]);
  });

  // -------------------------------------------------------------------------
  // Pragmas

  private readonly pragma = this.RULE('pragma', (): Pragma | IncludePragma | undefined =>
    this.OR([
      {
        ALT: () => {
          const directive = this.CONSUME(PragmaDirective);
          const name = this.CONSUME(Identifier);
          const args = this.OPTION(() => this.SUBRULE(this.pragmaArguments)) ?? [];
          return this.ACTION(() => this.builder.pragma(directive, name, args, this.LA(0)));
        },
      },
      {
        ALT: () => {
          const directive = this.CONSUME(IncludeDirective);
          const args = this.SUBRULE2(this.pragmaArguments);
          return this.ACTION(() => this.builder.includeDirective(directive, args, this.LA(0)));
        },
      },
    ]),
  );

  private readonly pragmaArguments = this.RULE('pragmaArguments', (): PragmaArgument[] => {
    const args: PragmaArgument[] = [];
    this.CONSUME(LParen);
    this.MANY_SEP({ SEP: Comma, DEF: () => args.push(this.SUBRULE(this.pragmaArgument)) });
    this.CONSUME(RParen);
    return args;
  });

  private readonly pragmaArgument = this.RULE('pragmaArgument', (): PragmaArgument =>
    this.OR([
      { ALT: () => this.SUBRULE(this.stringValue) },
      {
        ALT: () => {
          const token = this.CONSUME(NumberLiteral);
          return this.ACTION(() => this.builder.pragmaNumber(token));
        },
      },
      {
        ALT: () => {
          const token = this.CONSUME(Identifier);
          return this.ACTION(() => this.builder.identifierValue(token));
        },
      },
    ]),
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
          const array = this.OPTION(() => this.SUBRULE(this.arraySpec));
          const defaultValue = this.OPTION2(() => {
            this.CONSUME(Equals);
            return this.SUBRULE(this.value);
          });
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

  private readonly qualifierList = this.RULE('qualifierList', (): Qualifier[] => {
    const qualifiers: Qualifier[] = [];
    this.CONSUME(LSquare);
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => qualifiers.push(this.SUBRULE(this.qualifier)) });
    this.CONSUME(RSquare);
    return qualifiers;
  });

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
    if (this.RECORDING_PHASE) return undefined as unknown as Qualifier;
    return this.builder.qualifier(name, value, this.flavorTokens.length === 0 ? [] : this.flavors(this.flavorTokens), this.LA(0));
  });

  private readonly parenthesizedValues = this.RULE('parenthesizedValues', (): Value => {
    const values: Value[] = [];
    const open = this.CONSUME(LParen);
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => values.push(this.SUBRULE(this.value)) });
    const close = this.CONSUME(RParen);
    return this.ACTION(() => this.builder.parenthesizedValue(open, values, close));
  });

  // -------------------------------------------------------------------------
  // Classes

  private readonly classDeclaration = this.RULE(
    'classDeclaration',
    (qualifiers: Qualifier[] = [], first?: IToken): ClassDeclaration => {
      const keyword = this.SUBRULE(this.classKeyword);
      const name = this.CONSUME(Identifier);
      const alias = this.OPTION(() => {
        this.CONSUME(As);
        return this.CONSUME(AliasIdentifier);
      });
      const superclass = this.OPTION2(() => {
        this.CONSUME(Colon);
        return this.CONSUME2(Identifier);
      });
      this.CONSUME(LCurly);
      const members: ClassMember[] = [];
      this.MANY(() => {
        const member = this.SUBRULE(this.classMember);
        if (member !== undefined) members.push(member);
      });
      this.CONSUME(RCurly);
      const semicolon = this.CONSUME(Semicolon);
      return this.ACTION(() =>
        this.builder.classDeclaration(qualifiers, first ?? keyword, keyword, name, alias, superclass, members, semicolon),
      );
    },
  );

  /** `class`, or DSP0221's `association` / `indication`. */
  private readonly classKeyword = this.RULE('classKeyword', (): IToken =>
    this.OR([
      { ALT: () => this.CONSUME(Class) },
      { ALT: () => this.CONSUME(Association) },
      { ALT: () => this.CONSUME(Indication) },
    ]),
  );

  private readonly classMember = this.RULE('classMember', (): ClassMember | undefined => {
    const first = this.LA(1);
    const qualifiers = this.OPTION(() => this.SUBRULE(this.qualifierList)) ?? [];
    return this.OR([
      {
        // `structure Name {` / `enumeration Name : type {` nested in a class (MOF v3).
        GATE: () => tokenMatcher(this.LA(3), LCurly) || tokenMatcher(this.LA(3), Colon),
        ALT: () => this.SUBRULE(this.unsupportedDeclaration),
        IGNORE_AMBIGUITIES: true,
      },
      { ALT: () => this.SUBRULE(this.propertyOrMethod, { ARGS: [qualifiers, first] }) },
    ]);
  });

  /** `type [REF] name` then `(params);` for a method, or `[array] [= default];` for a property. */
  private readonly propertyOrMethod = this.RULE(
    'propertyOrMethod',
    (qualifiers: Qualifier[] = [], first?: IToken): ClassMember => {
      const typeName = this.CONSUME(Identifier);
      const ref = this.OPTION({ GATE: this.refFollowsType, DEF: () => this.CONSUME(Ref) });
      const name = this.CONSUME2(Identifier);
      const start = first ?? typeName;
      return this.OR([
        {
          ALT: () => {
            const parameters: ParameterDeclaration[] = [];
            this.CONSUME(LParen);
            this.MANY_SEP({ SEP: Comma, DEF: () => parameters.push(this.SUBRULE(this.parameter)) });
            this.CONSUME(RParen);
            const semicolon = this.CONSUME(Semicolon);
            return this.ACTION(() =>
              this.builder.method(qualifiers, start, this.builder.returnType(typeName, ref), name, parameters, semicolon),
            );
          },
        },
        {
          ALT: () => {
            const array = this.OPTION2(() => this.SUBRULE(this.arraySpec));
            const defaultValue = this.OPTION3(() => {
              this.CONSUME(Equals);
              return this.SUBRULE(this.value);
            });
            const semicolon = this.CONSUME2(Semicolon);
            return this.ACTION(() =>
              this.builder.property(qualifiers, start, this.builder.dataType(typeName, ref), name, array, defaultValue, semicolon),
            );
          },
        },
      ]);
    },
  );

  private readonly parameter = this.RULE('parameter', (): ParameterDeclaration => {
    const first = this.LA(1);
    const qualifiers = this.OPTION(() => this.SUBRULE(this.qualifierList)) ?? [];
    const typeName = this.CONSUME(Identifier);
    const ref = this.OPTION2({ GATE: this.refFollowsType, DEF: () => this.CONSUME(Ref) });
    const name = this.CONSUME2(Identifier);
    const array = this.OPTION3(() => this.SUBRULE(this.arraySpec));
    const defaultValue = this.OPTION4(() => {
      this.CONSUME(Equals);
      return this.SUBRULE(this.value);
    });
    return this.ACTION(() =>
      this.builder.parameter(qualifiers, first, this.builder.dataType(typeName, ref), name, array, defaultValue, this.LA(0)),
    );
  });

  /** `[]` or `[N]`. */
  private readonly arraySpec = this.RULE('arraySpec', (): ArraySpec => {
    const open = this.CONSUME(LSquare);
    const size = this.OPTION(() => this.CONSUME(NumberLiteral));
    const close = this.CONSUME(RSquare);
    return this.ACTION(() => this.builder.arraySpec(open, size, close));
  });

  // -------------------------------------------------------------------------
  // Instances

  private readonly instanceDeclaration = this.RULE(
    'instanceDeclaration',
    (qualifiers: Qualifier[] = [], first?: IToken): InstanceDeclaration => {
      const instance = this.SUBRULE(this.instanceBody, { ARGS: [qualifiers, first] });
      const semicolon = this.CONSUME(Semicolon);
      return this.ACTION(() => this.builder.withTerminator(instance, semicolon));
    },
  );

  /** `instance of Class [as $Alias] { assignments }`, also used inline as a value (Microsoft). */
  private readonly instanceBody = this.RULE(
    'instanceBody',
    (qualifiers: Qualifier[] = [], first?: IToken): InstanceDeclaration => {
      const keyword = this.CONSUME(Instance);
      this.CONSUME(Of);
      const className = this.CONSUME(Identifier);
      const alias = this.OPTION(() => {
        this.CONSUME(As);
        return this.CONSUME(AliasIdentifier);
      });
      this.CONSUME(LCurly);
      const properties: PropertyAssignment[] = [];
      this.MANY(() => properties.push(this.SUBRULE(this.propertyAssignment)));
      const close = this.CONSUME(RCurly);
      return this.ACTION(() => this.builder.instance(qualifiers, first ?? keyword, className, alias, properties, close));
    },
  );

  /**
   * `[qualifiers] Name = value;`, or (WMI dynamic properties, `[DYNPROPS]`
   * instances) `[PropertyContext("…"), Dynamic] Name;` with no value.
   */
  private readonly propertyAssignment = this.RULE('propertyAssignment', (): PropertyAssignment => {
    const first = this.LA(1);
    const qualifiers = this.OPTION(() => this.SUBRULE(this.qualifierList)) ?? [];
    const name = this.CONSUME(Identifier);
    const value = this.OPTION2(() => {
      this.CONSUME(Equals);
      return this.SUBRULE(this.value);
    });
    const semicolon = this.CONSUME(Semicolon);
    return this.ACTION(() => this.builder.propertyAssignment(qualifiers, first, name, value, semicolon));
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
            return this.ACTION(() => this.builder.number(token));
          },
        },
        {
          ALT: () => {
            const token = this.CONSUME(Char16Literal);
            return this.ACTION(() => this.builder.char16(token));
          },
        },
        {
          ALT: () => {
            const token = this.CONSUME(True);
            return this.ACTION(() => this.builder.boolean(token, true));
          },
        },
        {
          ALT: () => {
            const token = this.CONSUME(False);
            return this.ACTION(() => this.builder.boolean(token, false));
          },
        },
        {
          ALT: () => {
            const token = this.CONSUME(Null);
            return this.ACTION(() => this.builder.null(token));
          },
        },
        {
          ALT: () => {
            const token = this.CONSUME(AliasIdentifier);
            return this.ACTION(() => this.builder.aliasValue(token));
          },
        },
        { ALT: () => this.SUBRULE(this.arrayValue) },
        {
          ALT: () => {
            const instance = this.SUBRULE(this.instanceBody);
            return this.ACTION(() => this.builder.instanceValue(instance));
          },
        },
      ]),
    ),
  );

  /** One or more adjacent string literals. */
  private stringTokens: IToken[] = [];
  private pushString = () => { this.stringTokens.push(this.CONSUME(StringLiteral)); };
  private readonly stringValue = this.RULE('stringValue', () => {
    const tokens: IToken[] = (this.stringTokens = []);
    this.AT_LEAST_ONE(this.pushString);
    if (this.RECORDING_PHASE) return undefined as unknown as Value;
    return this.builder.string(tokens);
  });

  private readonly arrayValue = this.RULE('arrayValue', () => {
    const elements: Value[] = [];
    const open = this.CONSUME(LCurly);
    this.MANY_SEP({ SEP: Comma, DEF: () => elements.push(this.SUBRULE(this.value)) });
    const close = this.CONSUME(RCurly);
    return this.ACTION(() => this.builder.array(open, elements, close));
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

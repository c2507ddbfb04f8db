import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSyntaxDiagramsCode, createToken, EmbeddedActionsParser, LLkLookaheadStrategy, type ILookaheadStrategy } from 'chevrotain';
import { describe, expect, test } from 'vitest';
import { LazyLookaheadStrategy } from '../../grammars/mof/lazy-lookahead.js';
import { MofParser } from '../../grammars/mof/parser.js';
import { scan } from '../../grammars/mof/scanner.js';
import { AstBuilder } from '../../src/ast/builder.js';
import { SourceFile } from '../../src/source/source-file.js';
import { formatDiagnostic } from '../ast/serialize.js';

/** Statements and diagnostics of `text` as JSON, parsed by `parser` (the scanner's errors left out: the parser is under test). */
function parseWith(parser: MofParser, text: string): string {
  const source = new SourceFile('test.mof', text);
  const builder = new AstBuilder(source);
  const statements = parser.parse(scan(text).tokens, builder, []);
  const replacer = (_key: string, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value);
  return JSON.stringify({ statements, diagnostics: builder.diagnostics.map(formatDiagnostic) }, replacer);
}

describe('MOF grammar', () => {
  test('passes Chevrotain validation (no ambiguity, no left recursion) at lookahead 1', () => {
    expect(() => new MofParser({ validate: true })).not.toThrow();
  });

  test('grammars/mof/diagram.html is generated from the current grammar', () => {
    const expected = createSyntaxDiagramsCode(new MofParser().getSerializedGastProductions());
    expect(readFileSync('grammars/mof/diagram.html', 'utf8')).toBe(expected);
  });

  test('the top rules are the MOF statements', () => {
    const rules = new MofParser().getSerializedGastProductions().map((rule) => ('name' in rule ? rule.name : rule.type));
    expect(rules).toEqual(
      expect.arrayContaining(['mofFile', 'statement', 'pragma', 'qualifierDeclaration', 'classDeclaration', 'instanceDeclaration', 'value']),
    );
  });
});

describe('the grammar recorder\'s methods put back after recording', () => {
  /** The own properties Chevrotain's recorder adds, seen on a plain Chevrotain parser that keeps its own cleanup. */
  function recorderKeys(): (string | symbol)[] {
    const A = createToken({ name: 'A' });
    let added: (string | symbol)[] = [];
    class Plain extends EmbeddedActionsParser {
      constructor() {
        super([A]);
        this.performSelfAnalysis();
      }
      readonly rule = this.RULE('rule', () => {
        if (this.RECORDING_PHASE) added = Reflect.ownKeys(this);
        this.CONSUME(A);
      });
    }
    const before = new Set(Reflect.ownKeys(new Plain()));
    return added.filter((key) => !before.has(key));
  }

  test('every DSL method the recorder replaced is the prototype\'s again, and recording is off', () => {
    const keys = recorderKeys();
    // CONSUME…AT_LEAST_ONE_SEP9, consume…atLeastOne, ACTION, BACKTRACK, LA (Chevrotain 11).
    expect(keys).toEqual(expect.arrayContaining(['CONSUME', 'OR1', 'MANY_SEP9', 'consume', 'ACTION', 'BACKTRACK', 'LA']));
    const parser = new MofParser() as unknown as Record<PropertyKey, unknown> & { RECORDING_PHASE: boolean };
    const prototype = Object.getPrototypeOf(parser) as Record<PropertyKey, unknown>;
    expect(parser.RECORDING_PHASE).toBe(false);
    for (const key of keys) expect(parser[key], String(key)).toBe(prototype[key]);
    // And it parses as a parser whose methods were deleted does.
    const reference = new MofParser();
    for (const key of keys) delete (reference as unknown as Record<PropertyKey, unknown>)[key];
    const text = 'class A { [Key] string S = "x"; uint32 M([In] uint16 P[]); }; instance of A { S = "y"; };';
    expect(parseWith(new MofParser(), text)).toBe(parseWith(reference, text));
  });
});

describe('lookahead built on first use', () => {
  const fixtures = ['fixtures/mof/syntax/valid', 'fixtures/mof/syntax/invalid'].flatMap((directory) =>
    readdirSync(directory)
      .filter((name) => name.endsWith('.mof'))
      .map((name) => join(directory, name)),
  );
  /** Broken statements that end in each kind of syntax error (no viable alternative, early exit, mismatched token, redundant input). */
  const broken = [
    'class A { string S };',
    'class A { [Key] } ;',
    'class A : { };',
    'instance of A { P = ; };',
    '[Key(] class A { };',
    'qualifier Q : boolean = true, scope();',
    'class A { uint32 M([in] uint32 ); };',
    '#pragma namespace (',
    'class A { string S = {1, {2}}; }; } class B {};',
    'class A { A REF R; string S[; };',
    'value of A { };',
    ';;',
  ];

  test('parses the syntax fixtures and broken input exactly as the eager strategy does', () => {
    expect(fixtures.length).toBeGreaterThan(5);
    const lazy = new MofParser();
    const eager = new MofParser({ lookahead: new LLkLookaheadStrategy({ maxLookahead: 1 }) });
    const texts = [...fixtures.map((path) => readFileSync(path, 'utf8')), ...broken];
    for (const text of texts) expect(parseWith(lazy, text), text).toBe(parseWith(eager, text));
    // The broken input really does fail: the comparison covers the error paths.
    for (const text of broken) expect(parseWith(lazy, text), text).toMatch(/"error MOF2\d{3}/);
  });

  test('builds nothing in the constructor, only what a file reaches, each function once', () => {
    const strategy = new LazyLookaheadStrategy({ maxLookahead: 1 });
    const parser = new MofParser({ lookahead: strategy });
    expect(strategy.built).toBe(0);

    parseWith(parser, 'class A { string S; };');
    const forOneClass = strategy.built;
    expect(forOneClass).toBeGreaterThan(0);
    parseWith(parser, 'class B { uint32 N; };');
    expect(strategy.built).toBe(forOneClass);

    const eager = new MofParser({ lookahead: new LLkLookaheadStrategy({ maxLookahead: 1 }) });
    const all = (eager as unknown as { lookAheadFuncsCache: Map<number, unknown> }).lookAheadFuncsCache.size;
    expect(forOneClass).toBeLessThan(all / 2);
  });

  test('puts the real function in place of the stand-in, so a long parse makes no extra call per decision', () => {
    const strategy = new LazyLookaheadStrategy({ maxLookahead: 1 });
    const parser = new MofParser({ lookahead: strategy });
    const cache = (parser as unknown as { lookAheadFuncsCache: Map<number, (...args: unknown[]) => unknown> }).lookAheadFuncsCache;
    expect(cache).toBeInstanceOf(Map);
    const before = new Map(cache);
    parseWith(parser, 'class A { string S; };');
    const replaced = [...cache].filter(([key, fn]) => before.get(key) !== fn);
    expect(replaced).toHaveLength(strategy.built);
  });

  test('grammar validation goes through the lazy strategy unchanged', () => {
    expect(() => new MofParser({ validate: true, lookahead: new LazyLookaheadStrategy({ maxLookahead: 1 }) })).not.toThrow();

    // An ambiguous grammar is reported with the eager strategy's words.
    const A = createToken({ name: 'A' });
    class Ambiguous extends EmbeddedActionsParser {
      constructor(lookaheadStrategy: ILookaheadStrategy) {
        super([A], { maxLookahead: 1, lookaheadStrategy });
        this.performSelfAnalysis();
      }
      readonly rule = this.RULE('rule', () => {
        this.OR([{ ALT: () => this.CONSUME(A) }, { ALT: () => this.CONSUME2(A) }]);
      });
    }
    const messageOf = (strategy: ILookaheadStrategy) => {
      try {
        new Ambiguous(strategy);
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    };
    const eager = messageOf(new LLkLookaheadStrategy({ maxLookahead: 1 }));
    expect(eager).toMatch(/Ambiguous Alternatives Detected/);
    expect(messageOf(new LazyLookaheadStrategy({ maxLookahead: 1 }))).toBe(eager);
  });
});

describe('lists collected on the parser\'s shared stacks', () => {
  // Qualifiers, values, members, parameters and instance properties nest in one another.
  const nested = [
    '[A(1, {2, 3}), B("x" "y")] class X : Y {',
    '  [C, D(4, 5)] uint32 M([in, E(6)] uint32 P, [F {7, 8}] string Q[] = {"a", "b"});',
    '  string S = {9, 10};',
    '};',
    'instance of X { P = {11, 12}; Q = instance of Z { [G(13, 14)] R = {15}; S = 16; }; T = 17; };',
  ].join('\n');

  test('each list gets exactly its own items, however they nest', () => {
    const { statements } = JSON.parse(parseWith(new MofParser(), nested));
    const values = (value: { kind: string; elements?: { value: unknown }[]; value?: unknown }) =>
      value.kind === 'ArrayValue' ? value.elements!.map((element) => element.value) : [value.value];
    const [x, instance] = statements;
    expect(x.qualifiers.map((q: { name: { name: string } }) => q.name.name)).toEqual(['A', 'B']);
    expect(x.qualifiers[0].value.elements).toHaveLength(2);
    expect(values(x.qualifiers[0].value.elements[1])).toEqual(['2n', '3n']);
    expect(values(x.qualifiers[1].value)).toEqual(['xy']);
    const [method, property] = x.members;
    expect(method.qualifiers.map((q: { name: { name: string } }) => q.name.name)).toEqual(['C', 'D']);
    expect(values(method.qualifiers[1].value)).toEqual(['4n', '5n']);
    expect(method.parameters.map((p: { name: { name: string } }) => p.name.name)).toEqual(['P', 'Q']);
    expect(values(method.parameters[1].qualifiers[0].value)).toEqual(['7n', '8n']);
    expect(values(method.parameters[1].defaultValue)).toEqual(['a', 'b']);
    expect(values(property.defaultValue)).toEqual(['9n', '10n']);
    expect(instance.properties.map((p: { name: { name: string } }) => p.name.name)).toEqual(['P', 'Q', 'T']);
    const inner = instance.properties[1].value.instance;
    expect(inner.properties.map((p: { name: { name: string } }) => p.name.name)).toEqual(['R', 'S']);
    expect(values(inner.properties[0].qualifiers[0].value)).toEqual(['13n', '14n']);
    expect(values(inner.properties[0].value)).toEqual(['15n']);
  });

  test('a statement abandoned inside its lists leaves nothing behind, in the same file or the next', () => {
    const fresh = parseWith(new MofParser(), nested);
    const reused = new MofParser();
    const abandoned = ['[A(1, {2, ] class W { };', 'class W { [B(3)] uint32 M([in] uint32 P, ; };', 'instance of W { P = {4, instance of V { R = {5, ; }; }; };'];
    for (const text of abandoned) {
      expect(parseWith(reused, text), text).toMatch(/"error MOF2\d{3}/);
      expect(parseWith(reused, `${text}\n${nested}`), text).toBe(parseWith(new MofParser(), `${text}\n${nested}`));
      expect(parseWith(reused, nested)).toBe(fresh);
    }
  });
});

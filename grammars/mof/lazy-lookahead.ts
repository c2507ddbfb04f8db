/**
 * Chevrotain's LL(k) lookahead, built on first use instead of in the parser's
 * constructor.
 *
 * `performSelfAnalysis` builds a lookahead function for every alternation,
 * option and repetition of the grammar up front, a third of what setting up the
 * parser costs; a small file reaches a handful of them. This strategy hands
 * Chevrotain a stand-in for each one that asks Chevrotain's own
 * `LLkLookaheadStrategy` for the real function the first time it runs, so the
 * decisions taken — and with them the parse and every syntax error — are those
 * of the eager strategy. Grammar validation (`validate: true`) is delegated
 * unchanged.
 *
 * Once built, the stand-in puts the real function in its place in the parser's
 * lookahead cache (`lookAheadFuncsCache`, internal to Chevrotain), so a long
 * parse pays no extra call per decision. Should a later Chevrotain keep that
 * cache elsewhere, the stand-in stays in place and keeps delegating: slower by a
 * call, never wrong.
 */
import { LLkLookaheadStrategy, type ILookaheadStrategy, type ILookaheadValidationError, type Rule, type TokenType } from 'chevrotain';

type AlternationOptions = Parameters<ILookaheadStrategy['buildLookaheadForAlternation']>[0];
type OptionalOptions = Parameters<ILookaheadStrategy['buildLookaheadForOptional']>[0];
type AlternationLookahead = ReturnType<ILookaheadStrategy['buildLookaheadForAlternation']>;
type OptionalLookahead = ReturnType<ILookaheadStrategy['buildLookaheadForOptional']>;

export class LazyLookaheadStrategy implements ILookaheadStrategy {
  private readonly eager: ILookaheadStrategy;
  private builtCount = 0;

  constructor(options: { maxLookahead: number }) {
    this.eager = new LLkLookaheadStrategy(options);
  }

  /** How many lookahead functions have been built so far. */
  get built(): number {
    return this.builtCount;
  }

  validate(options: { rules: Rule[]; tokenTypes: TokenType[]; grammarName: string }): ILookaheadValidationError[] {
    return this.eager.validate(options);
  }

  initialize(options: { rules: Rule[] }): void {
    this.eager.initialize?.(options);
  }

  buildLookaheadForAlternation(options: AlternationOptions): AlternationLookahead {
    return this.deferred(() => this.eager.buildLookaheadForAlternation(options));
  }

  buildLookaheadForOptional(options: OptionalOptions): OptionalLookahead {
    return this.deferred(() => this.eager.buildLookaheadForOptional(options));
  }

  private deferred<F extends AlternationLookahead | OptionalLookahead>(build: () => F): F {
    const strategy = this;
    let real: F | undefined;
    // Chevrotain calls lookahead functions with the parser as `this`.
    function standIn(this: unknown, ...args: unknown[]): unknown {
      if (real === undefined) {
        real = build();
        strategy.builtCount++;
        replaceInCache(this, standIn, real);
      }
      return (real as (...args: unknown[]) => unknown).apply(this, args);
    }
    return standIn as F;
  }
}

/** Swaps `standIn` for `real` in the parser's lookahead cache, if the cache is where Chevrotain 11 keeps it. */
function replaceInCache(parser: unknown, standIn: unknown, real: unknown): void {
  const cache = (parser as { lookAheadFuncsCache?: unknown } | undefined)?.lookAheadFuncsCache;
  if (!(cache instanceof Map)) return;
  for (const [key, value] of cache) {
    if (value === standIn) cache.set(key, real);
  }
}

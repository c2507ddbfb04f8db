/**
 * Open enumeration contexts (WS-Enumeration, DSP0226 §8): what an Enumerate
 * started and later Pulls continue. Each holds the session's async iterator,
 * so instances are produced as they are pulled, not all at once. Contexts
 * expire when not pulled for `expiryMs` (WinRM's default is minutes; the
 * client may never come back), and at most `maxOpen` are open at a time, so
 * abandoned enumerations cannot grow the server without bound.
 */
import { randomUUID } from 'node:crypto';
import type { CimInstance } from '../../session.js';

/** What the Enumerate asked for that later Pulls keep. */
export interface EnumerationRequest {
  /** Items carry their EPR (`EnumerateObjectAndEPR`) or are only EPRs (`EnumerateEPR`). */
  readonly withEpr: boolean;
  readonly eprOnly: boolean;
}

export interface EnumerationContext {
  readonly id: string;
  readonly iterator: AsyncIterator<CimInstance>;
  readonly request: EnumerationRequest;
  /** Aborts the session's enumeration when the context ends. */
  readonly controller: AbortController;
  /** A `next()` still running when a Pull timed out: the next Pull waits for it instead of skipping ahead. */
  inflight: Promise<IteratorResult<CimInstance>> | undefined;
  /** Resource URI the enumeration was opened on (Pull must name the same). */
  readonly resourceUri: string;
  /** Instances read from the iterator but not yet sent (a page filled up before they fit). */
  readonly pending: CimInstance[];
  /** The iterator is done (nothing after `pending`). */
  done: boolean;
  /** A Pull is running on it (a second concurrent Pull is refused). */
  busy: boolean;
  expiresAt: number;
}

export interface EnumerationStoreOptions {
  readonly expiryMs?: number;
  readonly maxOpen?: number;
  /** Clock (tests). */
  readonly now?: () => number;
}

export class EnumerationStore {
  readonly expiryMs: number;
  readonly maxOpen: number;
  readonly #now: () => number;
  readonly #open = new Map<string, EnumerationContext>();
  /** Ids released or expired, kept (bounded) so a late Pull can be told "expired" rather than "invalid". */
  readonly #ended = new Set<string>();
  /** Counters for tests and logs. */
  released = 0;
  expired = 0;

  constructor(options: EnumerationStoreOptions = {}) {
    this.expiryMs = options.expiryMs ?? 5 * 60_000;
    this.maxOpen = options.maxOpen ?? 256;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    this.sweep();
    return this.#open.size;
  }

  /** Opens a context, or returns `undefined` when `maxOpen` are open already. */
  open(iterator: AsyncIterator<CimInstance>, resourceUri: string, request: EnumerationRequest, controller: AbortController): EnumerationContext | undefined {
    this.sweep();
    if (this.#open.size >= this.maxOpen) return undefined;
    const context: EnumerationContext = {
      id: `uuid:${randomUUID().toUpperCase()}`,
      iterator,
      request: { withEpr: request.withEpr, eprOnly: request.eprOnly },
      controller,
      inflight: undefined,
      resourceUri,
      pending: [],
      done: false,
      busy: false,
      expiresAt: this.#now() + this.expiryMs,
    };
    this.#open.set(context.id, context);
    return context;
  }

  /** The open context, `'expired'` for one that ended (released or timed out), `undefined` for an id never issued. */
  get(id: string): EnumerationContext | 'expired' | undefined {
    this.sweep();
    const context = this.#open.get(id);
    if (context) return context;
    return this.#ended.has(id) ? 'expired' : undefined;
  }

  touch(context: EnumerationContext): void {
    context.expiresAt = this.#now() + this.expiryMs;
  }

  /** Ends a context (Release, end of sequence, error), closing its iterator. */
  end(id: string, why: 'released' | 'finished' | 'expired' = 'finished'): boolean {
    const context = this.#open.get(id);
    if (!context) return false;
    this.#open.delete(id);
    this.#remember(id);
    if (why === 'released') this.released++;
    if (why === 'expired') this.expired++;
    // Aborting stops a provider's work in progress; closing lets its generator run its `finally`.
    context.controller.abort(new Error(`enumeration ${why}`));
    context.inflight?.catch(() => undefined);
    void context.iterator.return?.().catch(() => undefined);
    return true;
  }

  /** Ends every expired context. */
  sweep(): void {
    const now = this.#now();
    for (const [id, context] of this.#open) if (!context.busy && context.expiresAt <= now) this.end(id, 'expired');
  }

  /** Ends all (server shutdown). */
  clear(): void {
    for (const id of [...this.#open.keys()]) this.end(id, 'finished');
  }

  #remember(id: string): void {
    this.#ended.add(id);
    if (this.#ended.size > 4 * this.maxOpen) {
      const oldest = this.#ended.values().next().value;
      if (oldest !== undefined) this.#ended.delete(oldest);
    }
  }
}

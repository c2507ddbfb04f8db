/**
 * Cancellation plumbing shared by sessions and job waiting: one place that
 * turns `{ signal, timeoutMs }` into a single AbortSignal and a promise that
 * settles no later than either.
 */
import type { CallOptions } from './session.js';
import { CimTimeoutError, CimValueError } from './errors.js';

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason;
}

function checkTimeout(timeoutMs: number | undefined): void {
  if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || !(timeoutMs >= 0) || !Number.isFinite(timeoutMs))) {
    throw new CimValueError(`timeoutMs must be a finite number >= 0, got ${String(timeoutMs)}`);
  }
}

/**
 * Runs `op` with a signal that aborts when the caller's signal does (reason
 * passed through) or when `timeoutMs` elapses (`CimTimeoutError`). The returned
 * promise settles at the first of: `op` settling, abort, timeout, even if `op`
 * ignores its signal.
 */
export async function runWithDeadline<T>(
  options: CallOptions | undefined,
  what: string,
  op: (signal: AbortSignal) => Promise<T> | T,
): Promise<T> {
  const outer = options?.signal;
  throwIfAborted(outer);
  checkTimeout(options?.timeoutMs);
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(outer!.reason);
  outer?.addEventListener('abort', onAbort, { once: true });
  const timeoutMs = options?.timeoutMs;
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => controller.abort(new CimTimeoutError(`${what} timed out after ${timeoutMs} ms`, timeoutMs)), timeoutMs);
  try {
    return await new Promise<T>((resolve, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
      Promise.resolve()
        .then(() => op(controller.signal))
        .then(resolve, reject);
    });
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
  }
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Waiting for CIM jobs (CIM_ConcreteJob and subclasses such as Msvm_ConcreteJob):
 * poll `JobState` until it is final, report `PercentComplete`, and turn a
 * failed job into a `CimJobError` with `ErrorCode`, `ErrorDescription` and,
 * when the job class has it, the `CIM_Error` from `GetError`.
 */
import type { CimInstance, CimSession, CimValue } from './session.js';
import type { CimReference } from './reference.js';
import { CimJobError, CimTimeoutError, CimValueError } from './errors.js';
import { instanceFromCimXml } from './cimxml.js';
import { isCimInstance } from './marshal.js';
import { lookup } from './registry.js';
import { sleep, throwIfAborted } from './signals.js';

/** CIM_ConcreteJob.JobState values. */
export const JobState = {
  New: 2,
  Starting: 3,
  Running: 4,
  Suspended: 5,
  ShuttingDown: 6,
  Completed: 7,
  Terminated: 8,
  Killed: 9,
  Exception: 10,
  Service: 11,
} as const;

const STATE_NAMES: Readonly<Record<number, string>> = Object.fromEntries(Object.entries(JobState).map(([k, v]) => [v, k]));

const FAILED_STATES: ReadonlySet<number> = new Set([JobState.Terminated, JobState.Killed, JobState.Exception]);

export interface WaitForJobOptions {
  /** Required: jobs can run for hours, so the caller says how long is too long. */
  readonly timeoutMs: number;
  /** Delay between polls (default 500 ms). */
  readonly pollIntervalMs?: number;
  readonly signal?: AbortSignal;
  /** Called with `PercentComplete` whenever it changes (and on the first poll). */
  readonly onProgress?: (percent: number, job: CimInstance) => void;
}

function toNumber(v: CimValue | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) return Number(v);
  return undefined;
}

function toText(v: CimValue | undefined): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function describeJob(job: CimReference, instance?: CimInstance): string {
  const id = instance ? toText(lookup(instance.properties, 'InstanceID')) : undefined;
  return id ? `job ${id}` : `job ${job.toString()}`;
}

/** The job's `GetError` answer, if it has one; any failure here is swallowed, the job error is what matters. */
async function fetchCimError(session: CimSession, job: CimReference, signal: AbortSignal | undefined, timeoutMs: number): Promise<CimInstance | undefined> {
  try {
    const result = await session.invokeMethod(job, 'GetError', {}, { ...(signal ? { signal } : {}), timeoutMs: Math.max(1, timeoutMs) });
    const e = lookup(result.outParameters, 'Error');
    if (typeof e === 'string') return instanceFromCimXml(e);
    if (isCimInstance(e)) return e;
  } catch {
    // No GetError, or it failed: ErrorCode/ErrorDescription still describe the failure.
  }
  return undefined;
}

/**
 * Polls `job` until it completes (resolves with the final job instance), fails
 * (`CimJobError`), `timeoutMs` passes (`CimTimeoutError`) or `signal` aborts
 * (its reason). States other than 7..10 (New, Running, Suspended, Service,
 * vendor states) keep it waiting.
 */
export async function waitForJob(session: CimSession, job: CimReference, options: WaitForJobOptions): Promise<CimInstance> {
  const { timeoutMs, signal, onProgress } = options;
  const interval = options.pollIntervalMs ?? 500;
  if (typeof timeoutMs !== 'number' || !(timeoutMs >= 0)) throw new CimValueError(`waitForJob needs timeoutMs >= 0, got ${String(timeoutMs)}`);
  if (!(interval >= 0) || !Number.isFinite(interval)) throw new CimValueError(`pollIntervalMs must be >= 0, got ${String(interval)}`);
  throwIfAborted(signal);
  const deadline = Date.now() + timeoutMs;
  let lastPercent: number | undefined;
  let lastState: number | undefined;
  const timeout = (): CimTimeoutError =>
    new CimTimeoutError(
      `${describeJob(job)} did not finish within ${timeoutMs} ms` +
        (lastState === undefined ? '' : ` (JobState ${lastState}${lastPercent === undefined ? '' : `, ${lastPercent}%`})`),
      timeoutMs,
    );
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw timeout();
    let instance: CimInstance;
    try {
      instance = await session.getInstance(job, { ...(signal ? { signal } : {}), timeoutMs: remaining });
    } catch (e) {
      if (e instanceof CimTimeoutError && !signal?.aborted) throw timeout();
      throw e;
    }
    const state = toNumber(lookup(instance.properties, 'JobState'));
    const percent = toNumber(lookup(instance.properties, 'PercentComplete'));
    lastState = state;
    if (percent !== undefined && percent !== lastPercent) {
      lastPercent = percent;
      onProgress?.(percent, instance);
    }
    if (state === JobState.Completed) return instance;
    if (state !== undefined && FAILED_STATES.has(state)) {
      const errorCode = toNumber(lookup(instance.properties, 'ErrorCode'));
      const errorDescription = toText(lookup(instance.properties, 'ErrorDescription'));
      const cimError = await fetchCimError(session, job, signal, deadline - Date.now());
      const detail = errorDescription ?? (cimError ? toText(lookup(cimError.properties, 'Message')) : undefined) ?? 'no error description';
      throw new CimJobError({
        message: `${describeJob(job, instance)} ended in state ${state} (${STATE_NAMES[state]}): ${detail}${errorCode === undefined ? '' : ` (ErrorCode ${errorCode})`}`,
        job,
        jobState: state,
        errorCode,
        errorDescription,
        cimError,
        jobInstance: instance,
      });
    }
    const left = deadline - Date.now();
    if (left <= 0) throw timeout();
    await sleep(Math.min(interval, left), signal);
  }
}

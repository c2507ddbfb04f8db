/**
 * Waiting for CIM jobs (CIM_ConcreteJob and subclasses such as Msvm_ConcreteJob),
 * as Hyper-V runs them: re-read the job from its reference with backoff until
 * `JobState` is final, report `PercentComplete` and state changes, resolve on
 * Completed (7) and on Hyper-V's Completed with warnings (32768), reject on
 * Terminated/Killed/Exception with the job's errors, and on abort or timeout
 * ask the job to stop (`RequestStateChange(4)`) when it can be cancelled.
 */
import type { CimInstance, CimSession, CimValue } from './session.js';
import { CimReference } from './reference.js';
import {
  CimJobAbortedError,
  CimJobError,
  CimJobLostError,
  CimJobTimeoutError,
  CimNotFoundError,
  CimTimeoutError,
  CimValueError,
  type JobCancelOutcome,
} from './errors.js';
import { instanceFromCimXml } from './cimxml.js';
import { isCimInstance } from './marshal.js';
import { lookup } from './registry.js';
import { sleep, throwIfAborted } from './signals.js';

/** CIM_ConcreteJob.JobState values, plus Hyper-V's 32768 (Completed with warnings). */
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
  CompletedWithWarnings: 32768,
} as const;

const STATE_NAMES: Readonly<Record<number, string>> = Object.fromEntries(Object.entries(JobState).map(([k, v]) => [v, k]));

/** `JobState` as a name (`Running`, `Service`, `CompletedWithWarnings`), or undefined for values CIM and Hyper-V do not name. */
export function jobStateName(state: number): string | undefined {
  return STATE_NAMES[state];
}

const FAILED_STATES: ReadonlySet<number> = new Set([JobState.Terminated, JobState.Killed, JobState.Exception]);

/** `RequestStateChange` RequestedState 4: Terminate (the cancel request). */
const TERMINATE = 4;

/** A job that finished, but not cleanly: Hyper-V's 32768, or Completed (7) with a non-zero `ErrorCode`. */
export interface JobWarning {
  /** 7 or 32768. */
  readonly jobState: number;
  readonly message: string;
  readonly errorCode: number | undefined;
  readonly errorDescription: string | undefined;
  readonly errorSummaryDescription: string | undefined;
  /** Decoded error instances (`GetErrorEx`, else `GetErrors`, else `GetError`), possibly empty. */
  readonly errors: readonly CimInstance[];
}

export interface WaitForJobOptions {
  /** Required: jobs can run for hours, so the caller says how long is too long. */
  readonly timeoutMs: number;
  /** First delay between polls (default 250 ms); each later delay doubles, up to `maxPollIntervalMs`. */
  readonly pollIntervalMs?: number;
  /** Longest delay between polls (default 5000 ms). */
  readonly maxPollIntervalMs?: number;
  readonly signal?: AbortSignal;
  /** Called with `PercentComplete` whenever it changes (and on the first poll). */
  readonly onProgress?: (percent: number, job: CimInstance) => void;
  /** Called when `JobState` changes (first poll included), e.g. to report Suspended (5) or Service (11). */
  readonly onStateChange?: (state: number, name: string | undefined, job: CimInstance) => void;
  /** Called once when the job finishes with warnings (32768, or 7 with a non-zero `ErrorCode`). */
  readonly onWarning?: (warning: JobWarning, job: CimInstance) => void;
  /**
   * On abort or timeout, ask the job to stop with `RequestStateChange(4)`.
   * Default: when the job last said `Cancellable = TRUE`.
   */
  readonly cancelOnAbort?: boolean;
  /** Time limit for each call made after the wait itself settles: the cancel request, `GetErrorEx`/`GetErrors`/`GetError` (default 10 000 ms). */
  readonly followUpTimeoutMs?: number;
}

function toNumber(v: CimValue | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) return Number(v);
  return undefined;
}

/** Booleans arrive typed in process and as text (`true`, `TRUE`) over WS-Management. */
function toBoolean(v: CimValue | undefined): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^\s*(true|false)\s*$/i.test(v)) return v.trim().toLowerCase() === 'true';
  return undefined;
}

function toText(v: CimValue | undefined): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function describeJob(job: CimReference, instance?: CimInstance): string {
  const id = instance ? toText(lookup(instance.properties, 'InstanceID')) : toText(job.key('InstanceID') as CimValue | undefined);
  return id ? `job ${id}` : `job ${job.toString()}`;
}

function describeState(state: number | undefined, percent: number | undefined): string {
  if (state === undefined) return 'never read';
  const name = STATE_NAMES[state];
  return `JobState ${state}${name ? ` ${name}` : ''}${percent === undefined ? '' : `, ${percent}%`}`;
}

function describeCancel(cancel: JobCancelOutcome): string {
  if (!cancel.requested) return 'no cancel requested';
  if (cancel.accepted) return `cancel requested and accepted (RequestStateChange returned ${String(cancel.returnValue)})`;
  if (cancel.returnValue !== undefined) return `cancel requested and refused (RequestStateChange returned ${cancel.returnValue})`;
  const why = cancel.error instanceof Error ? cancel.error.message : String(cancel.error);
  return `cancel request failed: ${why}`;
}

/** One error value as an instance: embedded instances arrive as CIM-XML text or nested instances. Undecodable ones are dropped. */
function decodeErrors(value: CimValue | undefined): CimInstance[] {
  const items = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  const out: CimInstance[] = [];
  for (const item of items) {
    if (isCimInstance(item)) out.push(item);
    else if (typeof item === 'string' && item.trim() !== '') {
      try {
        out.push(instanceFromCimXml(item));
      } catch {
        // Not CIM-XML: ErrorCode/ErrorDescription still describe the failure.
      }
    }
  }
  return out;
}

/**
 * The job's errors: Hyper-V's `GetErrorEx` (an array of embedded `Msvm_Error`),
 * else DMTF's `GetErrors`, else `GetError`. Failures here are swallowed: the
 * job's own ErrorCode/ErrorDescription are what the caller gets regardless.
 */
async function fetchErrors(session: CimSession, job: CimReference, timeoutMs: number): Promise<CimInstance[]> {
  const attempts: readonly (readonly [string, string])[] = [
    ['GetErrorEx', 'Errors'],
    ['GetErrors', 'Errors'],
    ['GetError', 'Error'],
  ];
  for (const [method, out] of attempts) {
    try {
      const result = await session.invokeMethod(job, method, {}, { timeoutMs });
      const rv = toNumber(result.returnValue ?? undefined);
      if (rv !== undefined && rv !== 0) continue;
      const errors = decodeErrors(lookup(result.outParameters, out));
      if (errors.length > 0) return errors;
    } catch {
      // The class lacks the method, or it failed: try the next one.
    }
  }
  return [];
}

async function requestCancel(session: CimSession, job: CimReference, timeoutMs: number): Promise<JobCancelOutcome> {
  try {
    const result = await session.invokeMethod(job, 'RequestStateChange', { RequestedState: TERMINATE }, { timeoutMs });
    const rv = toNumber(result.returnValue ?? undefined);
    // 0: done; 4096: transition started (DMTF). Anything else is a refusal.
    return { requested: true, accepted: rv === 0 || rv === 4096, returnValue: rv };
  } catch (error) {
    return { requested: true, accepted: false, error };
  }
}

/** The path to poll: the job's own class once seen, so Hyper-V's properties (Cancellable, ErrorSummaryDescription…) come back. */
function ownClassPath(job: CimReference, instance: CimInstance): CimReference {
  if (instance.className.toLowerCase() === job.className.toLowerCase()) return job;
  if (instance.path && instance.path.className.toLowerCase() === instance.className.toLowerCase()) {
    return instance.path.namespace === undefined && job.namespace !== undefined ? instance.path.with({ namespace: job.namespace }) : instance.path;
  }
  return CimReference.to(instance.className, job.keys, {
    ...(job.namespace !== undefined ? { namespace: job.namespace } : {}),
    ...(job.host !== undefined ? { host: job.host } : {}),
  });
}

function checkMs(name: string, v: number | undefined, fallback: number): number {
  const ms = v ?? fallback;
  if (typeof ms !== 'number' || !(ms >= 0) || !Number.isFinite(ms)) throw new CimValueError(`${name} must be a finite number >= 0, got ${String(v)}`);
  return ms;
}

/**
 * Polls `job` until it completes (resolves with the final job instance, read
 * with the job's own class), fails (`CimJobError`), vanishes
 * (`CimJobLostError`), `timeoutMs` passes (`CimJobTimeoutError`) or `signal`
 * aborts (`CimJobAbortedError`, the signal's reason as `cause`). New, Starting,
 * Running, Shutting Down, Suspended, Service and unnamed states keep it waiting.
 */
export async function waitForJob(session: CimSession, job: CimReference, options: WaitForJobOptions): Promise<CimInstance> {
  const { timeoutMs } = options;
  if (typeof timeoutMs !== 'number' || !(timeoutMs >= 0)) throw new CimValueError(`waitForJob needs timeoutMs >= 0, got ${String(timeoutMs)}`);
  return waitForJobUntil(session, job, options, Date.now() + timeoutMs, timeoutMs);
}

/**
 * `waitForJob` against an absolute `deadline`; errors report `timeoutMs` (the
 * caller's whole budget, e.g. call + wait in `callMethodAndWait`). Internal.
 */
export async function waitForJobUntil(
  session: CimSession,
  job: CimReference,
  options: Omit<WaitForJobOptions, 'timeoutMs'>,
  deadline: number,
  timeoutMs: number,
): Promise<CimInstance> {
  const { signal, onProgress, onStateChange, onWarning } = options;
  const firstInterval = checkMs('pollIntervalMs', options.pollIntervalMs, 250);
  const maxInterval = Math.max(firstInterval, checkMs('maxPollIntervalMs', options.maxPollIntervalMs, 5000));
  const followUpMs = Math.max(1, checkMs('followUpTimeoutMs', options.followUpTimeoutMs, 10_000));
  throwIfAborted(signal);
  let path = job;
  let last: CimInstance | undefined;
  let lastPercent: number | undefined;
  let lastState: number | undefined;

  const cancel = async (): Promise<JobCancelOutcome> => {
    const wanted = options.cancelOnAbort ?? (last !== undefined && toBoolean(lookup(last.properties, 'Cancellable')) === true);
    return wanted ? requestCancel(session, path, followUpMs) : { requested: false, accepted: false };
  };
  const timedOut = async (): Promise<CimJobTimeoutError> => {
    const outcome = await cancel();
    return new CimJobTimeoutError(
      `${describeJob(job, last)} did not finish within ${timeoutMs} ms (${describeState(lastState, lastPercent)}); ${describeCancel(outcome)}`,
      timeoutMs,
      { job: path, jobState: lastState, percentComplete: lastPercent, cancel: outcome },
    );
  };
  const aborted = async (reason: unknown): Promise<CimJobAbortedError> => {
    const outcome = await cancel();
    const why = reason instanceof Error ? reason.message : String(reason);
    return new CimJobAbortedError(`waiting for ${describeJob(job, last)} was aborted (${why}) in ${describeState(lastState, lastPercent)}; ${describeCancel(outcome)}`, {
      job: path,
      jobState: lastState,
      cancel: outcome,
      cause: reason,
    });
  };

  let delay = firstInterval;
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw await timedOut();
    let instance: CimInstance;
    try {
      instance = await session.getInstance(path, { ...(signal ? { signal } : {}), timeoutMs: remaining });
    } catch (e) {
      if (signal?.aborted) throw await aborted(signal.reason);
      if (e instanceof CimTimeoutError) throw await timedOut();
      if (e instanceof CimNotFoundError) {
        const seen = lastState === undefined ? 'before it was ever read' : `after ${describeState(lastState, lastPercent)}`;
        throw new CimJobLostError(`${describeJob(job, last)} no longer exists (removed ${seen}; Hyper-V removes jobs after TimeBeforeRemoval)`, {
          job: path,
          lastJobState: lastState,
          cause: e,
        });
      }
      throw e;
    }
    path = ownClassPath(path, instance);
    last = instance;
    const state = toNumber(lookup(instance.properties, 'JobState'));
    const percent = toNumber(lookup(instance.properties, 'PercentComplete'));
    if (state !== undefined && state !== lastState) onStateChange?.(state, STATE_NAMES[state], instance);
    lastState = state;
    if (percent !== undefined && percent !== lastPercent) {
      lastPercent = percent;
      onProgress?.(percent, instance);
    }
    if (state === JobState.Completed || state === JobState.CompletedWithWarnings) {
      const errorCode = toNumber(lookup(instance.properties, 'ErrorCode'));
      if (state === JobState.CompletedWithWarnings || (errorCode !== undefined && errorCode !== 0)) {
        const warning = await makeWarning(session, path, instance, state, followUpMs);
        onWarning?.(warning, instance);
      }
      return instance;
    }
    if (state !== undefined && FAILED_STATES.has(state)) throw await makeJobError(session, job, path, instance, state, followUpMs);
    const left = deadline - Date.now();
    if (left <= 0) throw await timedOut();
    try {
      await sleep(Math.min(delay, left), signal);
    } catch (reason) {
      throw await aborted(reason);
    }
    delay = Math.min(delay * 2, maxInterval);
  }
}

function errorFields(instance: CimInstance) {
  return {
    errorCode: toNumber(lookup(instance.properties, 'ErrorCode')),
    errorDescription: toText(lookup(instance.properties, 'ErrorDescription')),
    errorSummaryDescription: toText(lookup(instance.properties, 'ErrorSummaryDescription')),
  };
}

function firstMessage(errors: readonly CimInstance[]): string | undefined {
  for (const e of errors) {
    const m = toText(lookup(e.properties, 'Message'));
    if (m) return m;
  }
  return undefined;
}

async function makeWarning(session: CimSession, path: CimReference, instance: CimInstance, state: number, followUpMs: number): Promise<JobWarning> {
  const fields = errorFields(instance);
  const errors = await fetchErrors(session, path, followUpMs);
  const detail = fields.errorDescription ?? fields.errorSummaryDescription ?? firstMessage(errors) ?? 'no description';
  const code = fields.errorCode === undefined || fields.errorCode === 0 ? '' : ` (ErrorCode ${fields.errorCode})`;
  return { jobState: state, message: `${describeJob(path, instance)} completed with warnings: ${detail}${code}`, ...fields, errors };
}

async function makeJobError(
  session: CimSession,
  job: CimReference,
  path: CimReference,
  instance: CimInstance,
  state: number,
  followUpMs: number,
): Promise<CimJobError> {
  const fields = errorFields(instance);
  const errors = await fetchErrors(session, path, followUpMs);
  const detail = fields.errorDescription ?? fields.errorSummaryDescription ?? firstMessage(errors) ?? 'no error description';
  return new CimJobError({
    message: `${describeJob(job, instance)} ended in state ${state} (${STATE_NAMES[state]}): ${detail}${fields.errorCode === undefined ? '' : ` (ErrorCode ${fields.errorCode})`}`,
    job: path,
    jobState: state,
    ...fields,
    errors,
    jobInstance: instance,
  });
}

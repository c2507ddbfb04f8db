/**
 * Typed calls: what every generated method body delegates to. Marshal the
 * typed arguments, call the session, unmarshal `{ ReturnValue, ...outs }`;
 * the job-aware form also waits for the job a 4096 return starts.
 */
import type { ClassDescriptor, MethodDescriptor } from './descriptor.js';
import type { CallOptions, CimInstance, CimSession, EnumerateOptions } from './session.js';
import { CimReference } from './reference.js';
import { CimMethodError, CimValueError } from './errors.js';
import type { ClassRegistry } from './registry.js';
import { marshalArguments, marshalInstance, resolveMethod, unmarshalInstance, unmarshalResult } from './marshal.js';
import { isRetryableReturnValue, returnValueName } from './return-values.js';
import { waitForJobUntil, type JobWarning, type WaitForJobOptions } from './job.js';

export interface TypedCallOptions extends CallOptions {
  /** Resolves embedded objects and subclasses by class name. */
  readonly registry?: ClassRegistry;
}

export interface JobCallOptions extends TypedCallOptions, WaitForJobOptions {
  /** Required: bounds the call and the wait together. */
  readonly timeoutMs: number;
}

/** What the job-aware form resolves with: the method's result, plus the finished job (and its warnings, if any) when one ran. */
export type JobAwareResult<R> = R & { readonly finishedJob?: CimInstance; readonly jobWarnings?: readonly JobWarning[] };

/** ReturnValue 4096: "Method Parameters Checked - Job Started" (DMTF). */
export const JOB_STARTED = 4096;

function withNamespace<T>(target: CimReference<T>, classDescriptor: ClassDescriptor): CimReference<T> {
  return target.namespace === undefined ? target.with({ namespace: classDescriptor.namespace }) : target;
}

function callOptions(options: CallOptions | undefined): CallOptions {
  return {
    ...(options?.signal ? { signal: options.signal } : {}),
    ...(options?.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  };
}

/**
 * Invokes `methodName` on `target` (an instance path, or `CimReference.to(className)`
 * for static methods) and returns the typed `{ ReturnValue, ...outs }`. Any
 * ReturnValue comes back as is: checking it is the caller's (or `callMethodAndWait`'s) job.
 */
export async function callMethod<R = Record<string, unknown>>(
  session: CimSession,
  classDescriptor: ClassDescriptor,
  methodName: string,
  target: CimReference,
  args?: object,
  options?: TypedCallOptions,
): Promise<R> {
  const method = resolveMethod(classDescriptor, methodName);
  const inParameters = marshalArguments(classDescriptor, method, args, options?.registry);
  const wire = await session.invokeMethod(withNamespace(target, classDescriptor), method.name, inParameters, callOptions(options));
  return unmarshalResult<R>(classDescriptor, method, wire, options?.registry);
}

/** The `[Out]` parameter carrying the job: named `Job`, else the only output REF to a `…Job` class. */
export function jobParameterName(method: MethodDescriptor): string | undefined {
  const outs = method.parameters.filter((p) => p.out && p.type === 'reference' && !p.isArray);
  const named = outs.find((p) => p.name.toLowerCase() === 'job');
  if (named) return named.name;
  const jobs = outs.filter((p) => /job$/i.test(p.refClass ?? ''));
  return jobs.length === 1 ? jobs[0]!.name : undefined;
}

/**
 * Settles a typed method result: ReturnValue 0 → the result; 4096 with a job →
 * waits for the job (`waitForJob`) and adds it as `finishedJob` (warnings as
 * `jobWarnings`); anything else → `CimMethodError`, named by `returnValueName`
 * and marked `retryable` for Hyper-V's 32774/32775.
 */
export async function awaitMethodResult<R extends object>(
  session: CimSession,
  classDescriptor: ClassDescriptor,
  methodName: string,
  result: R,
  options: WaitForJobOptions,
): Promise<JobAwareResult<R>> {
  if (typeof options?.timeoutMs !== 'number' || !(options.timeoutMs >= 0)) throw new CimValueError('awaitMethodResult needs options.timeoutMs >= 0');
  return settle(session, classDescriptor, methodName, result, options, Date.now() + options.timeoutMs, options.timeoutMs);
}

async function settle<R extends object>(
  session: CimSession,
  classDescriptor: ClassDescriptor,
  methodName: string,
  result: R,
  options: WaitForJobOptions,
  deadline: number,
  reportedTimeoutMs: number,
): Promise<JobAwareResult<R>> {
  const method = resolveMethod(classDescriptor, methodName);
  if (method.returns === 'void') return result;
  const rv = (result as { ReturnValue?: unknown }).ReturnValue;
  if (typeof rv !== 'number' && typeof rv !== 'bigint') {
    throw new CimMethodError(classDescriptor.name, method.name, -1, 'no ReturnValue', result as Record<string, unknown>);
  }
  if (BigInt(rv) === 0n) return result;
  const jobName = jobParameterName(method);
  const job = jobName === undefined ? undefined : (result as Record<string, unknown>)[jobName];
  if (BigInt(rv) === BigInt(JOB_STARTED) && job instanceof CimReference) {
    const warnings: JobWarning[] = [];
    const finishedJob = await waitForJobUntil(
      session,
      job,
      {
        ...options,
        onWarning: (warning, instance) => {
          warnings.push(warning);
          options.onWarning?.(warning, instance);
        },
      },
      deadline,
      reportedTimeoutMs,
    );
    return warnings.length > 0 ? { ...result, finishedJob, jobWarnings: warnings } : { ...result, finishedJob };
  }
  throw new CimMethodError(classDescriptor.name, method.name, rv, returnValueName(method, rv, classDescriptor.name), result as Record<string, unknown>, {
    retryable: isRetryableReturnValue(rv, classDescriptor.name),
  });
}

/** `callMethod`, then `awaitMethodResult`; `timeoutMs` bounds both together. */
export async function callMethodAndWait<R extends object = Record<string, unknown>>(
  session: CimSession,
  classDescriptor: ClassDescriptor,
  methodName: string,
  target: CimReference,
  args: object | undefined,
  options: JobCallOptions,
): Promise<JobAwareResult<R>> {
  if (typeof options?.timeoutMs !== 'number') throw new CimValueError('callMethodAndWait needs options.timeoutMs');
  const deadline = Date.now() + options.timeoutMs;
  const result = await callMethod<R>(session, classDescriptor, methodName, target, args, options);
  return settle(session, classDescriptor, methodName, result, options, deadline, options.timeoutMs);
}

/** Gets one instance, typed (subclass-aware through the registry). */
export async function getTypedInstance<T = Record<string, unknown>>(
  session: CimSession,
  classDescriptor: ClassDescriptor,
  path: CimReference,
  options?: TypedCallOptions,
): Promise<T> {
  const wire = await session.getInstance(withNamespace(path, classDescriptor), callOptions(options));
  return unmarshalInstance<T>(classDescriptor, wire, options?.registry);
}

/** Enumerates instances of a class (and its subclasses), typed. */
export async function* enumerateTypedInstances<T = Record<string, unknown>>(
  session: CimSession,
  classDescriptor: ClassDescriptor,
  options?: EnumerateOptions & TypedCallOptions,
): AsyncGenerator<T> {
  const { registry, ...rest } = options ?? {};
  const enumerateOptions: EnumerateOptions = { namespace: classDescriptor.namespace, ...rest };
  for await (const wire of session.enumerateInstances(classDescriptor.name, enumerateOptions)) {
    yield unmarshalInstance<T>(classDescriptor, wire, registry);
  }
}

/** Creates an instance from a typed value; keys the server assigns may be left out. Resolves with the new path. */
export async function createTypedInstance<T = unknown>(
  session: CimSession,
  classDescriptor: ClassDescriptor,
  instance: object,
  options?: TypedCallOptions,
): Promise<CimReference<T>> {
  const wire = marshalInstance(classDescriptor, instance, options?.registry, { requireKeys: false });
  const path = await session.createInstance(wire, callOptions(options));
  return CimReference.to<T>(path.className, path.keys, { namespace: path.namespace, host: path.host, singleton: path.isSingleton });
}

/** Writes the properties present in a typed value (or those in `propertyList`) to the instance its keys name. */
export async function modifyTypedInstance(
  session: CimSession,
  classDescriptor: ClassDescriptor,
  instance: object,
  options?: TypedCallOptions & { readonly propertyList?: readonly string[] },
): Promise<void> {
  const wire = marshalInstance(classDescriptor, instance, options?.registry);
  await session.modifyInstance(wire, { ...callOptions(options), ...(options?.propertyList ? { propertyList: options.propertyList } : {}) });
}

export async function deleteTypedInstance(
  session: CimSession,
  classDescriptor: ClassDescriptor,
  path: CimReference,
  options?: CallOptions,
): Promise<void> {
  await session.deleteInstance(withNamespace(path, classDescriptor), callOptions(options));
}

/** The far ends of `association` from `source` (in `role`), typed by `result`'s descriptor. */
export async function* typedAssociators<T = Record<string, unknown>>(
  session: CimSession,
  source: CimReference,
  association: ClassDescriptor,
  role: string,
  result: ClassDescriptor,
  resultRole: string,
  options?: TypedCallOptions,
): AsyncGenerator<T> {
  const query = { assocClass: association.name, role, resultRole, resultClass: result.name, ...callOptions(options) };
  for await (const wire of session.associators(withNamespace(source, association), query)) {
    yield unmarshalInstance<T>(result, wire, options?.registry);
  }
}

/** The `association` instances that refer to `source` in `role`, typed. */
export async function* typedReferences<T = Record<string, unknown>>(
  session: CimSession,
  source: CimReference,
  association: ClassDescriptor,
  role: string,
  options?: TypedCallOptions,
): AsyncGenerator<T> {
  const query = { resultClass: association.name, role, ...callOptions(options) };
  for await (const wire of session.references(withNamespace(source, association), query)) {
    yield unmarshalInstance<T>(association, wire, options?.registry);
  }
}

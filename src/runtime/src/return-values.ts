/**
 * Naming a method's ReturnValue: the method's own ValueMap/Values first, then
 * Hyper-V's common method codes for Hyper-V classes, then ranges, then the
 * ValueMap's `..` ("not otherwise listed") entry. See docs/decisions/0015.
 */
import type { MethodDescriptor } from './descriptor.js';

/**
 * The codes Hyper-V's WMI provider returns from any `Msvm_` method, documented
 * once for all of them ("Return value" sections of the Msvm_* method pages);
 * many method ValueMaps in the schema omit them.
 */
export const HYPERV_RETURN_VALUES: Readonly<Record<number, string>> = Object.freeze({
  32768: 'Failed',
  32769: 'Access Denied',
  32770: 'Not Supported',
  32771: 'Status is unknown',
  32772: 'Timeout',
  32773: 'Invalid parameter',
  32774: 'System is in use',
  32775: 'Invalid state for this operation',
  32776: 'Incorrect data type',
  32777: 'System is not available',
  32778: 'Out of memory',
  32779: 'File not found',
});

/** Hyper-V codes a caller may retry unchanged: the system was busy or in a passing state. */
const HYPERV_RETRYABLE: ReadonlySet<bigint> = new Set([32774n, 32775n]);

/** Hyper-V's classes are the `Msvm_` ones (root/virtualization and root/virtualization/v2). */
export function isHyperVClass(className: string | undefined): boolean {
  return className !== undefined && /^msvm_/i.test(className);
}

const INTEGER = /^\s*[+-]?\d+\s*$/;
const RANGE = /^\s*(\d*)\s*\.\.\s*(\d*)\s*$/;

/**
 * Name of a ReturnValue. Order: an explicit ValueMap value; for a Hyper-V
 * class (`className` starting `Msvm_`), Hyper-V's common code name; a bounded
 * range (`4097..32767`, `32768..`); last, the `..` entry. `className` is the
 * class the method was called on; without it the Hyper-V names are not used.
 */
export function returnValueName(method: MethodDescriptor, value: number | bigint, className?: string): string | undefined {
  const names = method.returnValueNames ?? {};
  const v = BigInt(value);
  for (const [key, name] of Object.entries(names)) {
    if (INTEGER.test(key) && BigInt(key.trim()) === v) return name;
  }
  if (isHyperVClass(className) && v >= 32768n && v <= 32779n) return HYPERV_RETURN_VALUES[Number(v)];
  let fallback: string | undefined;
  for (const [key, name] of Object.entries(names)) {
    const range = RANGE.exec(key);
    if (!range) continue;
    const lo = range[1] ? BigInt(range[1]) : undefined;
    const hi = range[2] ? BigInt(range[2]) : undefined;
    if (lo === undefined && hi === undefined) {
      fallback ??= name;
      continue;
    }
    if ((lo === undefined || v >= lo) && (hi === undefined || v <= hi)) return name;
  }
  return fallback;
}

/** Whether a failed call may be retried unchanged: Hyper-V's 32774 and 32775, on Hyper-V classes. */
export function isRetryableReturnValue(value: number | bigint, className?: string): boolean {
  return isHyperVClass(className) && HYPERV_RETRYABLE.has(BigInt(value));
}

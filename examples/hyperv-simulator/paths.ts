/**
 * Host paths as Hyper-V clients send them (`D:\Exports\nightly`, or POSIX
 * `/exports/nightly`), mapped under the simulator's root directory: drive
 * letters become top-level folders (`<root>/D/Exports/nightly`). Anything that
 * could leave the root (relative paths, `..`, UNC shares, NUL) is refused.
 */
import * as path from 'node:path';

/** Why a host path was refused (the caller answers 32773 Invalid parameter). */
export class HostPathError extends Error {}

const WINDOWS_ABSOLUTE = /^([A-Za-z]):[\\/]/;

/** The segments of an absolute host path, drive letter first for Windows paths. */
export function hostPathSegments(hostPath: string): string[] {
  if (hostPath.includes('\0')) throw new HostPathError('the path contains a NUL character');
  let rest: string;
  const segments: string[] = [];
  const drive = WINDOWS_ABSOLUTE.exec(hostPath);
  if (drive) {
    segments.push(drive[1]!.toUpperCase());
    rest = hostPath.slice(3);
  } else if (hostPath.startsWith('/') && !hostPath.startsWith('//')) {
    rest = hostPath.slice(1);
  } else {
    throw new HostPathError(`"${hostPath}" is not an absolute path (expected D:\\… or /…)`);
  }
  for (const part of rest.split(drive ? /[\\/]+/ : /\/+/)) {
    if (part === '' || part === '.') continue;
    if (part === '..') throw new HostPathError(`"${hostPath}" contains ".."`);
    if (drive && /[<>:"|?*]/.test(part)) throw new HostPathError(`"${hostPath}" contains a character Windows does not allow in a name`);
    segments.push(part);
  }
  return segments;
}

/** The local path a host path names under `root`. */
export function toLocalPath(root: string, hostPath: string): string {
  return path.join(root, ...hostPathSegments(hostPath));
}

/** Joins a host directory and a relative name the way the host path is written (`\` for Windows paths). */
export function joinHostPath(hostDir: string, ...names: string[]): string {
  const sep = WINDOWS_ABSOLUTE.test(hostDir) ? '\\' : '/';
  const trimmed = hostDir.replace(/[\\/]+$/, '');
  return [trimmed, ...names.map((n) => n.split('/').join(sep))].join(sep);
}

/** The last segment of a host path (`C:\VMs\web.vhdx` → `web.vhdx`). */
export function hostBaseName(hostPath: string): string {
  const segments = hostPathSegments(hostPath);
  return segments[segments.length - 1] ?? '';
}

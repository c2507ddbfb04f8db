import * as nodePath from 'node:path';

/**
 * Path arithmetic for sources, with no I/O. Files are identified by absolute
 * path; spans name them by a display path, which is stable across runs from
 * the same directory and short to read.
 */

/** Path module used for resolution; injectable so tests can check Windows semantics on any host. */
export type PathApi = Pick<typeof nodePath, 'resolve' | 'relative' | 'dirname' | 'isAbsolute' | 'sep'>;

/**
 * Include names are written Windows-style in many mofcomp files
 * (`#pragma include("sub\\x.mof")`); a backslash is a separator everywhere.
 */
export function normalizeIncludeName(name: string): string {
  return name.replace(/\\/g, '/');
}

/**
 * Where to look for `#pragma include("name")`, in order: the including
 * file's directory, then each include path (`-I`) in the order given. An
 * absolute name is used as is.
 */
export function includeCandidates(
  name: string,
  includingFile: string,
  includePaths: readonly string[],
  cwd: string,
  path: PathApi = nodePath,
): string[] {
  const normalized = normalizeIncludeName(name);
  if (path.isAbsolute(normalized)) return [path.resolve(normalized)];
  const directories = [path.dirname(includingFile), ...includePaths.map((dir) => path.resolve(cwd, dir))];
  const candidates: string[] = [];
  for (const directory of directories) {
    const candidate = path.resolve(directory, normalized);
    if (!candidates.includes(candidate)) candidates.push(candidate);
  }
  return candidates;
}

/** The path spans carry for an included file: relative to `cwd` when it is under `cwd`, absolute otherwise. */
export function displayPath(absolutePath: string, cwd: string, path: PathApi = nodePath): string {
  const under = pathUnder(absolutePath, cwd, path);
  if (under !== undefined) return under;
  const relative = path.relative(cwd, absolutePath);
  if (relative === '' || relative === '..' || relative.startsWith('..' + path.sep) || path.isAbsolute(relative)) {
    return absolutePath;
  }
  return relative;
}

/** Whether `absolutePath` is `directory` or lies under it (lexically: resolve symlinks first where that matters). */
export function isInside(absolutePath: string, directory: string, path: PathApi = nodePath): boolean {
  if (pathUnder(absolutePath, directory, path) !== undefined) return true;
  const relative = path.relative(directory, absolutePath);
  return relative === '' || (relative !== '..' && !relative.startsWith('..' + path.sep) && !path.isAbsolute(relative));
}

/**
 * A relative path that normalizing leaves as it is: no empty, `.` or `..`
 * segment, and (on Windows, where `/` becomes `\`) no `/`.
 */
const NOT_NORMAL: Readonly<Record<string, RegExp>> = {
  '/': /(?:^|\/)\.\.?(?:\/|$)|\/\/|^\/|\/$/,
  '\\': /(?:^|\\)\.\.?(?:\\|$)|\\\\|^\\|\\$|\//,
};

/**
 * The common case of `path.relative(directory, absolutePath)` without its
 * cost (it resolves and normalizes both paths, for every include): when
 * `absolutePath` is `directory`, a separator, and a rest that normalizing
 * leaves as it is, the rest is the relative path. Undefined otherwise (the
 * caller then asks `path.relative`, which also knows Windows' case rules).
 */
function pathUnder(absolutePath: string, directory: string, path: PathApi): string | undefined {
  const sep = path.sep;
  const prefix = directory.endsWith(sep) ? directory.length : directory.length + 1;
  if (absolutePath.length <= prefix || absolutePath[prefix - 1] !== sep || !absolutePath.startsWith(directory)) return undefined;
  if (!path.isAbsolute(directory)) return undefined;
  const rest = absolutePath.slice(prefix);
  const notNormal = NOT_NORMAL[sep];
  return notNormal === undefined || notNormal.test(rest) ? undefined : rest;
}

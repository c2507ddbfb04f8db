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
  const relative = path.relative(cwd, absolutePath);
  if (relative === '' || relative === '..' || relative.startsWith('..' + path.sep) || path.isAbsolute(relative)) {
    return absolutePath;
  }
  return relative;
}

/** Whether `absolutePath` is `directory` or lies under it (lexically: resolve symlinks first where that matters). */
export function isInside(absolutePath: string, directory: string, path: PathApi = nodePath): boolean {
  const relative = path.relative(directory, absolutePath);
  return relative === '' || (relative !== '..' && !relative.startsWith('..' + path.sep) && !path.isAbsolute(relative));
}

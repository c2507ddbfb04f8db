import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  opendirSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  type Dir,
  type Stats,
} from 'node:fs';
import * as nodePath from 'node:path';

/**
 * Reading a source file with bounds: an include names whatever the MOF's
 * author wrote, so the file may be `/dev/zero`, a FIFO with no writer, a
 * directory or a huge file. The file is opened without blocking, its type
 * checked on the open descriptor (no race between a check and the read), and
 * at most the size limit (plus one byte, to see it is exceeded) is read.
 *
 * Failures are thrown as Node-style errors with a `code`, so an injected
 * reader (tests, in-memory files) reports the same way: `ENOENT`, `EISDIR`,
 * `ENOTREG` (not a regular file; `kind` says what it is), `EFBIG` (over the limit).
 */

/** Files above this many bytes are refused unless `--max-file-size` says otherwise. Far above any real schema (DMTF 2.49's largest file is 0.3 MB). */
export const DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024;

export interface ReadLimits {
  /** Largest file accepted, in bytes. */
  readonly maxBytes: number;
}

/** Reads one file by absolute path; throws a Node-style error (`code: 'ENOENT'`, …) when it cannot. */
export type ReadFile = (absolutePath: string, limits?: ReadLimits) => Uint8Array;

export class SourceReadError extends Error {
  constructor(
    readonly code: 'ENOTREG' | 'EFBIG',
    message: string,
    /** For ENOTREG: what the path is ("a FIFO", "a character device", …). */
    readonly kind?: string,
  ) {
    super(message);
    this.name = 'SourceReadError';
  }
}

/** What a non-regular file is, for messages. */
function describeKind(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'a special file';
}

// O_NONBLOCK: opening a FIFO must not wait for a writer. Not defined on Windows, where no such wait exists.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** The default `ReadFile`: a regular file of at most `limits.maxBytes` bytes, read without blocking. */
export function readSourceBytes(absolutePath: string, limits: ReadLimits = { maxBytes: DEFAULT_MAX_FILE_SIZE }): Buffer {
  const fd = openSync(absolutePath, OPEN_FLAGS);
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) throw Object.assign(new Error(`EISDIR: ${absolutePath}`), { code: 'EISDIR' });
    if (!stats.isFile()) {
      const kind = describeKind(stats);
      throw new SourceReadError('ENOTREG', `${absolutePath} is ${kind}`, kind);
    }
    if (stats.size > limits.maxBytes) throw new SourceReadError('EFBIG', `${absolutePath} has ${stats.size} bytes`);
    // The size may change while reading (a file being written, or /proc reporting 0): read to
    // the end, growing the buffer as needed, and never more than one byte past the limit.
    let buffer = Buffer.allocUnsafe(Math.min(stats.size, limits.maxBytes) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > limits.maxBytes) throw new SourceReadError('EFBIG', `${absolutePath} grew past the limit`);
        const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, limits.maxBytes + 1));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const wanted = buffer.length - length;
      const n = readSync(fd, buffer, length, wanted, null);
      if (n === 0) break;
      length += n;
      // A short read that reaches the size fstat gave is the end of a regular file: no
      // second read to see 0 (one system call less per file). /proc files (size 0) read on.
      if (n < wanted && length === stats.size && length > 0) break;
    }
    if (length > limits.maxBytes) throw new SourceReadError('EFBIG', `${absolutePath} grew past the limit`);
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** The canonical path of an existing file (symlinks resolved), or undefined when it cannot be resolved. */
export type RealPath = (absolutePath: string) => string | undefined;

export const realPathOnDisk: RealPath = (absolutePath) => {
  try {
    return realpathSync.native(absolutePath);
  } catch {
    return undefined;
  }
};

/** Directories listed for `realPathCachedOnDisk` up to this many entries; a bigger one is not kept (each file is `lstat`ed). */
const MAX_LISTED_ENTRIES = 10_000;

/** Whether each entry of a directory is a symlink, or undefined when it cannot be listed (or is too big to keep). */
function listSymlinks(directory: string): Map<string, boolean> | undefined {
  let dir: Dir;
  try {
    dir = opendirSync(directory, { bufferSize: 256 });
  } catch {
    return undefined;
  }
  try {
    const symlinks = new Map<string, boolean>();
    for (let entry = dir.readSync(); entry !== null; entry = dir.readSync()) {
      if (symlinks.size === MAX_LISTED_ENTRIES) return undefined;
      // A file system that does not report types leaves all of these false: such names are lstat'ed.
      if (entry.isSymbolicLink()) symlinks.set(entry.name, true);
      else if (entry.isFile() || entry.isDirectory() || entry.isFIFO() || entry.isSocket() || entry.isCharacterDevice() || entry.isBlockDevice()) {
        symlinks.set(entry.name, false);
      }
    }
    return symlinks;
  } catch {
    return undefined;
  } finally {
    dir.closeSync();
  }
}

/**
 * A `RealPath` for one load, with the same answers as `realPathOnDisk` for
 * far fewer system calls (each costs microseconds, and a schema tree keeps
 * hundreds of files in a few directories; `realpath(3)` checks every
 * component of every path). Each directory's real path is resolved once, and
 * the directory listed once: a name the listing shows is not a symlink is its
 * directory's real path plus the name; a symlink is resolved in full; a name
 * the listing does not show (or with no type) is `lstat`ed.
 *
 * Only where realpath does nothing but resolve symlinks (Linux): on Windows
 * and macOS it also gives names their on-disk case, which this would not. The
 * cache lives as long as the function, one load: a tree changed between runs
 * is seen afresh.
 */
export function realPathCachedOnDisk(platform: NodeJS.Platform = process.platform): RealPath {
  if (platform !== 'linux') return realPathOnDisk;
  const directories = new Map<string, { real: string | undefined; symlinks: Map<string, boolean> | undefined }>();
  return (absolutePath) => {
    const directory = nodePath.dirname(absolutePath);
    const name = nodePath.basename(absolutePath);
    // The root, and paths not resolved (`..` last, a trailing `/`) that the shortcut would get wrong.
    if (directory === absolutePath || name === '..' || name === '.' || absolutePath.endsWith('/')) return realPathOnDisk(absolutePath);
    let known = directories.get(directory);
    if (known === undefined) {
      const real = realPathOnDisk(directory);
      known = { real, symlinks: real === undefined ? undefined : listSymlinks(directory) };
      directories.set(directory, known);
    }
    // A directory that does not resolve has no files that do.
    if (known.real === undefined) return undefined;
    let isSymlink = known.symlinks?.get(name);
    if (isSymlink === undefined) {
      let stats: Stats | undefined;
      try {
        stats = lstatSync(absolutePath, { throwIfNoEntry: false });
      } catch {
        return undefined;
      }
      if (stats === undefined) return undefined;
      isSymlink = stats.isSymbolicLink();
    }
    if (isSymlink) return realPathOnDisk(absolutePath);
    // Not `path.join`: both parts are already normal, and it would normalize them again.
    return known.real.endsWith('/') ? known.real + name : `${known.real}/${name}`;
  };
}

/** Names in a directory; empty when it cannot be listed. */
export type ListDirectory = (absolutePath: string) => readonly string[];

export const listDirectoryOnDisk: ListDirectory = (absolutePath) => {
  try {
    return readdirSync(absolutePath);
  } catch {
    return [];
  }
};

import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, realpathSync, type Stats } from 'node:fs';

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
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
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

/** Names in a directory; empty when it cannot be listed. */
export type ListDirectory = (absolutePath: string) => readonly string[];

export const listDirectoryOnDisk: ListDirectory = (absolutePath) => {
  try {
    return readdirSync(absolutePath);
  } catch {
    return [];
  }
};

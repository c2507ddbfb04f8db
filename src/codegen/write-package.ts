/**
 * Writes a generated package so that, whatever happens (an error, a full disk, a
 * SIGKILL at any instruction), the output directory holds the previous package or
 * the new one, never a mix, and the next run needs no manual cleanup.
 *
 * How: the whole new package is staged in a sibling directory (`.<name>.mofc-next`):
 * generated files written (or hard-linked from the old package when unchanged, so
 * their mtime and inode stay), files that are not mofc's (a `dist/`, a user's notes)
 * hard-linked across. Then a journal (`.<name>.mofc-commit`) marks the stage complete
 * and two renames swap the directories (`<name>` → `.<name>.mofc-old`, next → `<name>`);
 * the old one is removed last. A directory cannot be atomically replaced by rename(2)
 * when it is not empty, so between the two renames `<name>` is briefly absent; the
 * journal says which way to finish. Every run first recovers (`recoverOutput`): with a
 * journal it completes the swap, without one it discards the stage. A lock file
 * (`.<name>.mofc-lock`, holding the writer's pid) keeps two runs apart; a lock whose
 * process is gone is taken over.
 *
 * Not covered: durability across power loss (no fsync), and Windows, where renaming a
 * directory that another process has open fails (the run then fails, leaving the old
 * package).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MANIFEST_NAME, type Manifest } from './output.js';

export interface PackageFile {
  /** Package-relative, `/`-separated. */
  readonly path: string;
  readonly text: string;
}

export interface WriteOutcome {
  /** Generated files whose content changed (or are new). */
  readonly written: string[];
  /** Files mofc generated before and no longer generates. */
  readonly removed: string[];
  readonly unchanged: number;
}

/** A write failure mofc can explain (the message names the file); other errors carry the system's message. */
export class PackageWriteError extends Error {
  override readonly name = 'PackageWriteError';
}

/**
 * Every file-system call that changes something, so tests can make any one of them fail
 * (or kill the process there). Reads go to `node:fs` directly.
 */
export interface WriteFs {
  writeFileSync(file: string, text: string): void;
  linkSync(existing: string, target: string): void;
  symlinkSync(target: string, file: string): void;
  renameSync(from: string, to: string): void;
  mkdirSync(dir: string): void;
  /** Removes a file or a whole tree; absent is fine. */
  rmSync(file: string): void;
}

export const realWriteFs: WriteFs = {
  writeFileSync: (file, text) => fs.writeFileSync(file, text, { flag: 'wx' }),
  linkSync: (existing, target) => {
    try {
      fs.linkSync(existing, target);
    } catch (error) {
      // File systems without hard links (or a package on another device): copy instead.
      if (!['EXDEV', 'EPERM', 'ENOTSUP', 'EMLINK'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
      fs.copyFileSync(existing, target, fs.constants.COPYFILE_EXCL);
    }
  },
  symlinkSync: (target, file) => fs.symlinkSync(target, file),
  renameSync: (from, to) => fs.renameSync(from, to),
  mkdirSync: (dir) => fs.mkdirSync(dir),
  rmSync: (file) => fs.rmSync(file, { recursive: true, force: true }),
};

export interface WriteHooks {
  /** Called as the stage fills (`done` of `total` entries) and once more before the swap. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly fs?: WriteFs;
}

/** The sibling paths of an output directory. */
export interface OutputPaths {
  readonly out: string;
  readonly next: string;
  readonly old: string;
  readonly commit: string;
  readonly lock: string;
}

/** Where `outDir` really is (a symlinked output directory is written through the link), and its siblings. */
export function outputPaths(outDir: string): OutputPaths {
  let out = path.resolve(outDir);
  try {
    out = fs.realpathSync(out);
  } catch {
    // absent: written where named
  }
  const parent = path.dirname(out);
  const base = path.basename(out);
  const sibling = (suffix: string) => path.join(parent, `.${base}.mofc-${suffix}`);
  return { out, next: sibling('next'), old: sibling('old'), commit: sibling('commit'), lock: sibling('lock') };
}

/** Paths of an output directory's transient siblings, for tests and cleanup checks. */
export function isTransientSibling(name: string): boolean {
  return /^\..+\.mofc-(next|old|commit|commit\.tmp|lock)$/.test(name);
}

/**
 * Takes the output directory's lock, runs `action`, releases the lock. A lock left by a
 * process that no longer exists is taken over; one held by a live process is an error.
 */
export function withOutputLock<T>(outDir: string, action: (paths: OutputPaths) => T): T {
  const paths = outputPaths(outDir);
  fs.mkdirSync(path.dirname(paths.out), { recursive: true });
  acquire(paths.lock);
  try {
    return action(paths);
  } finally {
    release(paths.lock);
  }
}

/** Locks this process holds: a second writer in the same process is refused like one in another. */
const held = new Set<string>();

function acquire(lock: string): void {
  if (held.has(lock)) throw new PackageWriteError(`this process is already writing it (lock ${path.basename(lock)})`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      held.add(lock);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(readSmall(lock), 10);
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
      throw new PackageWriteError(`another mofc process (pid ${holder}) is writing it (lock ${path.basename(lock)})`);
    }
    fs.rmSync(lock, { force: true }); // left by a process that is gone
  }
  throw new PackageWriteError(`cannot take the lock ${lock}`);
}

function release(lock: string): void {
  held.delete(lock);
  fs.rmSync(lock, { force: true });
}

function readSmall(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').slice(0, 32);
  } catch {
    return '';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const exists = (p: string) => {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
};

/**
 * Finishes or undoes an interrupted write (call with the lock held): with a commit journal
 * the staged package replaces the old one; without, the stage is discarded. Leaves no
 * transient sibling behind.
 */
export function recoverOutput(paths: OutputPaths, wfs: WriteFs = realWriteFs): void {
  if (exists(paths.commit)) {
    if (exists(paths.next)) {
      if (exists(paths.out)) {
        wfs.rmSync(paths.old);
        wfs.renameSync(paths.out, paths.old);
      }
      try {
        wfs.renameSync(paths.next, paths.out);
      } catch (error) {
        if (!exists(paths.out) && exists(paths.old)) wfs.renameSync(paths.old, paths.out);
        wfs.rmSync(paths.commit);
        wfs.rmSync(paths.next);
        throw error;
      }
    } else if (!exists(paths.out) && exists(paths.old)) {
      wfs.renameSync(paths.old, paths.out);
    }
  } else if (!exists(paths.out) && exists(paths.old)) {
    wfs.renameSync(paths.old, paths.out);
  }
  // The journal goes before the stage and the old copy: without it, both are garbage.
  wfs.rmSync(paths.commit);
  wfs.rmSync(`${paths.commit}.tmp`);
  wfs.rmSync(paths.next);
  wfs.rmSync(paths.old);
}

/**
 * Stages the new package and swaps it in (call with the lock held, after `recoverOutput`).
 * `previous` are the files mofc generated before that it may drop (see `previousFiles`);
 * every other entry of the old directory is carried over.
 */
export function writePackage(
  paths: OutputPaths,
  files: readonly PackageFile[],
  previous: ReadonlySet<string>,
  manifest: Manifest,
  hooks: WriteHooks = {},
): WriteOutcome {
  const wfs = hooks.fs ?? realWriteFs;
  const hadOld = exists(paths.out);
  if (hadOld && !fs.statSync(paths.out).isDirectory()) throw new PackageWriteError(`${paths.out} is not a directory`);
  const generated = new Map(files.map((f) => [f.path, f]));
  const written: string[] = [];
  const removed: string[] = [];
  const total = files.length + 1;
  let done = 0;
  try {
    wfs.mkdirSync(paths.next);
    if (hadOld) carryOver(paths, '', generated, previous, removed, wfs);
    for (const f of files) {
      const target = path.join(paths.next, f.path);
      mkdirs(paths.next, path.dirname(f.path), wfs);
      const old = path.join(paths.out, f.path);
      if (hadOld && sameText(old, f.text)) wfs.linkSync(old, target);
      else {
        wfs.writeFileSync(target, f.text);
        written.push(f.path);
      }
      hooks.onProgress?.(++done, total);
    }
    wfs.writeFileSync(path.join(paths.next, MANIFEST_NAME), `${JSON.stringify(manifest, null, 1)}\n`);
    hooks.onProgress?.(++done, total);
    // The commit point: from here on, recovery completes the swap.
    wfs.writeFileSync(`${paths.commit}.tmp`, `${JSON.stringify({ next: path.basename(paths.next) })}\n`);
    wfs.renameSync(`${paths.commit}.tmp`, paths.commit);
  } catch (error) {
    wfs.rmSync(`${paths.commit}.tmp`);
    wfs.rmSync(paths.next);
    throw error;
  }
  try {
    if (hadOld) wfs.renameSync(paths.out, paths.old);
    wfs.renameSync(paths.next, paths.out);
  } catch (error) {
    // Undo: put the old package back and drop the stage.
    if (hadOld && !exists(paths.out) && exists(paths.old)) wfs.renameSync(paths.old, paths.out);
    wfs.rmSync(paths.commit);
    wfs.rmSync(paths.next);
    throw error;
  }
  wfs.rmSync(paths.commit);
  wfs.rmSync(paths.old);
  removed.sort();
  return { written, removed, unchanged: files.length - written.length };
}

/**
 * Links every entry of the old package into the stage, except generated files (written
 * fresh) and files mofc generated before and no longer generates (dropped). A directory
 * where a generated file goes is an error: mofc does not delete what it did not write.
 */
function carryOver(
  paths: OutputPaths,
  rel: string,
  generated: ReadonlyMap<string, PackageFile>,
  previous: ReadonlySet<string>,
  removed: string[],
  wfs: WriteFs,
): void {
  const entries = fs.readdirSync(path.join(paths.out, rel), { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (r === MANIFEST_NAME) continue;
    const from = path.join(paths.out, r);
    const to = path.join(paths.next, r);
    if (e.isDirectory()) {
      if (generated.has(r)) throw new PackageWriteError(`${r} is a directory where mofc writes a file; move it away`);
      wfs.mkdirSync(to);
      carryOver(paths, r, generated, previous, removed, wfs);
    } else if (generated.has(r)) {
      if (!e.isFile()) throw new PackageWriteError(`${r} is not a regular file where mofc writes one; move it away`);
    } else if (previous.has(r)) {
      removed.push(r);
    } else if (e.isSymbolicLink()) {
      wfs.symlinkSync(fs.readlinkSync(from), to);
    } else if (e.isFile()) {
      wfs.linkSync(from, to);
    }
    // Sockets, FIFOs and devices have no place in a package and are not carried.
  }
}

/** Creates `rel` (and its parents) under `root`; an existing non-directory in the way is an error. */
function mkdirs(root: string, rel: string, wfs: WriteFs): void {
  if (rel === '.' || rel === '') return;
  let current = root;
  for (const segment of rel.split('/')) {
    current = path.join(current, segment);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.lstatSync(current);
    } catch {
      stat = undefined;
    }
    if (!stat) wfs.mkdirSync(current);
    else if (!stat.isDirectory()) {
      throw new PackageWriteError(`${path.relative(root, current)} is a file where mofc needs a directory; move it away`);
    }
  }
}

function sameText(file: string, text: string): boolean {
  try {
    const stat = fs.lstatSync(file);
    if (!stat.isFile() || stat.size !== Buffer.byteLength(text)) return false;
    return fs.readFileSync(file, 'utf8') === text;
  } catch {
    return false;
  }
}

/**
 * The edge: the output directory, its manifest, and writing a package so that
 * a failure never leaves it half-written.
 *
 * The manifest (`.mofc-manifest.json`, git-ignored: it is a local cache) records
 * the hash of the generator itself, of the options, of every source file read,
 * and of every file generated (unformatted and final). It serves three purposes:
 * an unchanged re-run stops before parsing anything; a file whose unformatted
 * text did not change is not formatted again; files generated before and no
 * longer generated are removed (and only those).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { GENERATED_HEADER } from './emit-class.js';

export const MANIFEST_NAME = '.mofc-manifest.json';

export interface ManifestFile {
  /** sha256 of the unformatted text. */
  readonly raw: string;
  /** sha256 of the text on disk. */
  readonly hash: string;
}

export interface Manifest {
  readonly version: 1;
  /** Hash of the generator code (and prettier's version). */
  readonly tool: string;
  /** Hash of the options that shape the output. */
  readonly options: string;
  /** Absolute path → sha256 of every source file read. */
  readonly sources: Readonly<Record<string, string>>;
  /** Package-relative path → hashes. */
  readonly files: Readonly<Record<string, ManifestFile>>;
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function readManifest(outDir: string): Manifest | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(path.join(outDir, MANIFEST_NAME), 'utf8')) as Manifest;
    if (parsed && parsed.version === 1 && typeof parsed.files === 'object' && typeof parsed.sources === 'object') return parsed;
  } catch {
    // absent or unreadable: no manifest
  }
  return null;
}

function hashFile(file: string): string | null {
  try {
    return sha256(fs.readFileSync(file));
  } catch {
    return null;
  }
}

/** True when nothing that shapes the output changed since the manifest was written, and the output is intact. */
export function isUpToDate(outDir: string, manifest: Manifest, tool: string, options: string): boolean {
  if (manifest.tool !== tool || manifest.options !== options) return false;
  for (const [file, hash] of Object.entries(manifest.sources)) if (hashFile(file) !== hash) return false;
  for (const [file, entry] of Object.entries(manifest.files)) if (hashFile(path.join(outDir, file)) !== entry.hash) return false;
  return Object.keys(manifest.files).length > 0;
}

let toolHashCache: string | undefined;

/** Hash of the compiler's own code (this directory's siblings) and of prettier's version. */
export function toolHash(): string {
  if (toolHashCache) return toolHashCache;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = path.dirname(here); // src/ (or dist/src/)
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name === 'runtime' || e.name === 'node_modules' || e.name === 'cli') continue;
        walk(full);
      } else if (/\.(js|ts)$/.test(e.name) && !e.name.endsWith('.d.ts') && !e.name.endsWith('.test.ts')) {
        hash.update(path.relative(root, full)).update('\0').update(fs.readFileSync(full)).update('\0');
      }
    }
  };
  walk(root);
  walk(path.join(path.dirname(root), 'grammars'));
  try {
    const require = createRequire(import.meta.url);
    const pkg = JSON.parse(fs.readFileSync(require.resolve('prettier/package.json'), 'utf8')) as { version: string };
    hash.update(`prettier@${pkg.version}`);
  } catch {
    hash.update('prettier@?');
  }
  toolHashCache = hash.digest('hex');
  return toolHashCache;
}

/** Files a previous run generated: from the manifest, else (fresh clone) the files that carry the generated header. */
export function previousFiles(outDir: string, manifest: Manifest | null): Set<string> {
  if (manifest) return new Set(Object.keys(manifest.files));
  const found = new Set<string>();
  const walk = (rel: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(outDir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else if (e.name.endsWith('.ts')) {
        const head = readHead(path.join(outDir, r));
        if (head.startsWith(GENERATED_HEADER)) found.add(r);
      }
    }
  };
  walk('src');
  return found;
}

function readHead(file: string): string {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buf = Buffer.alloc(GENERATED_HEADER.length);
      const n = fs.readSync(fd, buf, 0, buf.length, 0);
      return buf.subarray(0, n).toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return '';
  }
}

/** The output directory is ours to write: absent, empty, has a manifest, or holds a package we generated. */
export function isOwnedOutput(outDir: string, manifest: Manifest | null): boolean {
  if (manifest) return true;
  let entries: string[];
  try {
    entries = fs.readdirSync(outDir);
  } catch {
    return true; // absent
  }
  if (entries.length === 0) return true;
  return readHead(path.join(outDir, 'src', 'index.ts')).startsWith(GENERATED_HEADER);
}

/** Reads the current text of a package file, or null. */
export function readExisting(outDir: string, file: string): string | null {
  try {
    return fs.readFileSync(path.join(outDir, file), 'utf8');
  } catch {
    return null;
  }
}

export interface WriteOutcome {
  readonly written: string[];
  readonly removed: string[];
  readonly unchanged: number;
}

/**
 * Writes the files whose text differs from what is on disk, removes stale generated files,
 * then writes the manifest. Every changed file is first written next to its target under a
 * temporary name; only when all of them are written are they renamed into place. A failure
 * before that point removes the temporaries and leaves the package as it was.
 */
export function writePackage(
  outDir: string,
  files: readonly { readonly path: string; readonly text: string }[],
  previous: ReadonlySet<string>,
  manifest: Manifest,
): WriteOutcome {
  const changed = files.filter((f) => readExisting(outDir, f.path) !== f.text);
  const suffix = `.mofc-tmp-${process.pid}`;
  const staged: { tmp: string; target: string; rel: string }[] = [];
  try {
    for (const f of changed) {
      const target = path.join(outDir, f.path);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const tmp = `${target}${suffix}`;
      fs.writeFileSync(tmp, f.text);
      staged.push({ tmp, target, rel: f.path });
    }
  } catch (error) {
    for (const s of staged) fs.rmSync(s.tmp, { force: true });
    throw error;
  }
  for (const s of staged) fs.renameSync(s.tmp, s.target);
  const current = new Set(files.map((f) => f.path));
  const removed: string[] = [];
  for (const old of [...previous].sort()) {
    if (current.has(old)) continue;
    const normalized = path.normalize(old);
    if (normalized.startsWith('..') || path.isAbsolute(normalized)) continue;
    fs.rmSync(path.join(outDir, normalized), { force: true });
    removed.push(old);
  }
  const manifestPath = path.join(outDir, MANIFEST_NAME);
  fs.writeFileSync(`${manifestPath}${suffix}`, `${JSON.stringify(manifest, null, 1)}\n`);
  fs.renameSync(`${manifestPath}${suffix}`, manifestPath);
  return { written: staged.map((s) => s.rel), removed, unchanged: files.length - changed.length };
}

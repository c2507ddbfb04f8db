/**
 * The output directory as mofc sees it before writing: its manifest, whether it
 * is up to date, which of its files mofc wrote.
 *
 * The manifest (`.mofc-manifest.json`, git-ignored: it is a local cache) records
 * the hash of the generator itself, of the options, of every source file read,
 * and of every file generated (unformatted and final). It serves three purposes:
 * an unchanged re-run stops before parsing anything; a file whose unformatted
 * text did not change is not formatted again; files generated before and no
 * longer generated are removed (and only those).
 *
 * The manifest is input like any other: a hand-edited or corrupt one is ignored
 * as a whole (the run then regenerates everything), and even a valid one can
 * only name package files mofc writes (`src/**.ts`, `package.json`, …), never a
 * path outside the package. Writing is `write-package.ts`.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { isGeneratedHeader, LEGACY_GENERATED_HEADER } from './header.js';

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
  /** The warnings (and infos) of the run that wrote the package: an up-to-date run reports them again. */
  readonly diagnostics?: readonly Diagnostic[];
}

/** Bigger than any real manifest (a DMTF-sized one is ~300 kB); a bigger file is not read. */
const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;
const SHA256 = /^[0-9a-f]{64}$/;
/** Top-level files of a generated package; everything else it writes is `src/**.ts`. */
const TOP_LEVEL_FILES = new Set(['.gitignore', 'LICENSE', 'README.md', 'package.json', 'tsconfig.json']);

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Whether `file` is a path mofc may write in a package: `/`-separated, relative, no `.`/`..`
 * segments, and either a known top-level file or a `.ts` module under `src/`.
 */
export function isPackageFilePath(file: string): boolean {
  if (TOP_LEVEL_FILES.has(file)) return true;
  if (file.length > 512 || !file.startsWith('src/') || !file.endsWith('.ts')) return false;
  return file.split('/').every((segment) => /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(segment) && segment !== '..');
}

/** The manifest of `outDir`, or null when it is absent, unreadable or not a manifest mofc could have written. */
export function readManifest(outDir: string): Manifest | null {
  const file = path.join(outDir, MANIFEST_NAME);
  try {
    const stat = fs.lstatSync(file);
    if (!stat.isFile() || stat.size > MAX_MANIFEST_BYTES) return null;
    return validateManifest(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    return null;
  }
}

export function validateManifest(raw: unknown): Manifest | null {
  if (!isRecord(raw) || raw['version'] !== 1) return null;
  const { tool, options, sources, files } = raw;
  if (typeof tool !== 'string' || typeof options !== 'string' || !isRecord(sources) || !isRecord(files)) return null;
  for (const [source, hash] of Object.entries(sources)) {
    if (!path.isAbsolute(source) || typeof hash !== 'string' || (hash !== '' && !SHA256.test(hash))) return null;
  }
  for (const [file, entry] of Object.entries(files)) {
    if (!isPackageFilePath(file) || !isRecord(entry)) return null;
    if (typeof entry['raw'] !== 'string' || !SHA256.test(entry['raw']) || typeof entry['hash'] !== 'string' || !SHA256.test(entry['hash'])) return null;
  }
  const diagnostics = raw['diagnostics'];
  if (diagnostics !== undefined && (!Array.isArray(diagnostics) || !diagnostics.every(isDiagnostic))) return null;
  return raw as unknown as Manifest;
}

function isDiagnostic(value: unknown): value is Diagnostic {
  if (!isRecord(value)) return false;
  const { code, severity, message, span, related } = value;
  if (typeof code !== 'string' || !/^MOF\d{4}$/.test(code) || typeof message !== 'string') return false;
  if (severity !== 'warning' && severity !== 'info') return false; // a package is only written without errors
  if (span !== undefined && !isSpan(span)) return false;
  return related === undefined || (Array.isArray(related) && related.every((r) => isRecord(r) && typeof r['message'] === 'string' && isSpan(r['span'])));
}

function isSpan(value: unknown): boolean {
  const isPosition = (p: unknown) => isRecord(p) && [p['line'], p['column'], p['offset']].every((n) => Number.isInteger(n) && (n as number) >= 0);
  return isRecord(value) && typeof value['file'] === 'string' && isPosition(value['start']) && isPosition(value['end']);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** sha256 of a regular file (not a device, FIFO or directory a hand-edited manifest might name), or null. */
export function hashFile(file: string): string | null {
  try {
    if (!fs.statSync(file).isFile()) return null;
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

/**
 * Files a previous run generated and that may be removed when no longer generated: those the
 * manifest names whose content is still what mofc wrote or that carry the generated header
 * (without a manifest, on a fresh clone: the `src/**.ts` files with the header). A file a
 * person wrote is never in this set.
 */
export function previousFiles(outDir: string, manifest: Manifest | null): Set<string> {
  const found = new Set<string>();
  if (manifest) {
    for (const [file, entry] of Object.entries(manifest.files)) {
      const full = path.join(outDir, file);
      if (hashFile(full) === entry.hash || (file.endsWith('.ts') && hasGeneratedHeader(full))) found.add(file);
    }
    return found;
  }
  const walk = (rel: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(outDir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const r = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(r);
      else if (e.isFile() && isPackageFilePath(r) && hasGeneratedHeader(path.join(outDir, r))) found.add(r);
    }
  };
  walk('src');
  return found;
}

/** Whether the file's first line is mofc's generated-file header (this version's form or the earlier one). */
export function hasGeneratedHeader(file: string): boolean {
  let head = '';
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buf = Buffer.alloc(1024);
      const n = fs.readSync(fd, buf, 0, buf.length, 0);
      head = buf.subarray(0, n).toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
  const first = head.split('\n', 1)[0] ?? '';
  return first === LEGACY_GENERATED_HEADER || isGeneratedHeader(first);
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
  return hasGeneratedHeader(path.join(outDir, 'src', 'index.ts'));
}

/** Reads the current text of a package file (a regular file only), or null. */
export function readExisting(outDir: string, file: string): string | null {
  try {
    const full = path.join(outDir, file);
    if (!fs.lstatSync(full).isFile()) return null;
    return fs.readFileSync(full, 'utf8');
  } catch {
    return null;
  }
}

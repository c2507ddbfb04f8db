/**
 * `mofc.config.json` / `mofc.config.js` / `mofc.config.mjs`: a project's inputs and
 * options, so `mofc check`, `mofc compile` and `mofc generate` need no arguments.
 *
 * ```json
 * {
 *   "inputs": ["schema/x.mof"],
 *   "generate": { "out": "generated/x", "packageName": "x" }
 * }
 * ```
 *
 * Top-level keys are the front-end settings every command uses (`inputs`, `includePaths`,
 * `namespace` — the default namespace, as `-n` —, `dialect`, `locale`); the `generate`
 * section adds the package settings and may override any front-end setting for
 * `generate` alone. Paths in the file are relative to the file's directory. A
 * `.js`/`.mjs` file default-exports the same object (or a function returning it,
 * possibly async). TypeScript config files are not read: Node 20 cannot import them
 * without a loader.
 *
 * Discovery: the first directory from the working directory upward that holds one of
 * CONFIG_FILE_NAMES (in that order) supplies the config.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SourceFileTransform } from '../codegen/transform.js';

export const CONFIG_FILE_NAMES = ['mofc.config.json', 'mofc.config.js', 'mofc.config.mjs'] as const;

/** Settings of the front end: what every command that reads MOF takes. */
export interface FrontendConfig {
  /** MOF files (roots; `.mfl` amendment files too), absolute once loaded. */
  readonly inputs?: readonly string[];
  readonly includePaths?: readonly string[];
  /** The default namespace (before any `#pragma namespace`), as `-n`. */
  readonly namespace?: string;
  readonly dialect?: 'dmtf' | 'microsoft';
  /** Locale of the amendments to take, e.g. `0x409`. */
  readonly locale?: string;
}

export interface GenerateConfig extends FrontendConfig {
  readonly out?: string;
  readonly packageName?: string;
  readonly packageVersion?: string;
  /** Class name globs: only these classes and what they need. */
  readonly classes?: readonly string[];
  /** The namespace to generate, when the inputs declare several (`--generate-namespace`). */
  readonly generateNamespace?: string;
  /** Post-processing of each generated module as a ts-morph `SourceFile` (JavaScript configs only). */
  readonly transform?: SourceFileTransform;
}

export interface MofcConfig extends FrontendConfig {
  readonly generate?: GenerateConfig;
}

export interface LoadedConfig {
  /** Absolute path of the file read. */
  readonly path: string;
  readonly config: MofcConfig;
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Finds the config file: `explicit` (relative to `cwd`), else the first of CONFIG_FILE_NAMES
 * in `cwd` or the nearest directory above it that has one.
 */
export function findConfigFile(cwd: string, explicit?: string): string | null {
  if (explicit) return path.resolve(cwd, explicit);
  let dir = path.resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (fs.existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** Bigger than any sensible config; a bigger file is refused rather than read. */
const MAX_CONFIG_BYTES = 1024 * 1024;

export async function loadConfig(file: string): Promise<LoadedConfig> {
  let raw: unknown;
  if (file.endsWith('.json')) {
    let text: string;
    try {
      if (fs.statSync(file).size > MAX_CONFIG_BYTES) throw new ConfigError(file, 'larger than 1 MiB');
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw new ConfigError(file, `cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new ConfigError(file, `invalid JSON: ${(error as Error).message}`);
    }
  } else if (/\.(c|m)?js$/.test(file)) {
    if (!fs.existsSync(file)) throw new ConfigError(file, 'cannot read it (ENOENT)');
    try {
      // A query string makes a changed file load again (watch mode re-reads it in the same process).
      const mod = (await import(`${pathToFileURL(file).href}?mtime=${fs.statSync(file).mtimeMs}`)) as { default?: unknown };
      raw = mod.default;
      if (typeof raw === 'function') raw = await (raw as () => unknown)();
    } catch (error) {
      throw new ConfigError(file, `loading it failed: ${(error as Error).message}`);
    }
  } else if (/\.(c|m)?ts$/.test(file)) {
    throw new ConfigError(file, 'TypeScript config files are not supported on Node 20; use mofc.config.json or .js');
  } else {
    throw new ConfigError(file, 'unknown config file type (expected .json, .js or .mjs)');
  }
  return { path: file, config: validate(file, raw) };
}

const FRONTEND_STRINGS = ['namespace', 'dialect', 'locale'];
const FRONTEND_LISTS = ['inputs', 'includePaths'];
const GENERATE_STRINGS = ['out', 'packageName', 'packageVersion', 'generateNamespace', 'locale', 'dialect'];
const GENERATE_LISTS = ['inputs', 'includePaths', 'classes'];

/** Keys that moved, with what to write instead. */
const MOVED: Record<string, string> = {
  'generate.namespace': "'generate.namespace' is now 'generate.generateNamespace' (the namespace to generate); 'namespace' at the top level is the default namespace, as -n",
};

function validate(file: string, raw: unknown): MofcConfig {
  if (!isObject(raw)) throw new ConfigError(file, 'expected an object');
  const dir = path.dirname(file);
  const top = section(file, raw, '', FRONTEND_STRINGS, FRONTEND_LISTS, ['generate', '$schema'], dir);
  const generate = raw['generate'];
  if (generate === undefined) return top;
  if (!isObject(generate)) throw new ConfigError(file, "'generate' must be an object");
  const transform = generate['transform'];
  if (transform !== undefined && typeof transform !== 'function') {
    throw new ConfigError(file, "'generate.transform' must be a function (sourceFile, context) => void, in a mofc.config.js or .mjs");
  }
  const checked = section(file, generate, 'generate.', GENERATE_STRINGS, GENERATE_LISTS, ['transform'], dir);
  return { ...top, generate: transform === undefined ? checked : { ...checked, transform } };
}

function section(
  file: string,
  raw: Record<string, unknown>,
  prefix: string,
  strings: readonly string[],
  lists: readonly string[],
  skip: readonly string[],
  dir: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) {
    const value = raw[key];
    if (skip.includes(key)) continue;
    if (strings.includes(key)) {
      if (typeof value !== 'string') throw new ConfigError(file, `'${prefix}${key}' must be a string`);
      out[key] = value;
    } else if (lists.includes(key)) {
      if (!Array.isArray(value) || !value.every((x) => typeof x === 'string')) {
        throw new ConfigError(file, `'${prefix}${key}' must be an array of strings`);
      }
      out[key] = value;
    } else throw new ConfigError(file, MOVED[`${prefix}${key}`] ?? `unknown key '${prefix}${key}'`);
  }
  if (out['dialect'] !== undefined && out['dialect'] !== 'dmtf' && out['dialect'] !== 'microsoft') {
    throw new ConfigError(file, `'${prefix}dialect' must be 'dmtf' or 'microsoft'`);
  }
  const abs = (p: string) => path.resolve(dir, p);
  if (Array.isArray(out['inputs'])) out['inputs'] = (out['inputs'] as string[]).map(abs);
  if (Array.isArray(out['includePaths'])) out['includePaths'] = (out['includePaths'] as string[]).map(abs);
  if (typeof out['out'] === 'string') out['out'] = abs(out['out']);
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The front-end settings `command` takes from the config: the top level, overridden by its section. */
export function frontendFor(config: MofcConfig, command: 'generate' | 'check' | 'compile'): FrontendConfig {
  const over: FrontendConfig = command === 'generate' ? (config.generate ?? {}) : {};
  const pick = <K extends keyof FrontendConfig>(key: K): FrontendConfig[K] => over[key] ?? config[key];
  const result: Record<string, unknown> = {};
  for (const key of ['inputs', 'includePaths', 'namespace', 'dialect', 'locale'] as const) {
    const value = pick(key);
    if (value !== undefined) result[key] = value;
  }
  return result as FrontendConfig;
}

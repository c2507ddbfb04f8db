/**
 * `mofc.config.json` / `mofc.config.js` / `mofc.config.mjs`: the settings of
 * `mofc generate`, so a project's `npm run generate` is one line.
 *
 * ```json
 * { "generate": { "inputs": ["schema/x.mof"], "out": "generated/x", "packageName": "x" } }
 * ```
 *
 * Paths in the file are relative to the file's directory. A `.js`/`.mjs` file
 * default-exports the same object (or a function returning it, possibly async).
 * TypeScript config files are not read: Node 20 cannot import them without a loader.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export const CONFIG_FILE_NAMES = ['mofc.config.json', 'mofc.config.js', 'mofc.config.mjs'] as const;

export interface GenerateConfig {
  /** MOF files (roots; `.mfl` amendment files too), resolved against the config file's directory. */
  readonly inputs?: readonly string[];
  readonly includePaths?: readonly string[];
  readonly out?: string;
  readonly packageName?: string;
  readonly packageVersion?: string;
  /** Class name globs: only these classes and what they need. */
  readonly classes?: readonly string[];
  /** Locale of the amendments to document with, e.g. `0x409`. */
  readonly locale?: string;
  /** The namespace to generate, when the inputs declare several. */
  readonly namespace?: string;
}

export interface MofcConfig {
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

/** Finds the config file: `explicit` (relative to `cwd`), else the first of CONFIG_FILE_NAMES in `cwd`. */
export function findConfigFile(cwd: string, explicit?: string): string | null {
  if (explicit) return path.resolve(cwd, explicit);
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = path.join(cwd, name);
    if (fs.existsSync(candidate)) return candidate;
  }
  return null;
}

export async function loadConfig(file: string): Promise<LoadedConfig> {
  let raw: unknown;
  if (file.endsWith('.json')) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
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
      const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
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

function validate(file: string, raw: unknown): MofcConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError(file, 'expected an object');
  const known = new Set(['generate', '$schema']);
  for (const key of Object.keys(raw)) if (!known.has(key)) throw new ConfigError(file, `unknown key '${key}'`);
  const generate = (raw as { generate?: unknown }).generate;
  if (generate === undefined) return {};
  if (typeof generate !== 'object' || generate === null || Array.isArray(generate)) {
    throw new ConfigError(file, "'generate' must be an object");
  }
  const g = generate as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const strings = ['out', 'packageName', 'packageVersion', 'locale', 'namespace'];
  const lists = ['inputs', 'includePaths', 'classes'];
  for (const key of Object.keys(g)) {
    if (strings.includes(key)) {
      if (typeof g[key] !== 'string') throw new ConfigError(file, `'generate.${key}' must be a string`);
      out[key] = g[key];
    } else if (lists.includes(key)) {
      const v = g[key];
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
        throw new ConfigError(file, `'generate.${key}' must be an array of strings`);
      }
      out[key] = v;
    } else throw new ConfigError(file, `unknown key 'generate.${key}'`);
  }
  const dir = path.dirname(file);
  const abs = (p: string) => path.resolve(dir, p);
  if (Array.isArray(out.inputs)) out.inputs = (out.inputs as string[]).map(abs);
  if (Array.isArray(out.includePaths)) out.includePaths = (out.includePaths as string[]).map(abs);
  if (typeof out.out === 'string') out.out = abs(out.out);
  return { generate: out as GenerateConfig };
}

import { parseArgs } from 'node:util';
import { SOURCE_ENCODINGS, type SourceEncoding } from '../source/decode.js';
import { DEFAULT_MAX_FILE_SIZE } from '../source/read.js';

/**
 * Option parsing shared by the commands that read MOF (`parse`, `check`, `compile`):
 * `<files...> [-I dir]... [--format human|json] [--strict] [--debug] [--help]`, plus
 * the schema-model options (`-n`, `--dialect`) and the compile output options
 * (`--locale`, `--out`) for the commands that take them.
 * Usage errors are returned, not thrown, so `main` turns them into exit code 2.
 */

export type OutputFormat = 'human' | 'json';

export interface SourceOptions {
  readonly files: string[];
  readonly includePaths: string[];
  readonly format: OutputFormat;
  /** Warnings count as errors for the exit code. */
  readonly strict: boolean;
  readonly debug: boolean;
  readonly help: boolean;
  /** `-n`: the namespace before any `#pragma namespace` (model commands). */
  readonly namespace: string | undefined;
  /** `--dialect` (model commands); detected from the input when absent. */
  readonly dialect: 'dmtf' | 'microsoft' | undefined;
  /** `--locale` (compile). */
  readonly locale: string | undefined;
  /** `-o`, `--out` (compile). */
  readonly out: string | undefined;
  /** `--compact` (compile): the compact model JSON. */
  readonly compact: boolean;
  /** `--encoding`: read every file in this encoding instead of detecting it. */
  readonly encoding: SourceEncoding | undefined;
  /** `--max-file-size`, in bytes. */
  readonly maxFileSize: number;
  /** `--allow-include-outside`: includes may read files outside the include roots. */
  readonly allowIncludeOutside: boolean;
  /** `-q`, `--quiet` (model commands): print errors only. */
  readonly quiet: boolean;
  /** `--max-warnings <n>` (model commands): more warnings than this fail the run. */
  readonly maxWarnings: number | undefined;
  /** `-c`, `--config <file>` (model commands). */
  readonly config: string | undefined;
  /** `--no-config` (model commands). */
  readonly noConfig: boolean;
}

export interface SourceOptionsSpec {
  /** Whether the command accepts `--strict`. */
  readonly strict: boolean;
  /** Whether it accepts the schema-model options `-n` and `--dialect`. */
  readonly model?: boolean;
  /** Whether it accepts the compile output options `--locale` and `--out`. */
  readonly output?: boolean;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export function parseSourceOptions(args: readonly string[], spec: SourceOptionsSpec): Parsed<SourceOptions> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        include: { type: 'string', short: 'I', multiple: true },
        format: { type: 'string' },
        debug: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        encoding: { type: 'string' },
        'max-file-size': { type: 'string' },
        'allow-include-outside': { type: 'boolean' },
        ...(spec.strict ? { strict: { type: 'boolean' } as const } : {}),
        ...(spec.model ? { namespace: { type: 'string', short: 'n' } as const, dialect: { type: 'string' } as const } : {}),
        ...(spec.model
          ? {
              quiet: { type: 'boolean', short: 'q' } as const,
              'max-warnings': { type: 'string' } as const,
              config: { type: 'string', short: 'c' } as const,
              'no-config': { type: 'boolean' } as const,
            }
          : {}),
        ...(spec.output ? { locale: { type: 'string' } as const, out: { type: 'string', short: 'o' } as const } : {}),
        ...(spec.output ? { compact: { type: 'boolean' } as const } : {}),
      },
    });
  } catch (error) {
    return { ok: false, message: describeParseArgsError(error) };
  }
  const { values, positionals } = parsed;
  const help = values.help === true;
  const format = values.format ?? 'human';
  if (format !== 'human' && format !== 'json') {
    return { ok: false, message: `invalid --format '${format}' (expected 'human' or 'json')` };
  }
  const optional = values as { strict?: boolean; namespace?: string; dialect?: string; locale?: string; out?: string };
  const dialect = optional.dialect;
  if (dialect !== undefined && dialect !== 'dmtf' && dialect !== 'microsoft') {
    return { ok: false, message: `invalid --dialect '${dialect}' (expected 'dmtf' or 'microsoft')` };
  }
  const encoding = values.encoding;
  if (encoding !== undefined && !(SOURCE_ENCODINGS as readonly string[]).includes(encoding)) {
    return { ok: false, message: `invalid --encoding '${encoding}' (expected ${SOURCE_ENCODINGS.map((e) => `'${e}'`).join(', ')})` };
  }
  const maxFileSize = values['max-file-size'] === undefined ? DEFAULT_MAX_FILE_SIZE : parseByteSize(values['max-file-size']);
  if (maxFileSize === undefined) {
    return { ok: false, message: `invalid --max-file-size '${values['max-file-size']}' (expected a number of bytes, optionally with K, M or G)` };
  }
  const model = values as { quiet?: boolean; 'max-warnings'?: string; config?: string; 'no-config'?: boolean };
  const maxWarnings = model['max-warnings'];
  if (maxWarnings !== undefined && !/^\d{1,9}$/.test(maxWarnings)) {
    return { ok: false, message: `invalid --max-warnings '${maxWarnings}' (expected a whole number, 0 or more)` };
  }
  // The model commands may take their inputs from a config file; they check after merging it.
  if (!help && positionals.length === 0 && !spec.model) return { ok: false, message: 'no input files' };
  return {
    ok: true,
    value: {
      files: positionals,
      includePaths: values.include ?? [],
      format,
      strict: optional.strict === true,
      debug: values.debug === true,
      help,
      namespace: optional.namespace,
      dialect,
      locale: optional.locale,
      out: optional.out,
      compact: (values as { compact?: boolean }).compact === true,
      encoding: encoding as SourceEncoding | undefined,
      maxFileSize,
      allowIncludeOutside: values['allow-include-outside'] === true,
      quiet: model.quiet === true,
      maxWarnings: maxWarnings === undefined ? undefined : Number(maxWarnings),
      config: model.config,
      noConfig: model['no-config'] === true,
    },
  };
}

/** `1048576`, `512K`, `64M`, `1G` (binary multiples, case-insensitive) as bytes; undefined when malformed. */
export function parseByteSize(text: string): number | undefined {
  const match = /^(\d+)([kmg]?)$/i.exec(text.trim());
  if (!match) return undefined;
  const unit = match[2]!.toLowerCase();
  const value = Number(match[1]) * (unit === 'g' ? 2 ** 30 : unit === 'm' ? 2 ** 20 : unit === 'k' ? 2 ** 10 : 1);
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/** `node:util` messages carry advice about `--` that reads oddly here; keep the first sentence. */
export function describeParseArgsError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split(/\.\s/)[0] ?? message;
  return first.replace(/\.$/, '').replace(/^./, (c) => c.toLowerCase());
}

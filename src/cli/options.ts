import { parseArgs } from 'node:util';

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
        ...(spec.strict ? { strict: { type: 'boolean' } as const } : {}),
        ...(spec.model ? { namespace: { type: 'string', short: 'n' } as const, dialect: { type: 'string' } as const } : {}),
        ...(spec.output ? { locale: { type: 'string' } as const, out: { type: 'string', short: 'o' } as const } : {}),
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
  if (!help && positionals.length === 0) return { ok: false, message: 'no input files' };
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
    },
  };
}

/** The compile options for `compileProgram` that the user gave (absent ones keep their defaults). */
export function modelOptions(options: SourceOptions): { defaultNamespace?: string; dialect?: 'dmtf' | 'microsoft'; locale?: string } {
  return {
    ...(options.namespace !== undefined ? { defaultNamespace: options.namespace } : {}),
    ...(options.dialect !== undefined ? { dialect: options.dialect } : {}),
    ...(options.locale !== undefined ? { locale: options.locale } : {}),
  };
}

/** `node:util` messages carry advice about `--` that reads oddly here; keep the first sentence. */
export function describeParseArgsError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split(/\.\s/)[0] ?? message;
  return first.replace(/\.$/, '').replace(/^./, (c) => c.toLowerCase());
}

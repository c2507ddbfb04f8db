import { parseArgs } from 'node:util';

/**
 * Option parsing shared by the commands that read MOF (`parse`, `check`):
 * `<files...> [-I dir]... [--format human|json] [--strict] [--debug] [--help]`.
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
}

export interface SourceOptionsSpec {
  /** Whether the command accepts `--strict`. */
  readonly strict: boolean;
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
  if (!help && positionals.length === 0) return { ok: false, message: 'no input files' };
  return {
    ok: true,
    value: {
      files: positionals,
      includePaths: values.include ?? [],
      format,
      strict: (values as { strict?: boolean }).strict === true,
      debug: values.debug === true,
      help,
    },
  };
}

/** `node:util` messages carry advice about `--` that reads oddly here; keep the first sentence. */
function describeParseArgsError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split(/\.\s/)[0] ?? message;
  return first.replace(/\.$/, '').replace(/^./, (c) => c.toLowerCase());
}

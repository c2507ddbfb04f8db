/**
 * mofc's front end as one call: load the inputs with their includes, parse, compile
 * the model, and check the options that only the inputs can validate (`locale`).
 * `generate` takes it as its `compile` step; `compile`, `check` and the programmatic
 * API call it directly. Modules load lazily, so an up-to-date regeneration never
 * loads the parser.
 */
import * as path from 'node:path';
import { createDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { codegenDiagnostics } from '../diagnostics/codes/codegen.js';
import type { Repository } from '../model/types.js';
import type { ParseFunction, Program, ReadFile } from '../source/load.js';
import { readSourceBytes } from '../source/read.js';
import type { CompiledInputs, CompileRequest } from '../codegen/generate.js';

/** The name that stands for standard input among the inputs. */
export const STDIN = '-';

export interface FrontendResult extends CompiledInputs {
  /** The loaded program, for rendering diagnostics with code frames. */
  readonly program: Program;
}

export interface FrontendServices {
  /** The parser (default: mofc's). */
  readonly parse?: ParseFunction;
  /** Loads the parser when one is needed (an up-to-date `generate` never needs one). */
  readonly loadParser?: () => Promise<ParseFunction>;
  readonly readFile?: ReadFile;
  /** The bytes of standard input, for an input named `-`. */
  readonly stdin?: () => Uint8Array;
}

/** Loads the inputs and everything they include, parsed (the first half of `compileWithFrontend`; `mofc parse`). */
export async function loadWithFrontend(request: CompileRequest, services: FrontendServices = {}): Promise<Program> {
  const [{ parseSource }, { loadProgram }] = await Promise.all([import('../ast/parse.js'), import('../source/load.js')]);
  const stdinPath = path.resolve(request.cwd, STDIN);
  const baseRead: ReadFile = services.readFile ?? readSourceBytes;
  let stdinBytes: Uint8Array | undefined;
  // `-` is standard input: read once, when the loader asks for it.
  const readFile: ReadFile = request.inputs.includes(STDIN)
    ? (file, limits) => {
        if (file !== stdinPath) return baseRead(file, limits);
        if (!services.stdin) throw Object.assign(new Error('standard input is not available'), { code: 'ENOENT' });
        return (stdinBytes ??= services.stdin());
      }
    : baseRead;
  return loadProgram({
    roots: request.inputs,
    includePaths: request.includePaths,
    parse: services.parse ?? (services.loadParser ? await services.loadParser() : parseSource),
    cwd: request.cwd,
    readFile,
    ...(request.maxFileSize !== undefined ? { maxFileSize: request.maxFileSize } : {}),
    ...(request.allowIncludeOutside ? { allowIncludeOutside: true } : {}),
    ...(request.encoding !== undefined ? { encoding: request.encoding } : {}),
    ...(request.dialect !== undefined ? { dialect: request.dialect } : {}),
  });
}

/** Loads, parses and compiles the inputs; checks the locale against the amendments they provide. */
export async function compileWithFrontend(request: CompileRequest, services: FrontendServices = {}): Promise<FrontendResult> {
  const [program, { compileProgram }, { normalizeLocale }] = await Promise.all([
    loadWithFrontend(request, services),
    import('../model/compile.js'),
    import('../model/namespaces.js'),
  ]);
  const stdinPath = path.resolve(request.cwd, STDIN);
  const compiled = compileProgram(program, {
    ...(request.locale ? { locale: request.locale } : {}),
    ...(request.defaultNamespace !== undefined ? { defaultNamespace: request.defaultNamespace } : {}),
    ...(request.dialect !== undefined ? { dialect: request.dialect } : {}),
  });
  const diagnostics: Diagnostic[] = [];
  for (const d of program.diagnostics) diagnostics.push(d);
  for (const d of compiled.diagnostics) diagnostics.push(d);
  if (request.locale) for (const d of localeDiagnostics(request.locale, compiled.repository, normalizeLocale)) diagnostics.push(d);
  return {
    repository: compiled.repository,
    diagnostics,
    sources: [...program.files.values()].map((f) => f.absolutePath).filter((f) => f !== stdinPath),
    program,
  };
}

/**
 * MOF4012 when `locale` is not one the compiled inputs' amendments provide (or is not a
 * locale at all): naming a locale the inputs lack would silently document in the default
 * language otherwise.
 */
function localeDiagnostics(
  locale: string,
  repository: Repository | null,
  normalizeLocale: (locale: string) => string | undefined,
): Diagnostic[] {
  const wanted = normalizeLocale(locale);
  const provided = providedLocales(repository);
  if (wanted !== undefined && provided.includes(wanted)) return [];
  const list = provided.length > 0 ? provided.join(', ') : 'none (no amendments among the inputs)';
  return [createDiagnostic(codegenDiagnostics.MOF4012, undefined, [locale, list])];
}

/** The locales the compiled inputs' amendments (`.mfl` files) provide, sorted. */
export function providedLocales(repository: Repository | null): string[] {
  const found = new Set<string>();
  for (const ns of repository?.namespaces ?? []) {
    if (ns.locale) found.add(ns.locale);
    for (const cls of ns.classes) for (const locale of Object.keys(cls.amendments)) found.add(locale);
  }
  return [...found].sort();
}

/**
 * The `compile` step the CLI hands to `generate`: mofc's own front end (load
 * with includes, parse, compile the model). It lives at the edge, not in
 * codegen, so code generation depends on the model alone. Imported lazily, so
 * an up-to-date regeneration never loads the parser.
 */
import type { ParseFunction, Program, ReadFile } from '../source/load.js';
import type { CompiledInputs, CompileRequest } from '../codegen/generate.js';

export interface FrontendResult extends CompiledInputs {
  /** The loaded program, for rendering diagnostics with code frames. */
  readonly program: Program;
}

export interface FrontendServices {
  /** The parser (default: mofc's). */
  readonly parse?: ParseFunction;
  readonly readFile?: ReadFile;
}

export async function compileWithFrontend(request: CompileRequest, services: FrontendServices = {}): Promise<FrontendResult> {
  const [{ parseSource }, { loadProgram }, { compileProgram }] = await Promise.all([
    import('../ast/parse.js'),
    import('../source/load.js'),
    import('../model/compile.js'),
  ]);
  const program = loadProgram({
    roots: request.inputs,
    includePaths: request.includePaths,
    parse: services.parse ?? parseSource,
    cwd: request.cwd,
    ...(services.readFile ? { readFile: services.readFile } : {}),
  });
  const compiled = compileProgram(program, request.locale ? { locale: request.locale } : {});
  return {
    repository: compiled.repository,
    diagnostics: [...program.diagnostics, ...compiled.diagnostics],
    sources: [...program.files.values()].map((f) => f.absolutePath),
    program,
  };
}

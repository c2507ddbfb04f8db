import { usageError, type Command } from '../command.js';
import { modelOptions, parseSourceOptions } from '../options.js';
import { loadSources, reportDiagnostics } from '../sources.js';

const help = `Usage: mofc check <files...> [options]

Reads MOF files and the files they include, and reports every problem found:
syntax, then the schema once resolved (classes, inheritance, overrides,
references, qualifiers, instances) as \`mofc compile\` checks it.

Options:
  -I, --include <dir>     Look for included files in <dir> too (repeatable, searched in order
                          after the including file's own directory)
  -n, --namespace <ns>    Namespace before any #pragma namespace (default root/cimv2)
      --dialect <dialect> dmtf or microsoft (default: detected from the input)
      --format <format>   Output format: human (default) or json
      --strict            Treat warnings as errors
      --debug             Show stack traces of internal errors
  -h, --help              Show this help

Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 usage error, 3 internal error.
`;

export const checkCommand: Command = {
  name: 'check',
  summary: 'check MOF files for errors (syntax, and the schema once resolved)',
  help,
  async run(args, context) {
    const parsed = parseSourceOptions(args, { strict: true, model: true });
    if (!parsed.ok) return usageError(parsed.message, 'check');
    const options = parsed.value;
    if (options.help) return { exitCode: 0, stdout: help };
    const [program, { compileProgram }] = await Promise.all([loadSources(options, context), import('../../model/compile.js')]);
    // The schema model's checks join the program's (source and syntax) diagnostics.
    const compiled = compileProgram(program, modelOptions(options));
    const diagnostics = [...program.diagnostics, ...compiled.diagnostics];
    return reportDiagnostics(diagnostics, program, options, context);
  },
};

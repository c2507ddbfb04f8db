import { usageError, type Command } from '../command.js';
import { parseSourceOptions } from '../options.js';
import { loadSources, reportDiagnostics } from '../sources.js';

const help = `Usage: mofc check <files...> [options]

Reads MOF files and the files they include, and reports every problem found.

Options:
  -I, --include <dir>     Look for included files in <dir> too (repeatable, searched in order
                          after the including file's own directory)
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
    const parsed = parseSourceOptions(args, { strict: true });
    if (!parsed.ok) return usageError(parsed.message, 'check');
    const options = parsed.value;
    if (options.help) return { exitCode: 0, stdout: help };
    const program = await loadSources(options, context);
    // The schema model's checks join here: their diagnostics go with the program's.
    const diagnostics = [...program.diagnostics];
    return reportDiagnostics(diagnostics, program, options, context);
  },
};

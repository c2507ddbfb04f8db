import { usageError, type Command } from '../command.js';
import { parseSourceOptions } from '../options.js';
import { loadSources, reportDiagnostics } from '../sources.js';

const help = `Usage: mofc parse <files...> [options]

Reads MOF files and the files they include, and reports syntax errors.

Options:
  -I, --include <dir>     Look for included files in <dir> too (repeatable, searched in order
                          after the including file's own directory)
      --encoding <enc>    Read files as utf-8, utf-16le, utf-16be or windows-1252
                          (default: detected; see docs/decisions/0005-source-encodings.md)
      --max-file-size <n> Refuse files larger than <n> bytes (suffix K, M or G; default 64M)
      --allow-include-outside
                          Let includes read files outside the include roots (the input
                          files' directories and the -I directories)
      --format <format>   Output format: human (default) or json
      --debug             Show stack traces of internal errors
  -h, --help              Show this help

Exit status: 0 no errors, 1 errors, 2 usage error, 3 internal error.
`;

export const parseCommand: Command = {
  name: 'parse',
  summary: 'check the syntax of MOF files (following includes)',
  help,
  async run(args, context) {
    const parsed = parseSourceOptions(args, { strict: false });
    if (!parsed.ok) return usageError(parsed.message, 'parse');
    const options = parsed.value;
    if (options.help) return { exitCode: 0, stdout: help };
    const program = await loadSources(options, context);
    return reportDiagnostics(program.diagnostics, program, options, context);
  },
};

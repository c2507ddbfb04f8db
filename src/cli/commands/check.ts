import { usageError, type Command } from '../command.js';
import { parseSourceOptions } from '../options.js';
import { compileSources, reportDiagnostics } from '../sources.js';
import { withConfig } from '../settings.js';

const help = `Usage: mofc check [<files...>] [options]

Reads MOF files and the files they include, and reports every problem found:
syntax, then the schema once resolved (classes, inheritance, overrides,
references, qualifiers, instances) as \`mofc compile\` checks it. A file named -
is MOF read from standard input. Without files, the config file's inputs.

Options:
  -I, --include <dir>     Look for included files in <dir> too (repeatable, searched in order
                          after the including file's own directory)
  -n, --namespace <ns>    Namespace before any #pragma namespace (default root/cimv2)
      --dialect <dialect> dmtf or microsoft (default: detected from the input)
      --encoding <enc>    Read files as utf-8, utf-16le, utf-16be or windows-1252
                          (default: detected; see docs/decisions/0005-source-encodings.md)
      --max-file-size <n> Refuse files larger than <n> bytes (suffix K, M or G; default 64M)
      --allow-include-outside
                          Let includes read files outside the include roots (the input
                          files' directories and the -I directories)
  -c, --config <file>     Read inputs and options from <file> (default: the first mofc.config.json,
                          .js or .mjs in the current directory or the nearest one above); files
                          given here replace its inputs, options given here its values
      --no-config         Ignore any configuration file
      --format <format>   Output format: human (default) or json
  -q, --quiet             Print errors only
      --max-warnings <n>  Exit 1 when there are more than <n> warnings
      --strict            Treat warnings as errors
      --debug             Show stack traces of internal errors
  -h, --help              Show this help

Exit status: 0 no errors, 1 errors (or warnings with --strict, or more than --max-warnings),
2 usage error, 3 internal error.
`;

export const checkCommand: Command = {
  name: 'check',
  summary: 'check MOF files for errors (syntax, and the schema once resolved)',
  help,
  async run(args, context) {
    const parsed = parseSourceOptions(args, { strict: true, model: true });
    if (!parsed.ok) return usageError(parsed.message, 'check');
    if (parsed.value.help) return { exitCode: 0, stdout: help };
    const configured = await withConfig(parsed.value, 'check', context.io.cwd);
    if ('exitCode' in configured) return configured;
    const { options, note } = configured;
    // Source, syntax and schema-model diagnostics, and the locale's check: the front end's, as the API's `compile`.
    const compiled = await compileSources(options, context);
    const report = reportDiagnostics(compiled.diagnostics, compiled.program, options, context);
    return note ? { ...report, stderr: note + (report.stderr ?? '') } : report;
  },
};

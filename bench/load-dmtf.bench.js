// The source loader alone on the DMTF CIM Schema 2.49 tree: read + decode +
// line maps + include resolution, with a regex standing in for the parser
// (it finds the includes and nothing else). The floor under parse-dmtf-2.49.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../fixtures/dmtf/cim-schema-2.49.0/cim_schema_2.49.0.mof', import.meta.url));
const includePattern = /#\s*(?:pragma\s+)?include\s*\(\s*"((?:[^"\\]|\\.)*)"\s*\)/g;

function includesOnly(source) {
  const statements = [];
  for (const match of source.text.matchAll(includePattern)) {
    const path = match[1].replace(/\\(.)/g, '$1');
    statements.push({ kind: 'IncludePragma', path, span: source.span(match.index, match.index + match[0].length) });
  }
  return { file: { kind: 'MofFile', path: source.path, statements, span: source.span(0, 0) }, diagnostics: [] };
}

export default {
  name: 'load-dmtf-2.49',
  description: 'DMTF CIM 2.49: read, decode, follow includes (no parser)',
  async setup() {
    const { loadProgram } = await import('../dist/src/source/load.js');
    return { loadProgram };
  },
  run({ loadProgram }) {
    let bytes = 0;
    const readFile = (path) => {
      const content = readFileSync(path);
      bytes += content.length;
      return content;
    };
    const program = loadProgram({ roots: [root], parse: includesOnly, readFile });
    const errors = program.diagnostics.filter((d) => d.severity === 'error').length;
    return { files: program.files.size, bytes, errors };
  },
};

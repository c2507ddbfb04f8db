// Parse the whole DMTF CIM Schema 2.49 tree (1,634 files) from its entry point,
// following includes: read + decode + parse, as `mofc parse` does it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../fixtures/dmtf/cim-schema-2.49.0/cim_schema_2.49.0.mof', import.meta.url));

export default {
  name: 'parse-dmtf-2.49',
  description: 'DMTF CIM 2.49: read, decode, parse, follow includes',
  async setup() {
    const { loadProgram } = await import('../dist/src/source/load.js');
    const { parseSource } = await import('../dist/src/ast/parse.js');
    return { loadProgram, parse: parseSource };
  },
  run({ loadProgram, parse }) {
    let bytes = 0;
    const readFile = (path) => {
      const content = readFileSync(path);
      bytes += content.length;
      return content;
    };
    const program = loadProgram({ roots: [root], parse, readFile });
    const errors = program.diagnostics.filter((d) => d.severity === 'error').length;
    return { files: program.files.size, bytes, errors };
  },
};

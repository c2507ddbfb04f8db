// Compile the whole DMTF CIM Schema 2.49 tree (1,634 files) into model JSON,
// as `mofc compile` does: read + decode + parse + follow includes, resolve and
// check every class (schema model), and serialize the model JSON.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../fixtures/dmtf/cim-schema-2.49.0/cim_schema_2.49.0.mof', import.meta.url));

export default {
  name: 'compile-dmtf-2.49',
  description: 'DMTF CIM 2.49: parse + resolve + check + model JSON',
  async setup() {
    const { loadProgram } = await import('../dist/src/source/load.js');
    const { parseSource } = await import('../dist/src/ast/parse.js');
    const { compileProgram, modelToJson } = await import('../dist/src/model/compile.js');
    return { loadProgram, parse: parseSource, compileProgram, modelToJson };
  },
  run({ loadProgram, parse, compileProgram, modelToJson }) {
    let bytes = 0;
    const readFile = (path) => {
      const content = readFileSync(path);
      bytes += content.length;
      return content;
    };
    const program = loadProgram({ roots: [root], parse, readFile });
    const compiled = compileProgram(program);
    const json = modelToJson(compiled.repository);
    const errors = [...program.diagnostics, ...compiled.diagnostics].filter((d) => d.severity === 'error').length;
    if (json.length === 0) throw new Error('empty model JSON');
    return { files: program.files.size, bytes, errors };
  },
};

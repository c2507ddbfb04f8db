// Preloaded with `node --import` by tests: records the URL of every module the process
// loads, one per line, in the file named by MOFC_TRACE_IMPORTS. ES modules are seen by
// resolve hooks (which run on their own thread, hence a file rather than a stream);
// CommonJS modules loaded with require() by wrapping the CommonJS loader.
import { appendFileSync } from 'node:fs';
import Module, { isBuiltin, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const file = process.env.MOFC_TRACE_IMPORTS;
register('./trace-imports-hooks.mjs', import.meta.url, { data: { file } });

const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (file && !isBuiltin(request)) appendFileSync(file, `${pathToFileURL(Module._resolveFilename(request, parent, isMain)).href}\n`);
  return load.apply(this, arguments);
};

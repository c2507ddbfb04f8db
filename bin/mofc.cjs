#!/usr/bin/env node
// The CLI is one bundled file (scripts/bundle.mjs), built by `npm run build` and by `npm ci` (prepare):
// loading it is much faster than resolving the compiled modules and Chevrotain's one by one.
// CommonJS, like the loader it requires: Node starts a CommonJS entry without setting up its
// ES module loader, ≈ 8 ms of a one-class `check` (docs/decisions/0033-commonjs-entry.md).
'use strict';
let cli;
try {
  cli = require('../dist/src/cli/mofc.loader.cjs');
} catch (error) {
  const missing = error?.code === 'MODULE_NOT_FOUND' || error?.code === 'ERR_MODULE_NOT_FOUND';
  if (!missing || !/mofc\.(loader|bundle)\./.test(String(error.message))) throw error;
  process.stderr.write("mofc: not built yet: run 'npm run build' in the mofc package first\n");
  process.exit(3);
}
cli.runCli();

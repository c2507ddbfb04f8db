#!/usr/bin/env node
// The CLI is one bundled file (scripts/bundle.mjs), built by `npm run build` and by `npm ci` (prepare):
// loading it is much faster than resolving the compiled modules and Chevrotain's one by one.
let cli;
try {
  cli = await import('../dist/src/cli/mofc.bundle.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('mofc.bundle.')) throw error;
  process.stderr.write("mofc: not built yet: run 'npm run build' in the mofc package first\n");
  process.exit(3);
}
await cli.runCli();

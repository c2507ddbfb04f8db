#!/usr/bin/env node
// The CLI proper is TypeScript compiled to dist/ (`npm run build`, or `npm ci` via prepare).
let cli;
try {
  cli = await import('../dist/src/cli/main.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !/cli[\\/]main\.js/.test(String(error.message))) throw error;
  process.stderr.write("mofc: not built yet: run 'npm run build' in the mofc package first\n");
  process.exit(3);
}
await cli.runCli();

#!/usr/bin/env node
// Code generation benchmark (standalone: `mofc generate` is async and runs as a
// whole process, so it is timed as users run it, not through bench/run.js).
//
// Each step is one `node bin/mofc.cjs generate …` process, timed from spawn to exit:
//   cold       the Hyper-V package into an empty directory (parse, compile, render, prettier, write)
//   unchanged  the same again: the manifest says nothing changed, nothing is parsed or written
//   forced     --force: parse, compile and render again; prettier and writes skipped (same text)
// then `tsc --noEmit` over the committed generated/hyperv-v2 (same content).
// With --dmtf, the same for the DMTF CIM Schema 2.49 (not committed), with its type-check.
//
// Needs `npm run build` first. Figures are merged into bench/results.json (no dates), next to bench/run.js's.
// Usage: node bench/generate.js [--dmtf] [--no-write]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { mergeResults } from './results.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { dmtf: { type: 'boolean', default: false }, 'no-write': { type: 'boolean', default: false } } });

function timed(label, command, args, cwd = root) {
  const start = performance.now();
  const child = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: '1' } });
  const ms = performance.now() - start;
  if (child.status !== 0) {
    console.error(`${label} failed (exit ${child.status}):\n${child.stdout}\n${child.stderr}`);
    process.exit(1);
  }
  return { ms: Math.round(ms), stdout: child.stdout };
}

const mofc = [join(root, 'bin/mofc.cjs'), 'generate'];
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const temp = mkdtempSync(join(tmpdir(), 'mofc-bench-'));
const results = {};
try {
  const hyperv = ['--config', join(root, 'mofc.config.json'), '--out', join(temp, 'hyperv-v2')];
  const cold = timed('cold', process.execPath, [...mofc, ...hyperv]);
  const unchanged = timed('unchanged', process.execPath, [...mofc, ...hyperv]);
  const forced = timed('forced', process.execPath, [...mofc, ...hyperv, '--force']);
  const typecheck = timed('typecheck', process.execPath, [tsc, '-p', join(root, 'generated/hyperv-v2'), '--noEmit']);
  results['generate-hyperv-v2'] = { coldMs: cold.ms, unchangedMs: unchanged.ms, forcedMs: forced.ms, typecheckMs: typecheck.ms, classes: 437 };
  if (values.dmtf) {
    // Type-checking needs @mofc/runtime resolvable: generate under the repository, then remove.
    const out = join(root, 'generated/.bench-cim-schema');
    rmSync(out, { recursive: true, force: true });
    const args = ['--no-config', join(root, 'fixtures/dmtf/cim-schema-2.49.0/cim_schema_2.49.0.mof'), '--out', out, '--package-name', 'cim-schema', '--package-version', '2.49.0'];
    try {
      const dcold = timed('dmtf cold', process.execPath, [...mofc, ...args]);
      const dunchanged = timed('dmtf unchanged', process.execPath, [...mofc, ...args]);
      const dtypecheck = timed('dmtf typecheck', process.execPath, [tsc, '-p', out, '--noEmit']);
      results['generate-cim-schema-2.49'] = { coldMs: dcold.ms, unchangedMs: dunchanged.ms, typecheckMs: dtypecheck.ms };
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}

console.log('benchmark                  cold ms  unchanged ms  forced ms  tsc --noEmit ms');
for (const [name, r] of Object.entries(results)) {
  console.log(`${name.padEnd(25)} ${String(r.coldMs).padStart(8)}  ${String(r.unchangedMs).padStart(12)}  ${String(r.forcedMs ?? '-').padStart(9)}  ${String(r.typecheckMs).padStart(15)}`);
}
if (!values['no-write']) {
  mergeResults(results);
}

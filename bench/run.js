#!/usr/bin/env node
// Benchmark runner. Each `bench/*.bench.js` exports
//   { name, description, setup(): Promise<state>, run(state): { files, bytes, errors } }
// and runs the compiled code in dist/ (build first: `npm run bench` does).
//
// For each benchmark: one cold run in a fresh process (which also gives the
// peak RSS of a single run, and the whole process time: start-up, imports and
// that run), then in this process one warm-up and N timed runs
// whose median is the headline figure. Results are merged into
// bench/results.json under the benchmark's name, figures only (no dates), so
// re-running changes the file only when the figures change.
//
// Usage: node bench/run.js [name...] [--runs N] [--no-write]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { mergeResults } from './results.js';

const benchDir = dirname(fileURLToPath(import.meta.url));

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '9' },
    child: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
  },
});

async function loadBenchmark(file) {
  return (await import(pathToFileURL(join(benchDir, file)).href)).default;
}

/** Child mode: one cold run, reported as JSON on stdout. */
async function runCold(file) {
  const benchmark = await loadBenchmark(file);
  const state = await benchmark.setup();
  const start = performance.now();
  const result = benchmark.run(state);
  const wallMs = performance.now() - start;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ ...result, wallMs, peakRssMb }) + '\n');
}

function median(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const round = (value, digits = 0) => Number(value.toFixed(digits));

async function measure(file, runs) {
  const benchmark = await loadBenchmark(file);
  const spawnedAt = performance.now();
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', file], { encoding: 'utf8' });
  // Start-up, imports and one cold run: about what one `mofc` invocation costs.
  const processMs = performance.now() - spawnedAt;
  if (child.status !== 0) {
    const reason = (child.stderr.split('\n').find((line) => /Error|error/.test(line)) ?? `exit ${child.status}`).trim();
    return { name: benchmark.name, skipped: reason };
  }
  const cold = JSON.parse(child.stdout.trim().split('\n').at(-1));
  const state = await benchmark.setup();
  benchmark.run(state); // warm-up
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = benchmark.run(state);
    times.push(performance.now() - start);
  }
  const wallMs = median(times);
  return {
    name: benchmark.name,
    description: benchmark.description,
    files: result.files,
    errors: result.errors,
    inputMb: result.bytes / 1e6,
    coldMs: cold.wallMs,
    processMs,
    wallMs,
    mbPerSec: result.bytes / 1e6 / (wallMs / 1000),
    peakRssMb: cold.peakRssMb,
    runs,
  };
}

function printTable(rows) {
  const header = ['benchmark', 'files', 'MB', 'process ms', 'cold ms', 'median ms', 'MB/s', 'peak RSS MB', 'errors'];
  const lines = rows.map((row) =>
    row.skipped
      ? [row.name, `skipped: ${row.skipped}`]
      : [
          row.name,
          String(row.files),
          row.inputMb.toFixed(2),
          row.processMs.toFixed(0),
          row.coldMs.toFixed(0),
          `${row.wallMs.toFixed(0)} (n=${row.runs})`,
          row.mbPerSec.toFixed(1),
          row.peakRssMb.toFixed(0),
          String(row.errors),
        ],
  );
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => (line.length > 2 ? (line[i] ?? '').length : 0))));
  const format = (cells) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  console.log(format(header));
  for (const line of lines) console.log(line.length > 2 ? format(line) : line.join('  '));
}

function writeResults(rows) {
  const entries = {};
  for (const row of rows) {
    if (row.skipped) continue;
    entries[row.name] = {
      wallMs: round(row.wallMs),
      coldMs: round(row.coldMs),
      processMs: round(row.processMs),
      mbPerSec: round(row.mbPerSec, 1),
      peakRssMb: round(row.peakRssMb),
      runs: row.runs,
      files: row.files,
      inputMb: round(row.inputMb, 2),
    };
  }
  mergeResults(entries);
}

if (values.child) {
  await runCold(values.child);
} else {
  const runs = Number(values.runs);
  const files = readdirSync(benchDir).filter((file) => file.endsWith('.bench.js')).sort();
  const rows = [];
  for (const file of files) {
    const benchmark = await loadBenchmark(file);
    if (positionals.length > 0 && !positionals.includes(benchmark.name)) continue;
    rows.push(await measure(file, runs));
  }
  printTable(rows);
  if (!values['no-write']) writeResults(rows);
  if (rows.some((row) => !row.skipped && row.errors > 0)) {
    console.error('warning: some benchmarks reported errors in their input; their figures are not meaningful');
    process.exitCode = 1;
  }
}

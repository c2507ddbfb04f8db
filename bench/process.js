#!/usr/bin/env node
// Whole-process benchmark: `node bin/mofc.cjs …` as users run it, against the floor
// (bench/floor.js: read every DMTF 2.49 file and split it into tokens with one regex)
// and `node -e 0` measured in the same run, so the ratios mean something on any machine.
//
// Rounds are interleaved (every case once per round, in order), so a machine that gets
// busier or quieter during the run shifts every case alike. Each figure is the median
// of the rounds, after one warm-up round (file cache); the targets are judged on it.
// "best ×" divides each case's fastest round by the floor's fastest, and "paired ×" is the
// median over rounds of each round's case divided by the same round's floor: on a shared
// machine both move less from run to run than the ratio of medians. "over node" is the
// median over rounds of the case minus the same round's `node -e 0`: the part of a small
// run that is mofc's own. Wall time is what users wait;
// CPU time (user + system, from GNU time when /usr/bin/time exists) is steadier on a
// busy machine. Needs `npm run build` first. Figures are merged into bench/results.json.
//
// Usage: node bench/process.js [--rounds N] [--no-write] [--mof <root.mof>]
//   --mof   another schema's entry file; the floor then reads every .mof file in its directory
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { mergeResults } from './results.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '7' }, 'no-write': { type: 'boolean', default: false }, mof: { type: 'string' } },
});
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer, not '${values.rounds}'`);

const schema = values.mof
  ? { file: resolve(values.mof), label: basename(values.mof), key: basename(values.mof, extname(values.mof)).toLowerCase() }
  : { file: join(root, 'fixtures/dmtf/cim-schema-2.49.0/cim_schema_2.49.0.mof'), label: 'DMTF 2.49', key: 'dmtf-2.49' };
const oneClass = join(root, 'bench/one-class.mof');
const mofc = join(root, 'bin/mofc.cjs');
const temp = mkdtempSync(join(tmpdir(), 'mofc-bench-process-'));
const gnuTime = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%U', 'true']).status === 0 ? '/usr/bin/time' : null;

/** name, what, arguments to node, and the target: at most `floor` × the floor, or `ms` milliseconds. */
const cases = [
  { name: 'node-startup', what: 'node -e 0', args: ['-e', '0'] },
  { name: `floor-${schema.key}`, what: `floor: read ${schema.label}'s files + one regex tokenizer`, args: [join(root, 'bench/floor.js'), dirname(schema.file)] },
  { name: 'mofc-version', what: 'mofc --version', args: [mofc, '--version'] },
  { name: 'mofc-check-one-class', what: 'mofc check, a one-class file', args: [mofc, 'check', oneClass], target: { ms: 100 } },
  { name: `mofc-parse-${schema.key}`, what: `mofc parse ${schema.label}`, args: [mofc, 'parse', schema.file], target: { floor: 3 } },
  { name: `mofc-check-${schema.key}`, what: `mofc check ${schema.label}`, args: [mofc, 'check', schema.file], target: { floor: 4 } },
  {
    name: `mofc-compile-${schema.key}`,
    what: `mofc compile ${schema.label} (writes model JSON)`,
    args: [mofc, 'compile', schema.file, '--out', join(temp, 'model.json')],
    target: { floor: 5 },
  },
];

/** One process, timed from spawn to exit; with GNU time, its CPU time and peak RSS too. */
function runOnce(testCase) {
  const stats = join(temp, 'time.txt');
  const [command, args] = gnuTime
    ? [gnuTime, ['-f', '%U %S %M', '-o', stats, process.execPath, ...testCase.args]]
    : [process.execPath, testCase.args];
  const start = performance.now();
  const child = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallMs = performance.now() - start;
  if (child.status !== 0) {
    throw new Error(`${testCase.what} failed (exit ${child.status}):\n${child.stdout.slice(-2000)}\n${child.stderr.slice(-2000)}`);
  }
  if (!gnuTime) return { wallMs };
  const [user, system, maxRssKb] = readFileSync(stats, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
  return { wallMs, cpuMs: (user + system) * 1000, peakRssMb: maxRssKb / 1024 };
}

function median(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// By case, not by name: with `--mof bench/one-class.mof` two cases share a name.
const samples = new Map(cases.map((testCase) => [testCase, []]));
try {
  for (const testCase of cases) runOnce(testCase); // warm-up: file cache, nothing recorded
  for (let round = 0; round < rounds; round++) {
    for (const testCase of cases) samples.get(testCase).push(runOnce(testCase));
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}

const figure = (testCase, key) => (gnuTime || key === 'wallMs' ? median(samples.get(testCase).map((sample) => sample[key])) : undefined);
/** The fastest round: what a case costs with the least interference from the rest of the machine. */
const bestWall = (testCase) => Math.min(...samples.get(testCase).map((sample) => sample.wallMs));
const [nodeCase, floorCase] = cases;
const floor = { wallMs: figure(floorCase, 'wallMs'), cpuMs: figure(floorCase, 'cpuMs'), bestWallMs: bestWall(floorCase) };
/** The median over rounds of `combine(case's round, other's same round)`: pairs measured seconds apart. */
const paired = (testCase, other, combine) => {
  const others = samples.get(other);
  return median(samples.get(testCase).map((sample, round) => combine(sample.wallMs, others[round].wallMs)));
};
const rows = cases.map((testCase) => {
  const wallMs = figure(testCase, 'wallMs');
  const cpuMs = figure(testCase, 'cpuMs');
  const vsFloor = testCase.target?.floor !== undefined;
  return {
    ...testCase,
    wallMs,
    cpuMs,
    peakRssMb: figure(testCase, 'peakRssMb'),
    wallFloor: vsFloor ? wallMs / floor.wallMs : undefined,
    bestWallFloor: vsFloor ? bestWall(testCase) / floor.bestWallMs : undefined,
    pairedWallFloor: vsFloor ? paired(testCase, floorCase, (mofcMs, floorMs) => mofcMs / floorMs) : undefined,
    overNodeMs: testCase.args[0] === mofc ? paired(testCase, nodeCase, (mofcMs, nodeMs) => mofcMs - nodeMs) : undefined,
    cpuFloor: vsFloor && cpuMs !== undefined ? cpuMs / floor.cpuMs : undefined,
    met: testCase.target ? (vsFloor ? wallMs / floor.wallMs <= testCase.target.floor : wallMs <= testCase.target.ms) : undefined,
  };
});

const ms = (value) => (value === undefined ? '-' : value.toFixed(0));
const times = (value) => (value === undefined ? '' : `${value.toFixed(1)}×`);
const targetText = (target) => (!target ? '' : target.floor !== undefined ? `≤ ${target.floor}× floor` : `≤ ${target.ms} ms`);
const header = ['whole process', 'wall ms', 'floor ms', '× floor', 'paired ×', 'best ×', 'over node ms', 'cpu ms', '× floor', 'peak RSS MB', 'target', ''];
const lines = rows.map((row) => [
  row.what,
  ms(row.wallMs),
  row.wallFloor === undefined ? '' : ms(floor.wallMs),
  times(row.wallFloor),
  times(row.pairedWallFloor),
  times(row.bestWallFloor),
  row.overNodeMs === undefined ? '' : ms(row.overNodeMs),
  ms(row.cpuMs),
  times(row.cpuFloor),
  ms(row.peakRssMb),
  targetText(row.target),
  row.met === undefined ? '' : row.met ? 'met' : 'not met',
]);
const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i].length)));
const format = (cells) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd();
console.log(
  `median of ${rounds} interleaved rounds${gnuTime ? '' : ' (no /usr/bin/time: wall time only)'}; paired ×: median of each round's ratio to that round's floor;` +
    ` best ×: fastest round against the floor's fastest; over node: median of each round's time minus that round's node -e 0`,
);
console.log(format(header));
for (const line of lines) console.log(format(line));

if (!values['no-write']) {
  const round = (value, digits = 0) => (value === undefined ? undefined : Number(value.toFixed(digits)));
  const entries = {};
  for (const row of rows) {
    entries[`process:${row.name}`] = {
      wallMs: round(row.wallMs),
      cpuMs: round(row.cpuMs),
      peakRssMb: round(row.peakRssMb),
      ...(row.wallFloor === undefined
        ? {}
        : {
            floorWallMs: round(floor.wallMs),
            xFloorWall: round(row.wallFloor, 2),
            xFloorWallPaired: round(row.pairedWallFloor, 2),
            xFloorWallBest: round(row.bestWallFloor, 2),
            xFloorCpu: round(row.cpuFloor, 2),
          }),
      ...(row.overNodeMs === undefined ? {} : { overNodeMs: round(row.overNodeMs) }),
      ...(row.target ? { target: targetText(row.target) } : {}),
      rounds,
    };
  }
  mergeResults(entries);
}

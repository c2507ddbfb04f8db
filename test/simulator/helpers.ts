/**
 * Shared set-up for the simulator tests: the generated package built (its
 * `dist/` is what `import 'hyperv-v2'` loads), a simulator on a fresh root
 * directory, and a way to hold an export job mid-way.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { HyperVSimulator, SimulatorOptions } from '../../examples/hyperv-simulator/simulator.js';
import type { ExportJob } from '../../examples/hyperv-simulator/export-job.js';

export const root = path.resolve(import.meta.dirname, '../..');
const pkgDir = path.join(root, 'generated/hyperv-v2');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Builds `generated/hyperv-v2` when its dist is missing or older than its sources. */
export function ensureHyperVBuilt(): void {
  const dist = path.join(pkgDir, 'dist', 'index.js');
  if (fs.existsSync(dist) && fs.statSync(dist).mtimeMs >= newestMtime(path.join(pkgDir, 'src'))) return;
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', pkgDir], { stdio: 'pipe' });
}

/** Lists every file under `dir`, relative, sorted ('' for a missing dir: []). */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/**
 * A gate one job waits at: `hold()` arms it; the first job to take a step
 * where `when(job)` holds stops there (`reached` settles with it) until
 * `release()`. Other jobs pass.
 */
export class Gate {
  #armed: { when: (job: ExportJob) => boolean; released: Promise<void>; release: () => void; reached: (job: ExportJob) => void; held?: ExportJob } | undefined;
  reached: Promise<ExportJob> = new Promise<ExportJob>(() => {});

  hold(when: (job: ExportJob) => boolean = (job) => job.percent >= 30): void {
    let release!: () => void;
    let reached!: (job: ExportJob) => void;
    const released = new Promise<void>((r) => (release = r));
    this.reached = new Promise<ExportJob>((r) => (reached = r));
    this.#armed = { when, release, released, reached };
  }

  release(): void {
    this.#armed?.release();
    this.#armed = undefined;
  }

  /** The `pace` hook to give the simulator. */
  pace = async (job: ExportJob): Promise<void> => {
    const armed = this.#armed;
    if (!armed) return;
    if (armed.held === undefined) {
      if (!armed.when(job)) return;
      armed.held = job;
      armed.reached(job);
    }
    if (armed.held === job) await armed.released;
  };
}

export interface TestSimulator extends HyperVSimulator {
  readonly root: string;
  /** `<root>/D/Exports`, created empty; its host path is `D:\Exports`. */
  readonly exportDir: string;
  readonly gate: Gate;
}

/** Starts a simulator on a fresh temporary root (call `ensureHyperVBuilt()` first: the simulator imports `hyperv-v2`). */
export async function startSimulator(options: Partial<SimulatorOptions> = {}): Promise<TestSimulator> {
  const { createHyperVSimulator, defaultSeedPath } = await import('../../examples/hyperv-simulator/simulator.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mofc-sim-'));
  const gate = new Gate();
  const simulator = await createHyperVSimulator({
    seedText: fs.readFileSync(defaultSeedPath(), 'utf8'),
    root: dir,
    diskBytes: 200 * 1024,
    chunkBytes: 16 * 1024,
    pace: gate.pace,
    directories: ['D:\\Exports'],
    ...options,
  });
  const exportDir = path.join(dir, 'D', 'Exports');
  return {
    ...simulator,
    root: dir,
    exportDir,
    gate,
    async close() {
      gate.release();
      await simulator.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

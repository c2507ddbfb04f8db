/**
 * The simulated Hyper-V host, assembled: seeded repository + root directory
 * (`host.ts`), the export service and job providers (`providers.ts`).
 * `session` is the host's own CIM repository; serve it over WS-Management
 * (`serve.ts`) or use it directly in process.
 */
import * as fs from 'node:fs';
import type { InMemorySession } from '@mofc/runtime/memory';
import { SimulatedHost } from './host.js';
import { ExportService, type ExportServiceOptions } from './providers.js';

export interface SimulatorOptions extends ExportServiceOptions {
  /** The seed JSON text (see `seed.json`). */
  readonly seedText: string;
  /** Directory standing in for the host's drives; created if missing. */
  readonly root: string;
  /** Size of each seeded virtual disk file created at start (default 256 KiB). */
  readonly diskBytes?: number;
  /** Host directories to create at start (e.g. `D:\\Exports`), so clients have somewhere to export to. */
  readonly directories?: readonly string[];
}

export interface HyperVSimulator {
  readonly host: SimulatedHost;
  readonly session: InMemorySession;
  readonly exports: ExportService;
  /** Fails running export jobs (cleaning up their staging) and closes the repository. */
  close(): Promise<void>;
}

export async function createHyperVSimulator(options: SimulatorOptions): Promise<HyperVSimulator> {
  const host = await SimulatedHost.load(options.seedText, { root: options.root, ...(options.diskBytes !== undefined ? { diskBytes: options.diskBytes } : {}) });
  for (const dir of options.directories ?? []) await fs.promises.mkdir(host.localPath(dir), { recursive: true });
  const exports = new ExportService(host, options);
  exports.register();
  return {
    host,
    session: host.session,
    exports,
    async close() {
      await exports.shutdown();
      await host.session.close();
    },
  };
}

/** The seed file next to this module (`examples/hyperv-simulator/seed.json`), also when running from a build directory. */
export function defaultSeedPath(): string {
  const candidates = [new URL('./seed.json', import.meta.url), new URL('../../hyperv-simulator/seed.json', import.meta.url)];
  for (const url of candidates) if (fs.existsSync(url)) return url.pathname;
  throw new Error('seed.json not found next to the simulator');
}

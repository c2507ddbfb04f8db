/**
 * Shared set-up for the WS-Management tests of the generated Hyper-V SDK: the
 * `hyperv-v2` package built and imported by name (as a user would), and an
 * in-memory repository seeded from fixtures/wsman/hyperv-seed.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseSeed } from '@mofc/runtime';
import { InMemorySession } from '@mofc/runtime/memory';
import type * as HyperV from 'hyperv-v2';
import { ensureHyperVBuilt, root } from '../simulator/helpers.js';

export { root };

/** The namespace the seed fills. */
export const NS = 'root/virtualization/v2';

/** The first seeded virtual machine (`web-01`). */
export const VM1 = '5F6C2A61-6C7B-4C47-9E1C-0A1B2C3D4E01';

/** Builds `generated/hyperv-v2` when stale and imports it (call from a `beforeAll` with a long timeout). */
export async function loadHyperV(): Promise<typeof HyperV> {
  ensureHyperVBuilt();
  return import('hyperv-v2');
}

/** A fresh `InMemorySession` on the Hyper-V classes holding the seed's instances. */
export function seededStore(hv: typeof HyperV): InMemorySession {
  const store = new InMemorySession({ registry: hv.registry, namespace: NS });
  for (const instance of parseSeed(fs.readFileSync(path.join(root, 'fixtures/wsman/hyperv-seed.json'), 'utf8'), hv.registry)) store.put(instance);
  return store;
}

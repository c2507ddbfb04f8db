/**
 * `npm run simulator -- [--port N] [--user U --password P] [--state seed.json] [--root DIR] [--pace-ms N]`:
 * serves the simulated Hyper-V host over WS-Management on loopback until
 * stopped (Ctrl+C), printing its URL and the seeded VMs and collections.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createHyperVSimulator, defaultSeedPath } from './simulator.js';
import { serveSimulator } from './serve.js';

/** Created at start, so the README's example has somewhere to export to. */
const EXPORTS = 'D:\\Exports';
const USAGE = 'usage: simulator [--port N] [--user U --password P] [--state seed.json] [--root DIR] [--pace-ms N]';

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '0' },
        user: { type: 'string' },
        password: { type: 'string' },
        state: { type: 'string' },
        root: { type: 'string', default: '.tmp/hyperv-simulator' },
        'pace-ms': { type: 'string', default: '20' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const port = Number(values.port);
  const paceMs = Number(values['pace-ms']);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || !(paceMs >= 0) || (values.user === undefined) !== (values.password === undefined)) {
    console.error(USAGE);
    return 2;
  }
  const seedPath = values.state ?? defaultSeedPath();
  const simulator = await createHyperVSimulator({
    seedText: fs.readFileSync(seedPath, 'utf8'),
    root: path.resolve(values.root),
    directories: [EXPORTS],
    // Jobs take a step every paceMs, so progress is visible to a client.
    pace: paceMs > 0 ? () => new Promise((resolve) => setTimeout(resolve, paceMs)) : undefined,
    onRefusal: (code, why) => console.error(`ExportReferencePoint refused with ${code}: ${why}`),
  });
  const server = await serveSimulator(simulator, {
    port,
    ...(values.user !== undefined && values.password !== undefined ? { username: values.user, password: values.password } : {}),
    onError: (e) => console.error(`server: ${e instanceof Error ? e.message : String(e)}`),
  });
  const vms = await simulator.host.virtualMachines();
  const groups = new Map((await simulator.host.vmGroups()).map((g) => [g.CollectionID, g.ElementName ?? g.CollectionID]));
  // Listening for the signals before anything is printed: a script may stop the host as soon as it reads the URL.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  console.log(`simulated Hyper-V host listening on ${server.url}`);
  console.log(`  state: ${seedPath}`);
  console.log(`  drives: ${simulator.host.root} (C:\\ is ${path.join(simulator.host.root, 'C')}; ${EXPORTS} is ready for exports)`);
  console.log(`  authentication: ${values.user === undefined ? 'none' : `Basic or NTLM as ${values.user}`}`);
  console.log('  virtual machines:');
  for (const [id, name] of vms) console.log(`    ${name} (${id})`);
  console.log('  reference point collections:');
  for (const c of await simulator.host.referencePointCollections()) {
    console.log(`    ${c.ElementName ?? c.CollectionID} (VM group ${groups.get(c.VirtualSystemCollectionId) ?? c.VirtualSystemCollectionId})`);
  }
  await stopped;
  await server.close();
  await simulator.close();
  console.log('simulator stopped');
  return 0;
}

process.exitCode = await main();

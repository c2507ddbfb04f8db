/**
 * `npm run demo`: starts the simulated Hyper-V host on a free loopback port,
 * runs the export example against it as a user would (a separate `node`
 * process, configured through the environment), and shows what it wrote.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHyperVSimulator, defaultSeedPath } from './simulator.js';
import { serveSimulator } from './serve.js';

const COLLECTION = 'web-tier nightly 2024-06-10';
const USER = 'demo';
const PASSWORD = 'demo-password';

async function main(): Promise<number> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mofc-demo-'));
  const simulator = await createHyperVSimulator({
    seedText: fs.readFileSync(defaultSeedPath(), 'utf8'),
    root,
    directories: ['D:\\Exports'],
    pace: () => new Promise((resolve) => setTimeout(resolve, 40)),
  });
  const server = await serveSimulator(simulator, { username: USER, password: PASSWORD });
  console.log(`simulated Hyper-V host on ${server.url} (drives under ${root})`);
  console.log(`exporting "${COLLECTION}" to D:\\Exports …`);
  try {
    const example = fileURLToPath(new URL('../export-reference-point.js', import.meta.url));
    const code = await new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, [example, COLLECTION, 'D:\\Exports'], {
        env: { ...process.env, MOFC_WSMAN_URL: server.url, MOFC_WSMAN_USER: USER, MOFC_WSMAN_PASSWORD: PASSWORD, MOFC_WSMAN_AUTH: 'ntlm' },
        stdio: 'inherit',
      });
      child.once('error', reject);
      child.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
    });
    if (code !== 0) return code;
    const exported = path.join(root, 'D', 'Exports');
    const files = fs
      .readdirSync(exported, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(exported, path.join(e.parentPath, e.name)))
      .sort();
    console.log(`on the simulated host's D:\\Exports: ${files.length} files`);
    return 0;
  } finally {
    await server.close();
    await simulator.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

process.exitCode = await main();

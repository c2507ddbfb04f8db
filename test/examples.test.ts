/**
 * The examples: type-checked against the generated package, built with tsc
 * and RUN with plain `node` as users run them — the export example against
 * the simulated Hyper-V host over WS-Management, `npm run demo`'s program, and
 * `npm run simulator`'s program. The README shows the example's marked region
 * verbatim.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest';
import { WsmanSession, type WsmanServer } from '@mofc/runtime';
import { typeCheckPackage } from './codegen/typecheck.js';
import { ensureHyperVBuilt, listFiles, startSimulator, type TestSimulator } from './simulator/helpers.js';

const root = path.resolve(import.meta.dirname, '..');
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
const exampleFile = path.join(root, 'examples/export-reference-point.ts');
const built = (file: string) => path.join(root, 'examples/dist', file);

test('the examples type-check against the generated Hyper-V package, imported by name', () => {
  const { errors } = typeCheckPackage(path.join(root, 'examples'), {
    runtimeFromSource: true,
    paths: { 'hyperv-v2': [path.join(root, 'generated/hyperv-v2/src/index.ts')] },
  });
  expect(errors).toEqual([]);
});

test("the README shows the example's marked region verbatim", () => {
  const source = fs.readFileSync(exampleFile, 'utf8');
  const region = /\/\/ #region readme\n([\s\S]*?)\/\/ #endregion readme/.exec(source)?.[1];
  expect(region).toBeDefined();
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  expect(blocks).toContain(region);
});

test('the npm scripts build the examples, then run those programs', () => {
  const { scripts } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  expect(scripts['build:examples']).toBe('tsc -b src/runtime && tsc -p generated/hyperv-v2 && tsc -p examples/tsconfig.build.json');
  expect(scripts['example:export']).toBe('npm run -s build:examples && node examples/dist/export-reference-point.js');
  expect(scripts['simulator']).toBe('npm run -s build:examples && node examples/dist/hyperv-simulator/main.js');
  expect(scripts['demo']).toBe('npm run -s build:examples && node examples/dist/hyperv-simulator/demo.js');
});

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node file args…` and collects its output; killed (and failing) after `limitMs`. */
function runNode(file: string, args: readonly string[], env: Record<string, string> = {}, limitMs = 60_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${path.basename(file)} did not finish within ${limitMs} ms\n${stdout}\n${stderr}`));
    }, limitMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('the examples, built and run with node', () => {
  const USER = 'example-user';
  const PASSWORD = 'example-password';
  let sim: TestSimulator;
  let server: WsmanServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    ensureHyperVBuilt();
    execFileSync(process.execPath, [tsc, '-b', path.join(root, 'src/runtime')], { stdio: 'pipe' });
    execFileSync(process.execPath, [tsc, '-p', path.join(root, 'examples/tsconfig.build.json')], { stdio: 'pipe' });
    sim = await startSimulator();
    const { serveSimulator } = await import('../examples/hyperv-simulator/serve.js');
    server = await serveSimulator(sim, { username: USER, password: PASSWORD });
    env = { MOFC_WSMAN_URL: server.url, MOFC_WSMAN_USER: USER, MOFC_WSMAN_PASSWORD: PASSWORD };
  }, 300_000);

  afterAll(async () => {
    await server?.close();
    await sim?.close();
  });

  it('exports a collection over WS-Management (NTLM), drawing progress and printing the files written', async () => {
    const run = await runNode(built('export-reference-point.js'), ['web-tier nightly 2024-06-10', 'D:\\Exports'], env);
    expect(run.stderr).toContain('100%');
    expect(run.code).toBe(0);
    const listed = run.stdout
      .split('\n')
      .filter((l) => l.startsWith('  '))
      .map((l) => l.trim());
    expect(run.stdout).toMatch(/^exported 13 files:\n/);
    expect(listed).toHaveLength(13);
    // Every file the program printed is on the simulated host's disk, and nothing else is.
    const target = path.join(sim.exportDir, 'C0FFEE00-0000-4000-8000-000000000610');
    expect(listed.map((f) => path.relative(target, sim.host.localPath(f))).sort()).toEqual(listFiles(target));
  });

  it('works with Basic authentication too, and reports warnings', async () => {
    const run = await runNode(built('export-reference-point.js'), ['database hourly 2024-06-10T10', 'D:\\Exports'], { ...env, MOFC_WSMAN_AUTH: 'basic' });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('warning: job ');
    expect(run.stderr).toContain('completed with warnings: 1 virtual machine(s) exported without disk data.');
  });

  it('exits 1 with the typed error when the host refuses, 2 on usage errors', async () => {
    const refused = await runNode(built('export-reference-point.js'), ['web-tier nightly 2024-06-09', 'Q:\\Nowhere'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(
      'CimMethodError [CIM_METHOD]: Msvm_CollectionReferencePointService.ExportReferencePoint returned 32779 (File not found)',
    );
    const unknown = await runNode(built('export-reference-point.js'), ['no such collection', 'D:\\Exports'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no reference point collection named "no such collection"');
    const badPassword = await runNode(built('export-reference-point.js'), ['web-tier nightly 2024-06-09', 'D:\\Exports'], { ...env, MOFC_WSMAN_PASSWORD: 'wrong' });
    expect(badPassword.code).toBe(1);
    expect(badPassword.stderr).toMatch(/^Cim\w+Error \[CIM_\w+\]: /);
    const usage = await runNode(built('export-reference-point.js'), [], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: export-reference-point <collection name> <export directory>');
    expect(listFiles(path.join(sim.exportDir, 'C0FFEE00-0000-4000-8000-000000000609'))).toEqual([]);
  });

  it("runs `npm run demo`'s program: simulator and example together, exit 0", async () => {
    const run = await runNode(built('hyperv-simulator/demo.js'), []);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/simulated Hyper-V host on http:\/\/127\.0\.0\.1:\d+\/wsman/);
    expect(run.stdout).toContain('exported 13 files:');
    expect(run.stdout).toContain("on the simulated host's D:\\Exports: 13 files");
    expect(run.stderr).toContain('100%');
  });

  it("runs `npm run simulator`'s program: prints URL, VMs and collections, serves until SIGINT", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mofc-sim-cli-'));
    const child = spawn(process.execPath, [built('hyperv-simulator/main.js'), '--port', '0', '--user', 'u', '--password', 'p', '--root', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner: ${stdout}`)), 60_000);
        child.stdout.on('data', () => {
          if (stdout.includes('reference point collections:') && stdout.split('reference point collections:')[1]!.split('\n').length > 4) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const url = /listening on (\S+)/.exec(stdout)![1]!;
      expect(stdout).toContain('web-01 (6A1E0B52-3C4D-4E5F-8A9B-0C1D2E3F4A01)');
      expect(stdout).toContain('web-tier nightly 2024-06-10 (VM group web-tier)');
      expect(fs.existsSync(path.join(dir, 'D', 'Exports'))).toBe(true);
      const session = new WsmanSession({ url, username: 'u', password: 'p', authentication: 'basic', namespace: 'root/virtualization/v2', onWarning: () => {} });
      const names: string[] = [];
      for await (const vm of session.enumerateInstances('Msvm_ComputerSystem')) names.push(String(vm.properties.ElementName));
      await session.close();
      expect(names.sort()).toEqual(['HV-SIM-01', 'db-01', 'web-01', 'web-02']);
    } finally {
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(stdout).toContain('simulator stopped');
  });
});

/**
 * An independent client against the simulated Hyper-V host: Debian's
 * python3-winrm sends raw envelopes (test/simulator/pywinrm_export.py) — WQL
 * enumeration on `…/v2/*`, Invoke of ExportReferencePoint with an EPR and a
 * CDATA CIM-XML embedded instance, Get of the job — and gets 4096 + Job and a
 * finished export. scripts/ci-setup.sh installs the package; in CI a missing
 * package fails this test, elsewhere it is skipped with a message.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WsmanServer } from '@mofc/runtime';
import { ensureHyperVBuilt, listFiles, root, startSimulator, type TestSimulator } from './helpers.js';

const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const hasWinrm = spawnSync(PYTHON, ['-c', 'import winrm'], { stdio: 'ignore' }).status === 0;
const inCi = Boolean(process.env['CI']);
if (!hasWinrm && !inCi) {
  console.warn(`skipping test/simulator/python-winrm.test.ts: ${PYTHON} cannot import winrm (run scripts/ci-setup.sh, or apt-get install python3-winrm)`);
}

interface PyResult {
  collections: { class: string; properties: Record<string, string> }[];
  refused: Record<string, string>;
  started: { element: string; ReturnValue: string; Job: { resourceUri: string; selectors: Record<string, string> } };
  job: { class: string; properties: Record<string, string | string[]> };
  states: string[];
}

describe.skipIf(!hasWinrm && !inCi)('python3-winrm drives the simulated Hyper-V host', () => {
  let sim: TestSimulator;
  let server: WsmanServer;

  beforeAll(async () => {
    if (!hasWinrm) throw new Error(`${PYTHON} cannot import winrm: run scripts/ci-setup.sh (installs python3-winrm)`);
    ensureHyperVBuilt();
    sim = await startSimulator();
    const { serveSimulator } = await import('../../examples/hyperv-simulator/serve.js');
    server = await serveSimulator(sim, { username: 'pywinrm', password: 'Secret#1' });
  }, 180_000);

  afterAll(async () => {
    await server?.close();
    await sim?.close();
  });

  it('enumerates with WQL, invokes ExportReferencePoint with an EPR and CDATA CIM-XML, gets 4096 + Job, and the job completes', async () => {
    const args = [path.join(root, 'test/simulator/pywinrm_export.py'), server.url, 'pywinrm', 'Secret#1'];
    // Asynchronous: the server runs in this process and must keep answering while Python waits.
    const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(PYTHON, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
      child.once('close', (status) => {
        clearTimeout(timer);
        resolve({ status, stdout, stderr });
      });
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as PyResult;
    expect(result.collections.map((c) => c.properties.CollectionID)).toEqual(['C0FFEE00-0000-4000-8000-000000000610']);
    expect(result.refused).toEqual({ element: 'ExportReferencePoint_OUTPUT', ReturnValue: '32779' });
    expect(result.started.element).toBe('ExportReferencePoint_OUTPUT');
    expect(result.started.ReturnValue).toBe('4096');
    expect(result.started.Job.resourceUri).toBe('http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/Msvm_CollectionReferencePointExportJob');
    expect(Object.keys(result.started.Job.selectors)).toEqual(['InstanceID']);
    expect(result.job.class).toBe('Msvm_CollectionReferencePointExportJob');
    expect(result.job.properties.JobState).toBe('7');
    expect(result.job.properties.PercentComplete).toBe('100');
    expect(result.states.at(-1)).toBe('7');
    expect(listFiles(path.join(sim.exportDir, 'C0FFEE00-0000-4000-8000-000000000610'))).toContain('manifest.json');
  });
});

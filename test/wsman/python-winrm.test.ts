/**
 * An independent client against `mofc serve`: Debian's python3-winrm (pywinrm)
 * sends raw envelopes with `winrm.protocol.Protocol.send_message` to the real
 * CLI serving the Hyper-V schema from fixtures/wsman/hyperv-seed.json, and
 * must enumerate (WQL on the `…/v2/*` wildcard, several Pulls) and get
 * instances, and see WinRM-shaped faults. scripts/ci-setup.sh installs the
 * package; in CI a missing package fails this test, elsewhere it is skipped
 * with a message saying how to install it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../cli/helpers/build.js';
import { startServe, type ServeProcess } from '../cli/helpers/serve-process.js';

/** Debian's interpreter: python3-winrm installs into its dist-packages, not into other Pythons on PATH. */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const hasWinrm = spawnSync(PYTHON, ['-c', 'import winrm'], { stdio: 'ignore' }).status === 0;
const inCi = Boolean(process.env['CI']);

if (!hasWinrm && !inCi) {
  console.warn(`skipping test/wsman/python-winrm.test.ts: ${PYTHON} cannot import winrm (run scripts/ci-setup.sh, or apt-get install python3-winrm)`);
}

describe.skipIf(!hasWinrm && !inCi)('python3-winrm against mofc serve', () => {
  let server: ServeProcess | undefined;
  let url: string;

  beforeAll(async () => {
    if (!hasWinrm) throw new Error(`${PYTHON} cannot import winrm: run scripts/ci-setup.sh (installs python3-winrm)`);
    server = await startServe(['fixtures/hyperv/WindowsVirtualization.V2.mof', '--state', 'fixtures/wsman/hyperv-seed.json', '--port', '0', '--user', 'winrm-test', '--password', 'Secret#1']);
    url = server.url;
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('enumerates with WQL across Pull pages, gets an instance, and reads the faults', () => {
    const run = spawnSync(PYTHON, [join(repoRoot, 'test/wsman/pywinrm_client.py'), url, 'winrm-test', 'Secret#1', 'root/virtualization/v2'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as {
      enumeration: { pages: number; items: { class: string; properties: Record<string, unknown> }[] };
      all: { pages: number; items: { class: string; properties: Record<string, unknown> }[] };
      get: { class: string; properties: Record<string, unknown> };
      missing: { message: string } | null;
      badClass: { message: string } | null;
      badPassword: string | null;
    };
    // Five VMs, two per page: three pages, the last one with EndOfSequence.
    expect(result.enumeration.pages).toBe(3);
    expect(result.enumeration.items.map((i) => i.properties['ElementName'])).toEqual(['web-01', 'web-02', 'db-01', 'build & test <ci>', 'ünïcode-vm']);
    expect(result.enumeration.items.every((i) => i.class === 'Msvm_ComputerSystem' && i.properties['Caption'] === 'Virtual Machine')).toBe(true);
    expect(result.all.items).toHaveLength(6);
    expect(result.get.properties).toMatchObject({
      Name: '5F6C2A61-6C7B-4C47-9E1C-0A1B2C3D4E01',
      ElementName: 'web-01',
      OnTimeInMilliseconds: '9007199254740993',
      OperationalStatus: ['2', '32768'],
      TimeOfLastStateChange: { Datetime: '2024-06-10T12:00:00Z' },
      // NULL properties travel as xsi:nil.
      Description: null,
    });
    expect(result.missing?.message).toContain("'wsmanfault_code': '2150858752'");
    expect(result.missing?.message).toContain("'fault_code': 's:Sender'");
    expect(result.badClass?.message).toContain("'fault_subcode': 'a:DestinationUnreachable'");
    expect(result.badPassword).toBe('InvalidCredentialsError');
  });
});

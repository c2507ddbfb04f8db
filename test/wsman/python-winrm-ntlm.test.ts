/**
 * An independent NTLM client against `mofc serve --auth ntlm`: Debian's
 * python3-winrm with transport='ntlm' over plain HTTP, sealing every message
 * (MS-WSMV message encryption), enumerates, gets and invokes on the Hyper-V
 * schema served from fixtures/wsman/hyperv-seed.json. The server refuses it
 * without encryption and with a wrong password. scripts/ci-setup.sh installs
 * the package; in CI a missing package fails this test, elsewhere it is skipped
 * with a message saying how to install it.
 *
 * Debian's python3 links OpenSSL 3, which keeps MD4 (the NT hash) in its legacy
 * provider; ntlm-auth hashes with hashlib, so the client runs with an OpenSSL
 * configuration that loads that provider (written here, used by this process only).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../cli/helpers/build.js';
import { startServe, type ServeProcess } from '../cli/helpers/serve-process.js';

const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const hasWinrm = spawnSync(PYTHON, ['-c', 'import winrm, requests_ntlm'], { stdio: 'ignore' }).status === 0;
const inCi = Boolean(process.env['CI']);

if (!hasWinrm && !inCi) {
  console.warn(`skipping test/wsman/python-winrm-ntlm.test.ts: ${PYTHON} cannot import winrm and requests_ntlm (run scripts/ci-setup.sh, or apt-get install python3-winrm)`);
}

const USER = 'LAB\\winrm-ntlm';
const PASSWORD = 'Secret#2 ü';

describe.skipIf(!hasWinrm && !inCi)('python3-winrm (NTLM, message encryption) against mofc serve --auth ntlm', () => {
  let server: ServeProcess | undefined;
  let url: string;
  let dir: string;

  beforeAll(async () => {
    if (!hasWinrm) throw new Error(`${PYTHON} cannot import winrm and requests_ntlm: run scripts/ci-setup.sh (installs python3-winrm)`);
    dir = mkdtempSync(join(tmpdir(), 'mofc-pywinrm-ntlm-'));
    writeFileSync(
      join(dir, 'openssl.cnf'),
      ['openssl_conf = openssl_init', '[openssl_init]', 'providers = provider_sect', '[provider_sect]', 'default = default_sect', 'legacy = legacy_sect', '[default_sect]', 'activate = 1', '[legacy_sect]', 'activate = 1', ''].join('\n'),
    );
    server = await startServe(['fixtures/hyperv/WindowsVirtualization.V2.mof', '--state', 'fixtures/wsman/hyperv-seed.json', '--port', '0', '--auth', 'ntlm', '--user', USER], {
      env: { MOFC_SERVE_PASSWORD: PASSWORD },
    });
    url = server.url;
  }, 120_000);

  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await server?.stop();
  });

  it('enumerates, gets and invokes with sealed messages; refuses a wrong password and an unencrypted client', () => {
    const run = spawnSync(PYTHON, [join(repoRoot, 'test/wsman/pywinrm_ntlm_client.py'), url, USER, PASSWORD, 'root/virtualization/v2'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, OPENSSL_CONF: join(dir, 'openssl.cnf') },
    });
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as {
      enumeration: { pages: number; items: { class: string; properties: Record<string, unknown> }[] };
      get: { class: string; properties: Record<string, unknown> };
      invoke: { message: string } | null;
      again: number;
      encrypted: boolean;
      badPassword: string | null;
      unencrypted: string | null;
    };
    expect(result.encrypted).toBe(true);
    expect(result.enumeration.pages).toBe(3);
    expect(result.enumeration.items.map((i) => i.properties['ElementName'])).toEqual(['web-01', 'web-02', 'db-01', 'build & test <ci>', 'ünïcode-vm']);
    expect(result.get.properties).toMatchObject({ ElementName: 'web-01', OnTimeInMilliseconds: '9007199254740993' });
    // `mofc serve` has no method providers: the invoke reaches the service and comes back (sealed) as WinRM's fault for it.
    expect(result.invoke?.message).toMatch(/^The method is not implemented\./);
    expect(result.invoke?.message).toContain("'fault_subcode': 'a:ActionNotSupported'");
    expect(result.invoke?.message).toContain("'http_status_code': 500");
    expect(result.again).toBe(6);
    expect(result.badPassword).toBe('InvalidCredentialsError');
    expect(result.unencrypted).toBe('InvalidCredentialsError');
  });
});

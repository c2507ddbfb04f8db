/**
 * `mofc serve --auth basic|ntlm` and `--tls-cert/--tls-key`: usage errors in-process,
 * then the real command over HTTPS (a certificate made here) offering both schemes,
 * reached by `WsmanSession` with NTLM and with Basic.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CimAuthenticationError, CimReference, WsmanSession } from '@mofc/runtime';
import { main } from '../../src/cli/main.js';
import { memoryIo } from './helpers/memory-io.js';
import { startServe, type ServeProcess } from './helpers/serve-process.js';

const MOF = 'class Test_Disk { [Key] string Id; uint64 Size; };\n';
const SEED = { namespace: 'root/test', instances: [{ class: 'Test_Disk', properties: { Id: 'd1', Size: '42' } }] };

let dir: string;
let mof: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mofc-serve-auth-'));
  mof = join(dir, 'disk.mof');
  writeFileSync(mof, `#pragma namespace("root/test")\n${MOF}`);
  writeFileSync(join(dir, 'seed.json'), JSON.stringify(SEED));
  execFileSync(
    'openssl',
    ['req', '-x509', '-nodes', '-newkey', 'rsa:2048', '-sha256', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
    { stdio: 'ignore' },
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number; err: string }> {
  const io = memoryIo({ cwd: dir });
  const code = await main(['serve', ...argv], io);
  return { code, err: io.err };
}

describe('mofc serve --auth / --tls-* (in-process, before listening)', () => {
  it('rejects bad combinations with exit 2', async () => {
    expect(await run(mof, '--user', 'u', '--password', 'p', '--auth', 'kerberos')).toMatchObject({ code: 2, err: expect.stringContaining("invalid --auth 'kerberos' (expected basic or ntlm)") });
    expect(await run(mof, '--no-auth', '--auth', 'ntlm')).toMatchObject({ code: 2, err: expect.stringContaining('--no-auth excludes --user, --password and --auth') });
    expect(await run(mof, '--auth', 'ntlm')).toMatchObject({ code: 2, err: expect.stringContaining('give --user and --password') });
    expect(await run(mof, '--no-auth', '--tls-cert', 'cert.pem')).toMatchObject({ code: 2, err: expect.stringContaining('--tls-cert and --tls-key go together') });
  });

  it('reports an unreadable certificate with exit 1', async () => {
    const result = await run(mof, '--no-auth', '--tls-cert', 'missing.pem', '--tls-key', 'key.pem');
    expect(result.code).toBe(1);
    expect(result.err).toContain('cannot read the TLS certificate or key');
  });
});

describe('mofc serve --auth basic --auth ntlm over HTTPS (a process)', () => {
  let server: ServeProcess | undefined;
  let url: string;

  beforeAll(async () => {
    server = await startServe(
      [mof, '--state', join(dir, 'seed.json'), '--port', '0', '--auth', 'basic', '--auth', 'ntlm', '--user', 'LAB\\ops', '--tls-cert', join(dir, 'cert.pem'), '--tls-key', join(dir, 'key.pem')],
      { cwd: dir, env: { MOFC_SERVE_PASSWORD: 'pa55 word' } },
    );
    url = server.url;
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('answers NTLM and Basic clients that trust its certificate, and refuses a wrong password', async () => {
    const ca = readFileSync(join(dir, 'cert.pem'));
    const disk = CimReference.to('Test_Disk', { Id: 'd1' }, { namespace: 'root/test' });
    for (const authentication of ['ntlm', 'basic'] as const) {
      const session = new WsmanSession({ url, username: 'LAB\\ops', password: 'pa55 word', authentication, namespace: 'root/test', tls: { ca } });
      try {
        const instance = await session.getInstance(disk);
        expect(instance.properties['Size'], authentication).toBe('42');
      } finally {
        await session.close();
      }
    }
    const wrong = new WsmanSession({ url, username: 'LAB\\ops', password: 'nope', authentication: 'ntlm', namespace: 'root/test', tls: { ca } });
    await expect(wrong.getInstance(disk)).rejects.toBeInstanceOf(CimAuthenticationError);
    await wrong.close();
  });
});

/**
 * `mofc serve`: usage and input errors in-process (they end before the server
 * starts), then the real command as a process: it prints its URL, answers
 * WS-Management with Basic auth from a seed, and stops cleanly on SIGTERM / SIGINT.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from './helpers/memory-io.js';
import { ensureBuilt, repoRoot } from './helpers/build.js';
import { startServe } from './helpers/serve-process.js';

const MOF = `
[Abstract] class Test_Base { string Caption; };
class Test_Disk : Test_Base { [Key] string Id; uint64 Size; datetime Created; };
`;

let dir: string;
let mof: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mofc-serve-'));
  mof = join(dir, 'disk.mof');
  writeFileSync(mof, MOF);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo({ cwd: dir });
  const code = await main(['serve', ...argv], io);
  return { code, out: io.out, err: io.err };
}

describe('mofc serve (in-process, before listening)', () => {
  it('rejects bad command lines with exit 2', async () => {
    expect(await run()).toMatchObject({ code: 2, err: expect.stringContaining('no input files') });
    expect(await run(mof, '--port', 'http')).toMatchObject({ code: 2, err: expect.stringContaining("invalid --port 'http'") });
    expect(await run(mof, '--port', '70000')).toMatchObject({ code: 2 });
    expect(await run(mof)).toMatchObject({ code: 2, err: expect.stringContaining('give --user and --password') });
    expect(await run(mof, '--user', 'u')).toMatchObject({ code: 2 });
    expect(await run(mof, '--no-auth', '--user', 'u')).toMatchObject({ code: 2, err: expect.stringContaining('--no-auth excludes') });
    expect(await run(mof, '--frobnicate')).toMatchObject({ code: 2 });
  });

  it('reports schema errors, an unreadable seed and a seed that does not fit the schema with exit 1', async () => {
    const broken = join(dir, 'broken.mof');
    writeFileSync(broken, 'class Broken { string X };');
    const schema = await run(broken, '--no-auth');
    expect(schema.code).toBe(1);
    expect(schema.err).toContain('error MOF');
    expect(await run(mof, '--no-auth', '--state', join(dir, 'missing.json'))).toMatchObject({ code: 1, err: expect.stringContaining('cannot read') });
    const seed = join(dir, 'bad-seed.json');
    writeFileSync(seed, JSON.stringify({ instances: [{ class: 'Test_Disk', properties: { Id: 'd1', Size: 'big' } }] }));
    const bad = await run(mof, '--no-auth', '--state', seed);
    expect(bad.code).toBe(1);
    expect(bad.err).toBe(`mofc serve: ${seed}: $.instances[0].properties.Size: expected uint64, got string "big"\n`);
  });

  it('reports a port in use as an error in the input (exit 1), not an internal error', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const result = await run(mof, '--no-auth', '--port', String(port));
      expect(result.code).toBe(1);
      expect(result.err).toContain(`mofc serve: cannot listen on 127.0.0.1:${port}`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('has help', async () => {
    expect(await run('--help')).toMatchObject({ code: 0, out: expect.stringContaining('Usage: mofc serve <files...>') });
  });
});

describe('mofc serve (the real command)', () => {
  beforeAll(() => {
    ensureBuilt();
  });

  /** A Get as WinRM clients send it; by default for Test_Disk.Id, else for `path` with a second selector. */
  function getRequest(url: string, id: string, path = 'root/cimv2/Test_Disk', extraName?: string, extraValue?: string): string {
    const resourceUri = `http://schemas.microsoft.com/wbem/wsman/1/wmi/${path}`;
    const selectors = extraName
      ? `<w:Selector Name="Name">${id}</w:Selector><w:Selector Name="${extraName}">${extraValue}</w:Selector>`
      : `<w:Selector Name="Id">${id}</w:Selector>`;
    return (
      `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd">` +
      `<s:Header><a:To>${url}</a:To><w:ResourceURI s:mustUnderstand="true">${resourceUri}</w:ResourceURI>` +
      `<a:ReplyTo><a:Address s:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>` +
      `<a:Action s:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/09/transfer/Get</a:Action>` +
      `<a:MessageID>uuid:11111111-2222-3333-4444-555555555555</a:MessageID>` +
      `<w:SelectorSet>${selectors}</w:SelectorSet></s:Header><s:Body/></s:Envelope>`
    );
  }

  it('serves the seeded schema with Basic auth on loopback, and stops on SIGTERM', async () => {
    const seed = join(dir, 'seed.json');
    writeFileSync(seed, JSON.stringify({ instances: [{ class: 'Test_Disk', properties: { Id: 'd1', Size: '18446744073709551615', Created: '20240101000000.000000+000' } }] }));
    const server = await startServe([mof, '--state', 'seed.json', '--port', '0', '--user', 'admin'], { cwd: dir, env: { MOFC_SERVE_PASSWORD: 'pw' } });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/wsman$/);
    expect(server.out()).toContain('2 classes, 1 instances, namespace root/cimv2');
    const post = (headers: Record<string, string>, id = 'd1') =>
      fetch(server.url, { method: 'POST', body: getRequest(server.url, id), headers: { 'Content-Type': 'application/soap+xml;charset=UTF-8', ...headers } });
    expect((await post({})).status).toBe(401);
    const auth = { Authorization: `Basic ${Buffer.from('admin:pw').toString('base64')}` };
    const ok = await post(auth);
    expect(ok.status).toBe(200);
    const text = await ok.text();
    expect(text).toContain('<p:Size>18446744073709551615</p:Size>');
    expect(text).toContain('<p:Caption xsi:nil="true"/>');
    expect((await post(auth, 'nope')).status).toBe(500);
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(server.err()).toContain('mofc serve: stopped (SIGTERM)');
  });

  it("runs the README's serve command as written: the Hyper-V schema from the seed, Basic auth", async () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const line = /^npx mofc serve (.*?)(\s+#.*)?$/m.exec(readme);
    expect(line, 'README.md lists a `npx mofc serve` command').not.toBeNull();
    const args = line![1]!.trim().split(/\s+/);
    const user = args[args.indexOf('--user') + 1]!;
    const password = args[args.indexOf('--password') + 1]!;
    const server = await startServe(args, { cwd: repoRoot });
    const reply = await fetch(server.url, {
      method: 'POST',
      body: getRequest(server.url, 'HV-HOST-01', 'root/virtualization/v2/Msvm_ComputerSystem', 'CreationClassName', 'Msvm_ComputerSystem'),
      headers: { 'Content-Type': 'application/soap+xml;charset=UTF-8', Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
    });
    expect(reply.status).toBe(200);
    expect(await reply.text()).toContain('<p:Caption>Hosting Computer System</p:Caption>');
    expect(await server.stop('SIGTERM')).toBe(0);
  });

  it('accepts --no-auth and stops on SIGINT', async () => {
    const server = await startServe([mof, '--no-auth', '--port', '0'], { cwd: dir });
    const reply = await fetch(server.url, { method: 'POST', body: getRequest(server.url, 'd1'), headers: { 'Content-Type': 'application/soap+xml;charset=UTF-8' } });
    // No seed: the instance does not exist, and the fault says so the WinRM way.
    expect(reply.status).toBe(500);
    expect(await reply.text()).toContain('Code="2150858752"');
    expect(await server.stop('SIGINT')).toBe(0);
  });
});

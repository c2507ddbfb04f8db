/**
 * End to end with Windows authentication, over loopback: the generated Hyper-V
 * SDK (`hyperv-v2`) on `WsmanSession({ authentication: 'ntlm' })` against
 * `createWsmanServer` with `ntlmAuth`. Over plain HTTP every envelope is sealed
 * (MS-WSMV message encryption) and checked on the wire; over HTTPS, with a
 * certificate made here, the channel is TLS and NTLM carries the channel binding.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CimAuthenticationError,
  CimIntegrityError,
  CimReference,
  CimTransportError,
  WsmanSession,
  createWsmanServer,
  ntlmAuth,
  type WsmanAuthenticator,
  type WsmanServer,
} from '@mofc/runtime';
import type { InMemorySession } from '@mofc/runtime/memory';
import type * as HyperV from 'hyperv-v2';
import { NS, VM1, loadHyperV, seededStore } from './hyperv-fixture.js';

const USER = 'HYPERV\\hv-admin';
const PASSWORD = 'Pa55w0rd! ü';
const SEALED = 'multipart/encrypted;protocol="application/HTTP-SPNEGO-session-encrypted";boundary="Encrypted Boundary"';

interface Wire {
  /** Content types of request bodies as received, before unsealing. */
  readonly requestTypes: (string | undefined)[];
  /** Content types of replies as sent, after sealing. */
  readonly replyTypes: string[];
}

/** Records what crossed the wire around the real authenticator; `tamper` may alter a sealed reply. */
function recording(inner: WsmanAuthenticator, wire: Wire, tamper?: (body: Buffer) => void): WsmanAuthenticator {
  return {
    scheme: inner.scheme,
    authenticate: (request, connection) => inner.authenticate(request, connection),
    unwrapRequest: (body, contentType, connection) => {
      wire.requestTypes.push(contentType);
      return inner.unwrapRequest!(body, contentType, connection);
    },
    wrapResponse: async (envelope, connection) => {
      const out = await inner.wrapResponse!(envelope, connection);
      wire.replyTypes.push(out.contentType);
      if (envelope.length > 0) tamper?.(out.body);
      return out;
    },
  };
}

let hv: typeof HyperV;
let server: WsmanServer | undefined;
let client: WsmanSession | undefined;

async function start(options: { tamper?: (body: Buffer) => void; tls?: { cert: Buffer; key: Buffer } } = {}): Promise<{ store: InMemorySession; wire: Wire; url: string }> {
  const store = seededStore(hv);
  const wire: Wire = { requestTypes: [], replyTypes: [] };
  server = await createWsmanServer({
    session: store,
    auth: recording(ntlmAuth({ username: USER, password: PASSWORD, requireChannelBindings: options.tls !== undefined }), wire, options.tamper),
    ...(options.tls ? { tls: options.tls } : {}),
  });
  return { store, wire, url: server.url };
}

function session(url: string, extra: Partial<ConstructorParameters<typeof WsmanSession>[0]> = {}): WsmanSession {
  client = new WsmanSession({ url, username: USER, password: PASSWORD, authentication: 'ntlm', namespace: NS, maxElements: 2, ...extra });
  return client;
}

const vmRef = (name: string) => hv.Msvm_ComputerSystem.ref({ CreationClassName: 'Msvm_ComputerSystem', Name: name });

beforeAll(async () => {
  hv = await loadHyperV();
}, 180_000);

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

describe('generated Hyper-V SDK over NTLM with message encryption (http)', () => {
  it('gets, enumerates across Pull pages and invokes, every message sealed both ways', async () => {
    const { store, wire, url } = await start();
    const c = session(url);

    const vm = await hv.Msvm_ComputerSystem.get(c, vmRef(VM1));
    expect(vm.ElementName).toBe('web-01');
    expect(vm.OnTimeInMilliseconds).toBe(9007199254740993n);

    const names: string[] = [];
    for await (const each of hv.Msvm_ComputerSystem.enumerate(c, { filter: "SELECT * FROM Msvm_ComputerSystem WHERE Caption = 'Virtual Machine'" })) names.push(each.ElementName!);
    expect(names).toEqual(['web-01', 'web-02', 'db-01', 'build & test <ci>', 'ünïcode-vm']);

    store.registerProvider(
      'Msvm_ComputerSystem',
      hv.Msvm_ComputerSystem.bindProvider({
        RequestStateChange(target, args) {
          expect(target.keys['Name']).toBe(VM1);
          return { ReturnValue: args.RequestedState === 3 ? 0 : 32775 };
        },
      }),
    );
    const result = await hv.Msvm_ComputerSystem.RequestStateChange(c, vmRef(VM1), { RequestedState: 3 });
    expect(result.ReturnValue).toBe(0);

    // Get, Enumerate, two Pulls and the Invoke (after the handshake's empty requests): all sealed on the wire.
    expect(wire.requestTypes).toEqual([SEALED, SEALED, SEALED, SEALED, SEALED]);
    expect(wire.replyTypes).toEqual([SEALED, SEALED, SEALED, SEALED, SEALED]);
  });

  it('a wrong password is an authentication error naming host and user, not the password', async () => {
    const { url } = await start();
    const error = await hv.Msvm_ComputerSystem.get(session(url, { password: 'guessed' }), vmRef(VM1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CimAuthenticationError);
    const host = new URL(url).host;
    expect((error as CimAuthenticationError).message).toBe(`${host} refused the NTLM credentials of user "HYPERV\\\\hv-admin" (HTTP 401)`);
    expect(String((error as Error).stack)).not.toContain('guessed');
  });

  it('a tampered encrypted reply is refused and none of it reaches the caller', async () => {
    const { url } = await start({ tamper: (body) => (body[body.length - 30] = body[body.length - 30]! ^ 0x04) });
    const error = await hv.Msvm_ComputerSystem.get(session(url), vmRef(VM1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CimIntegrityError);
  });
});

describe('generated Hyper-V SDK over NTLM on HTTPS', () => {
  let dir: string;
  let cert: Buffer;
  let key: Buffer;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(tmpdir(), 'mofc-ntlm-tls-'));
    execFileSync(
      'openssl',
      ['req', '-x509', '-nodes', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-sha256', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')],
      { stdio: 'ignore' },
    );
    cert = fs.readFileSync(path.join(dir, 'cert.pem'));
    key = fs.readFileSync(path.join(dir, 'key.pem'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('rejects the self-signed certificate by default', async () => {
    const { url } = await start({ tls: { cert, key } });
    expect(url.startsWith('https://')).toBe(true);
    const error = await hv.Msvm_ComputerSystem.get(session(url), vmRef(VM1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CimTransportError);
    expect((error as Error).message).toMatch(/TLS error/);
  });

  it('accepts it as tls.ca: clear envelopes inside TLS, with a channel binding the server requires', async () => {
    const { wire, url } = await start({ tls: { cert, key } });
    const vm = await hv.Msvm_ComputerSystem.get(session(url, { tls: { ca: cert } }), vmRef(VM1));
    expect(vm.Name).toBe(VM1);
    expect(wire.requestTypes).toEqual(['application/soap+xml;charset=UTF-8']);
  });

  it('accepts it with rejectUnauthorized: false', async () => {
    const { url } = await start({ tls: { cert, key } });
    const ref = CimReference.to('Msvm_ComputerSystem', { CreationClassName: 'Msvm_ComputerSystem', Name: VM1 }, { namespace: NS });
    const vm = await session(url, { tls: { rejectUnauthorized: false } }).getInstance(ref);
    expect(vm.properties['ElementName']).toBe('web-01');
  });
});

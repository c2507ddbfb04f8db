/**
 * The NTLM client channel against the server's real HTTP edge with the NTLM
 * authenticator, over loopback: handshake, sealed envelopes both ways, refusals,
 * tampering, and HTTPS with a certificate made here (channel bindings instead of sealing).
 */
import { execFileSync } from 'node:child_process';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CimAuthenticationError, CimTransportError } from '../src/errors.js';
import { NtlmChannel, offeredSchemes } from '../src/auth/ntlm-channel.js';
import { NtlmClient } from '../src/auth/ntlm-client.js';
import { CimIntegrityError } from '../src/auth/session-security.js';
import { ENCRYPTED_CONTENT_TYPE, decryptMessage, encryptMessage } from '../src/auth/wsman-encryption.js';
import { combinedAuth, ntlmAuth, type NtlmAuthOptions } from '../src/auth/wsman-server-auth.js';
import { basicAuth, type WsmanAuthenticator } from '../src/wsman/server/auth.js';
import { startHttpEdge, type HttpEdge } from '../src/wsman/server/http.js';

const post = { timeoutMs: 10_000, idempotent: true, maxResponseBytes: 1_000_000 } as const;
const envelope = (n: number): string => `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><n>${n}</n><t>é</t></s:Body></s:Envelope>`;

interface Seen {
  readonly contentTypes: (string | undefined)[];
  readonly bodies: Buffer[];
  readonly envelopes: string[];
  readonly refusals: string[];
}

async function serve(
  auth: (seen: Seen) => WsmanAuthenticator,
  tls?: { cert: Buffer; key: Buffer },
): Promise<{ edge: HttpEdge; seen: Seen; url: URL }> {
  const seen: Seen = { contentTypes: [], bodies: [], envelopes: [], refusals: [] };
  const authenticator = auth(seen);
  // Record what crossed the wire before the authenticator unwrapped it.
  const spy: WsmanAuthenticator = {
    scheme: authenticator.scheme,
    authenticate: (request, connection) => authenticator.authenticate(request, connection),
    unwrapRequest: (body, contentType, connection) => {
      seen.contentTypes.push(contentType);
      seen.bodies.push(body);
      return authenticator.unwrapRequest ? authenticator.unwrapRequest(body, contentType, connection) : body;
    },
    wrapResponse: (body, connection) => (authenticator.wrapResponse ? authenticator.wrapResponse(body, connection) : { body, contentType: 'application/soap+xml;charset=UTF-8' }),
  };
  const edge = await startHttpEdge(
    { host: '127.0.0.1', port: 0, path: '/wsman', maxBodyBytes: 1_000_000, auth: spy, tls, requestTimeoutMs: 10_000 },
    async (text, { signal }) => {
      seen.envelopes.push(text);
      // Envelope 99 never gets an answer: it waits until the client goes away.
      if (text.includes('<n>99</n>')) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      return { status: 200, body: text.replace('<s:Body>', '<s:Body><echo/>') };
    },
    {
      bodyTooLarge: () => ({ status: 500, body: 'too large' }),
      unsupportedContentType: () => ({ status: 415, body: 'content type' }),
      internalError: (error) => ({ status: 500, body: `internal: ${error instanceof Error ? error.name : 'error'}` }),
    },
  );
  return { edge, seen, url: new URL(edge.url) };
}

const ntlm = (extra: Partial<NtlmAuthOptions> = {}) => (seen: Seen) =>
  ntlmAuth({ username: 'LAB\\admin', password: 'S3cret!', onRefused: (reason) => seen.refusals.push(reason), ...extra });

describe('NtlmChannel over plain HTTP with message encryption', () => {
  it('authenticates once and seals every envelope both ways, also when posts overlap', async () => {
    const { edge, seen, url } = await serve(ntlm());
    const channel = new NtlmChannel({ url, username: 'LAB\\admin', password: 'S3cret!' });
    try {
      const first = await channel.post(envelope(1), post);
      expect(first.status).toBe(200);
      expect(first.contentType).toBe('application/soap+xml;charset=UTF-8');
      expect(Buffer.from(first.body).toString('utf8')).toBe(envelope(1).replace('<s:Body>', '<s:Body><echo/>'));
      const more = await Promise.all([2, 3, 4, 5].map((n) => channel.post(envelope(n), post)));
      expect(more.map((reply) => Buffer.from(reply.body).toString('utf8'))).toEqual([2, 3, 4, 5].map((n) => envelope(n).replace('<s:Body>', '<s:Body><echo/>')));
      // The handshake's empty requests are answered by the edge itself; then five envelopes, each sealed on the wire.
      expect(seen.envelopes).toEqual([1, 2, 3, 4, 5].map(envelope));
      const sealed = seen.contentTypes;
      expect(sealed).toHaveLength(5);
      for (const type of sealed) expect(type).toBe('multipart/encrypted;protocol="application/HTTP-SPNEGO-session-encrypted";boundary="Encrypted Boundary"');
      for (const body of seen.bodies) expect(body.includes(Buffer.from('Envelope'))).toBe(false);
    } finally {
      await channel.close();
      await edge.close();
    }
  });

  it('a wrong password is an authentication error naming host and user, never the password', async () => {
    const { edge, seen, url } = await serve(ntlm());
    const channel = new NtlmChannel({ url, username: 'LAB\\admin', password: 'not-the-password' });
    try {
      const error = await channel.post(envelope(1), post).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CimAuthenticationError);
      const auth = error as CimAuthenticationError;
      expect(auth.message).toBe(`${url.host} refused the NTLM credentials of user "LAB\\\\admin" (HTTP 401)`);
      expect([auth.host, auth.username]).toEqual([url.host, 'LAB\\admin']);
      expect(JSON.stringify({ ...auth, text: auth.message, stack: auth.stack })).not.toContain('not-the-password');
      expect(seen.refusals).toEqual(['wrong password for LAB\\admin']);
    } finally {
      await channel.close();
      await edge.close();
    }
  });

  it('a server without NTLM is named with the schemes it offers', async () => {
    const { edge, url } = await serve(() => basicAuth({ username: 'admin', password: 'pw' }));
    const channel = new NtlmChannel({ url, username: 'admin', password: 'pw' });
    try {
      await expect(channel.post(envelope(1), post)).rejects.toThrow(new CimAuthenticationError(`${url.host} does not offer NTLM (Negotiate) authentication; it offers Basic`, url.host, 'admin'));
    } finally {
      await channel.close();
      await edge.close();
    }
    expect(offeredSchemes(['Negotiate, Basic realm="a, b=c"', 'Kerberos', 'negotiate'])).toEqual(['Negotiate', 'Basic', 'Kerberos']);
    // A server that offers Negotiate but answers the NTLM token with no challenge (Kerberos only) is told apart.
    const kerberosOnly: WsmanAuthenticator = { scheme: 'Negotiate', authenticate: () => ({ ok: false, headers: { 'WWW-Authenticate': 'Negotiate, Kerberos' }, reason: 'no NTLM' }) };
    const { edge: kerberos, url: kerberosUrl } = await serve(() => kerberosOnly);
    const refused = new NtlmChannel({ url: kerberosUrl, username: 'admin', password: 'pw' });
    try {
      await expect(refused.post(envelope(1), post)).rejects.toThrow(`${kerberosUrl.host} offers Negotiate, Kerberos but refused the NTLM NEGOTIATE without a challenge`);
    } finally {
      await refused.close();
      await kerberos.close();
    }
    expect(offeredSchemes('Negotiate TlRMTVNTUAACAAAA==')).toEqual(['Negotiate']);
  });

  it('a tampered encrypted reply fails its signature check and its content is discarded', async () => {
    const { edge, url } = await serve((seen) => {
      const inner = ntlm()(seen);
      return {
        ...inner,
        wrapResponse: async (body, connection) => {
          const out = await inner.wrapResponse!(body, connection);
          if (body.length > 0) out.body[out.body.length - 40] = out.body[out.body.length - 40]! ^ 0x01;
          return out;
        },
      };
    });
    const channel = new NtlmChannel({ url, username: 'LAB\\admin', password: 'S3cret!' });
    try {
      const error = await channel.post(envelope(1), post).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CimIntegrityError);
      expect((error as Error).message).toMatch(/signature does not verify.*content was discarded/);
    } finally {
      await channel.close();
      await edge.close();
    }
  });

  it('the server refuses unsealed requests on an NTLM connection (401), as Windows does', async () => {
    const { edge, seen, url } = await serve(ntlm());
    const channel = new NtlmChannel({ url, username: 'LAB\\admin', password: 'S3cret!', encrypt: false });
    try {
      await expect(channel.post(envelope(1), post)).rejects.toThrow(/refused a request of user "LAB\\\\admin" on its NTLM-authenticated connection/);
      expect(seen.refusals).toContain('unencrypted request from LAB\\admin on a connection that requires encryption');
      expect(seen.envelopes).toEqual([]);
    } finally {
      await channel.close();
      await edge.close();
    }
  });

  it('authenticates a new connection transparently when the old one was dropped between requests', async () => {
    const { edge, seen, url } = await serve(ntlm());
    // A TCP proxy in between, so the test can cut the connection the channel authenticated.
    const open = new Set<Socket>();
    let connections = 0;
    const proxy = createServer((downstream) => {
      connections++;
      const upstream = connect(Number(url.port), url.hostname);
      for (const socket of [downstream, upstream]) {
        open.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => open.delete(socket));
      }
      downstream.pipe(upstream).pipe(downstream);
      downstream.on('close', () => upstream.destroy());
      upstream.on('close', () => downstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxied = new URL(url);
    proxied.port = String((proxy.address() as AddressInfo).port);
    const channel = new NtlmChannel({ url: proxied, username: 'LAB\\admin', password: 'S3cret!' });
    try {
      expect(Buffer.from((await channel.post(envelope(1), post)).body).toString()).toContain('<n>1</n>');
      const closed = [...open].map((socket) => new Promise((resolve) => socket.once('close', resolve)));
      for (const socket of open) socket.destroy();
      await Promise.all(closed);
      expect(Buffer.from((await channel.post(envelope(2), post)).body).toString()).toContain('<n>2</n>');
      expect(connections).toBe(2);
      expect(seen.envelopes).toEqual([envelope(1), envelope(2)]);
      expect(seen.refusals).toEqual([]);
    } finally {
      await channel.close();
      await new Promise((resolve) => proxy.close(resolve));
      await edge.close();
    }
  });

  it('after a call aborted mid-flight (its sequence number spent), the next call authenticates afresh', async () => {
    const { edge, seen, url } = await serve(ntlm());
    const channel = new NtlmChannel({ url, username: 'LAB\\admin', password: 'S3cret!' });
    try {
      expect((await channel.post(envelope(1), post)).status).toBe(200);
      const controller = new AbortController();
      const pending = channel.post(envelope(99), { ...post, signal: controller.signal });
      while (!seen.envelopes.includes(envelope(99))) await new Promise((resolve) => setImmediate(resolve));
      controller.abort(new Error('caller gave up'));
      await expect(pending).rejects.toThrow('caller gave up');
      expect(Buffer.from((await channel.post(envelope(2), post)).body).toString()).toContain('<n>2</n>');
      expect(seen.envelopes).toEqual([envelope(1), envelope(99), envelope(2)]);
    } finally {
      await channel.close();
      await edge.close();
    }
  });

  it('the server also takes the first envelope sealed in the AUTHENTICATE request itself, as Windows clients send it', async () => {
    const { edge, seen, url } = await serve(ntlm());
    const client = new NtlmClient({ username: 'LAB\\admin', password: 'S3cret!' });
    const agent = new Client(url.origin, { pipelining: 1 });
    try {
      const first = await agent.request({ path: url.pathname, method: 'POST', headers: { authorization: `Negotiate ${client.negotiate().toString('base64')}` }, body: '' });
      await first.body.text();
      const token = Buffer.from(String(first.headers['www-authenticate']).split(' ')[1]!, 'base64');
      const { message, security } = await client.authenticate(token);
      const reply = await agent.request({
        path: url.pathname,
        method: 'POST',
        headers: { authorization: `Negotiate ${message.toString('base64')}`, 'content-type': ENCRYPTED_CONTENT_TYPE },
        body: encryptMessage(security!, Buffer.from(envelope(5))),
      });
      expect(reply.statusCode).toBe(200);
      expect(reply.headers['content-type']).toBe(ENCRYPTED_CONTENT_TYPE);
      const body = decryptMessage(security!, Buffer.from(await reply.body.arrayBuffer())).body.toString();
      expect(body).toContain('<echo/><n>5</n>');
      expect(seen.envelopes).toEqual([envelope(5)]);
    } finally {
      await agent.close();
      await edge.close();
    }
  });

  it('the server discards a tampered sealed request: 500, the handler never sees it, the connection is closed', async () => {
    const { edge, seen, url } = await serve(ntlm());
    const client = new NtlmClient({ username: 'LAB\\admin', password: 'S3cret!' });
    const agent = new Client(url.origin, { pipelining: 1 });
    try {
      const leg = async (headers: Record<string, string>, body: string | Buffer) => {
        const res = await agent.request({ path: url.pathname, method: 'POST', headers, body });
        return { status: res.statusCode, headers: res.headers, body: Buffer.from(await res.body.arrayBuffer()) };
      };
      const first = await leg({ authorization: `Negotiate ${client.negotiate().toString('base64')}` }, '');
      const token = Buffer.from(String(first.headers['www-authenticate']).split(' ')[1]!, 'base64');
      const { message, security } = await client.authenticate(token);
      expect((await leg({ authorization: `Negotiate ${message.toString('base64')}` }, '')).status).toBe(200);
      const sealed = encryptMessage(security!, Buffer.from(envelope(1)));
      sealed[sealed.length - 30] = sealed[sealed.length - 30]! ^ 0x10;
      const reply = await leg({ 'content-type': ENCRYPTED_CONTENT_TYPE }, sealed);
      expect(reply.status).toBe(500);
      expect(reply.headers['connection']).toBe('close');
      expect(seen.envelopes).toEqual([]);
    } finally {
      await agent.close();
      await edge.close();
    }
  });

  it('offers Basic and Negotiate together; each client uses its own', async () => {
    const both = (seen: Seen) => combinedAuth([basicAuth({ username: 'admin', password: 'pw' }), ntlm({ username: 'admin', password: 'pw' })(seen)]);
    const { edge, url } = await serve(both);
    const channel = new NtlmChannel({ url, username: 'admin', password: 'pw' });
    try {
      expect((await channel.post(envelope(7), post)).status).toBe(200);
      const plain = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/soap+xml;charset=UTF-8', authorization: `Basic ${Buffer.from('admin:pw').toString('base64')}` }, body: envelope(8) });
      expect(plain.status).toBe(200);
      expect(await plain.text()).toContain('<n>8</n>');
      const none = await fetch(url, { method: 'POST', body: envelope(9) });
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Basic realm="WSMAN", Negotiate');
    } finally {
      await channel.close();
      await edge.close();
    }
  });
});

describe('NtlmChannel over HTTPS', () => {
  let dir: string;
  let cert: Buffer;
  let key: Buffer;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mofc-tls-'));
    execFileSync(
      'openssl',
      ['req', '-x509', '-nodes', '-newkey', 'rsa:2048', '-sha256', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      { stdio: 'ignore' },
    );
    cert = readFileSync(join(dir, 'cert.pem'));
    key = readFileSync(join(dir, 'key.pem'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sends clear envelopes over TLS with a channel binding the server checks', async () => {
    const { edge, seen, url } = await serve(ntlm({ requireChannelBindings: true }), { cert, key });
    const channel = new NtlmChannel({ url, username: 'LAB\\admin', password: 'S3cret!', tls: { ca: cert } });
    try {
      const reply = await channel.post(envelope(1), post);
      expect(Buffer.from(reply.body).toString('utf8')).toContain('<echo/>');
      expect(seen.contentTypes).toEqual(['application/soap+xml;charset=UTF-8']);
      expect(seen.refusals).toEqual([]);
    } finally {
      await channel.close();
      await edge.close();
    }
  });

  it('refuses a self-signed certificate by default, accepts it as tls.ca or with rejectUnauthorized: false', async () => {
    const { edge, url } = await serve(ntlm(), { cert, key });
    const strict = new NtlmChannel({ url, username: 'LAB\\admin', password: 'S3cret!' });
    const lax = new NtlmChannel({ url, username: 'LAB\\admin', password: 'S3cret!', tls: { rejectUnauthorized: false } });
    try {
      const error = await strict.post(envelope(1), post).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CimTransportError);
      expect((error as Error).message).toMatch(/^TLS error talking to 127\.0\.0\.1:\d+: .*self.signed/i);
      expect((await lax.post(envelope(2), post)).status).toBe(200);
    } finally {
      await strict.close();
      await lax.close();
      await edge.close();
    }
  });

  it('a client binding to another certificate is refused', async () => {
    // A client that hashed a different certificate (as behind an intercepting proxy) fails the binding check.
    const { edge, seen, url } = await serve(ntlm(), { cert, key });
    try {
      const client = new NtlmClient({ username: 'LAB\\admin', password: 'S3cret!' });
      const agent = new Client(url.origin, { pipelining: 1, connect: { ca: cert } });
      const leg = async (authorization: string) => {
        const res = await agent.request({ path: url.pathname, method: 'POST', headers: { authorization }, body: '' });
        await res.body.text();
        return res;
      };
      const first = await leg(`Negotiate ${client.negotiate().toString('base64')}`);
      const token = Buffer.from(String(first.headers['www-authenticate']).split(' ')[1]!, 'base64');
      const { message } = await client.authenticate(token, { channelBindings: Buffer.from('tls-server-end-point:someone-else') });
      expect((await leg(`Negotiate ${message.toString('base64')}`)).statusCode).toBe(401);
      expect(seen.refusals).toEqual(['channel bindings do not match this TLS connection (user LAB\\admin)']);
      await agent.close();
    } finally {
      await edge.close();
    }
  });
});

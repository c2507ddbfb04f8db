import { describe, expect, it } from 'vitest';
import { CimProtocolError } from '../src/errors.js';
import { NtlmClient, parseNtlmUsername } from '../src/auth/ntlm-client.js';
import { AvFlags, AvId, MIC_OFFSET, NtlmFlags, decodeAuthenticate, decodeAvPairs, decodeChallenge, encodeChallenge, encodeNegotiate, findAvPair } from '../src/auth/ntlm-messages.js';
import { NtlmServer, singleAccount, type NtlmServerOptions } from '../src/auth/ntlm-server.js';
import { CimIntegrityError, type NtlmSessionSecurity } from '../src/auth/session-security.js';

async function handshake(
  client: NtlmClient,
  server: NtlmServer,
  tamper?: (authenticate: Buffer) => void,
): Promise<{ clientSecurity: NtlmSessionSecurity | undefined; result: Awaited<ReturnType<NtlmServer['authenticate']>> }> {
  const challenge = server.challenge(client.negotiate());
  const { message, security } = await client.authenticate(challenge);
  tamper?.(message);
  return { clientSecurity: security, result: await server.authenticate(message) };
}

function serverFor(username: string, password: string, options: Partial<NtlmServerOptions> = {}): NtlmServer {
  return new NtlmServer({ lookup: singleAccount(username, password), ...options });
}

describe('NTLMv2 handshake between our client and server', () => {
  it('authenticates, sends a MIC answering the server timestamp, and agrees on session keys in both directions', async () => {
    const client = new NtlmClient({ username: 'LAB\\admin', password: 'S3cret!', workstation: 'WS1' });
    const server = serverFor('LAB\\admin', 'S3cret!');
    const challenge = server.challenge(client.negotiate());
    expect(findAvPair(decodeChallenge(challenge).targetInfo, AvId.TIMESTAMP)).toHaveLength(8);
    const { message, security: clientSecurity } = await client.authenticate(challenge);

    const sent = decodeAuthenticate(message);
    const pairs = decodeAvPairs(sent.ntChallengeResponse.subarray(44));
    expect(findAvPair(pairs, AvId.FLAGS)!.readUInt32LE(0) & AvFlags.MIC_PRESENT).toBe(AvFlags.MIC_PRESENT);
    expect(sent.mic).toBeDefined();
    expect(sent.mic!.equals(Buffer.alloc(16))).toBe(false);
    expect(sent.lmChallengeResponse).toEqual(Buffer.alloc(24));
    expect(sent.flags & NtlmFlags.NEGOTIATE_KEY_EXCH).not.toBe(0);

    const result = await server.authenticate(message);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect([result.domain, result.user, result.workstation]).toEqual(['LAB', 'admin', 'WS1']);
    const serverSecurity = result.security!;
    for (const text of ['first request', 'second, longer request body', '']) {
      const up = clientSecurity!.wrap(Buffer.from(text));
      expect(serverSecurity.unwrap(up.sealed, up.signature).toString()).toBe(text);
      const down = serverSecurity.wrap(Buffer.from(`reply to ${text}`));
      expect(clientSecurity!.unwrap(down.sealed, down.signature).toString()).toBe(`reply to ${text}`);
    }
  });

  it('accepts DOMAIN\\user, user@domain and plain user names', async () => {
    expect(parseNtlmUsername('LAB\\admin')).toEqual({ domain: 'LAB', user: 'admin' });
    expect(parseNtlmUsername('admin@lab.example')).toEqual({ domain: '', user: 'admin@lab.example' });
    expect(parseNtlmUsername('admin')).toEqual({ domain: '', user: 'admin' });
    const cases: Array<[configured: string, offered: string]> = [
      ['LAB\\admin', 'LAB\\admin'],
      ['LAB\\admin', 'lab\\ADMIN'],
      ['admin', 'LAB\\admin'],
      ['admin', 'admin'],
      ['admin@lab.example', 'admin@lab.example'],
      ['admin', 'admin@lab.example'],
    ];
    for (const [configured, offered] of cases) {
      const { result } = await handshake(new NtlmClient({ username: offered, password: 'pw' }), serverFor(configured, 'pw'));
      expect(result.ok, `${offered} against ${configured}`).toBe(true);
    }
    const { result } = await handshake(new NtlmClient({ username: 'OTHER\\admin', password: 'pw' }), serverFor('LAB\\admin', 'pw'));
    expect(result).toEqual({ ok: false, reason: 'unknown user OTHER\\admin' });
  });

  it('refuses a wrong password without revealing either password', async () => {
    const { result } = await handshake(new NtlmClient({ username: 'LAB\\admin', password: 'guess1' }), serverFor('LAB\\admin', 'right-one'));
    expect(result).toEqual({ ok: false, reason: 'wrong password for LAB\\admin' });
  });

  it('refuses an AUTHENTICATE whose MIC does not verify', async () => {
    const { result } = await handshake(new NtlmClient({ username: 'admin', password: 'pw' }), serverFor('admin', 'pw'), (message) => {
      message[MIC_OFFSET] = message[MIC_OFFSET]! ^ 0xff;
    });
    expect(result).toEqual({ ok: false, reason: 'MIC of the AUTHENTICATE from admin does not verify' });
  });

  it('refuses a replayed AUTHENTICATE: a challenge answers once', async () => {
    const client = new NtlmClient({ username: 'admin', password: 'pw' });
    const server = serverFor('admin', 'pw');
    const { message } = await client.authenticate(server.challenge(client.negotiate()));
    expect((await server.authenticate(message)).ok).toBe(true);
    await expect(server.authenticate(message)).rejects.toThrow(CimProtocolError);
  });

  it('refuses NTLMv1 responses', async () => {
    const client = new NtlmClient({ username: 'admin', password: 'pw' });
    const server = serverFor('admin', 'pw');
    const { message } = await client.authenticate(server.challenge(client.negotiate()));
    // Rewrite the NtChallengeResponse length to 24 bytes, as an NTLMv1 client would send.
    message.writeUInt16LE(24, 20);
    message.writeUInt16LE(24, 22);
    expect(await server.authenticate(message)).toEqual({ ok: false, reason: 'NTLMv1 response from admin refused; NTLMv2 is required' });
  });

  it('checks channel bindings against the TLS connection', async () => {
    const ours = Buffer.from('tls-server-end-point:ours');
    const theirs = Buffer.from('tls-server-end-point:theirs');
    const matching = await handshake(new NtlmClient({ username: 'admin', password: 'pw', channelBindings: ours }), serverFor('admin', 'pw', { channelBindings: ours }));
    expect(matching.result.ok).toBe(true);
    const other = await handshake(new NtlmClient({ username: 'admin', password: 'pw', channelBindings: theirs }), serverFor('admin', 'pw', { channelBindings: ours }));
    expect(other.result).toEqual({ ok: false, reason: 'channel bindings do not match this TLS connection (user admin)' });
    const absent = await handshake(new NtlmClient({ username: 'admin', password: 'pw' }), serverFor('admin', 'pw', { channelBindings: ours }));
    expect(absent.result.ok).toBe(true);
    const required = await handshake(new NtlmClient({ username: 'admin', password: 'pw' }), serverFor('admin', 'pw', { channelBindings: ours, requireChannelBindings: true }));
    expect(required.result).toEqual({ ok: false, reason: 'channel bindings required but not sent (user admin)' });
  });

  it('the client refuses a server that cannot seal, unless session security is not required', async () => {
    const server = serverFor('admin', 'pw');
    const client = new NtlmClient({ username: 'admin', password: 'pw' });
    const challenge = decodeChallenge(server.challenge(client.negotiate()));
    const weak = encodeChallenge({ ...challenge, flags: challenge.flags & ~NtlmFlags.NEGOTIATE_SEAL });
    await expect(client.authenticate(weak)).rejects.toThrow(/does not offer 128-bit signing and sealing/);
    const lenient = new NtlmClient({ username: 'admin', password: 'pw', requireSessionSecurity: false });
    lenient.negotiate();
    const { security, flags } = await lenient.authenticate(weak);
    expect(security).toBeUndefined();
    expect(flags & NtlmFlags.NEGOTIATE_SEAL).toBe(0);
  });

  it('the server answers an OEM-only NEGOTIATE (as pywinrm\'s ntlm-auth sends) in OEM, and refuses one offering no charset', () => {
    const server = serverFor('admin', 'pw');
    const oem = encodeNegotiate({ flags: NtlmFlags.NEGOTIATE_OEM | NtlmFlags.NEGOTIATE_SEAL | NtlmFlags.NEGOTIATE_SIGN, domain: '', workstation: '', version: undefined });
    const challenge = decodeChallenge(server.challenge(oem));
    expect(challenge.flags & NtlmFlags.NEGOTIATE_OEM).toBe(NtlmFlags.NEGOTIATE_OEM);
    expect(challenge.flags & NtlmFlags.NEGOTIATE_UNICODE).toBe(0);
    expect(challenge.targetName).toBe('WORKGROUP');
    const both = encodeNegotiate({ flags: NtlmFlags.NEGOTIATE_OEM | NtlmFlags.NEGOTIATE_UNICODE, domain: '', workstation: '', version: undefined });
    expect(decodeChallenge(serverFor('admin', 'pw').challenge(both)).flags & (NtlmFlags.NEGOTIATE_OEM | NtlmFlags.NEGOTIATE_UNICODE)).toBe(NtlmFlags.NEGOTIATE_UNICODE);
    const neither = encodeNegotiate({ flags: NtlmFlags.NEGOTIATE_SEAL, domain: '', workstation: '', version: undefined });
    expect(() => serverFor('admin', 'pw').challenge(neither)).toThrow(/neither Unicode nor OEM/);
  });

  it('without a server timestamp the client sends an LMv2 response and no MIC', async () => {
    const server = serverFor('admin', 'pw');
    const client = new NtlmClient({ username: 'admin', password: 'pw' });
    const challenge = decodeChallenge(server.challenge(client.negotiate()));
    const noTime = encodeChallenge({ ...challenge, targetInfo: challenge.targetInfo.filter((pair) => pair.id !== AvId.TIMESTAMP) });
    const { message } = await client.authenticate(noTime);
    const sent = decodeAuthenticate(message);
    expect(sent.lmChallengeResponse).toHaveLength(24);
    expect(sent.lmChallengeResponse.equals(Buffer.alloc(24))).toBe(false);
    expect(sent.mic).toBeUndefined();
  });
});

describe('NTLM session security', () => {
  async function pair(): Promise<{ client: NtlmSessionSecurity; server: NtlmSessionSecurity }> {
    const { clientSecurity, result } = await handshake(new NtlmClient({ username: 'admin', password: 'pw' }), serverFor('admin', 'pw'));
    if (!result.ok) throw new Error(result.reason);
    return { client: clientSecurity!, server: result.security! };
  }

  it('rejects a message with a flipped ciphertext byte, returns nothing of it, and stays unusable', async () => {
    const { client, server } = await pair();
    const { sealed, signature } = client.wrap(Buffer.from('<s:Envelope>secret</s:Envelope>'));
    sealed[3] = sealed[3]! ^ 0x01;
    expect(() => server.unwrap(sealed, signature)).toThrow(CimIntegrityError);
    const next = client.wrap(Buffer.from('next'));
    expect(() => server.unwrap(next.sealed, next.signature)).toThrow(/unusable after a message failed its signature check/);
  });

  it('rejects a tampered signature, a replayed message and messages out of order', async () => {
    {
      const { client, server } = await pair();
      const { sealed, signature } = client.wrap(Buffer.from('body'));
      signature[5] = signature[5]! ^ 0x80;
      expect(() => server.unwrap(sealed, signature)).toThrow(CimIntegrityError);
    }
    {
      const { client, server } = await pair();
      const first = client.wrap(Buffer.from('one'));
      expect(server.unwrap(first.sealed, first.signature).toString()).toBe('one');
      expect(() => server.unwrap(first.sealed, first.signature)).toThrow(CimIntegrityError);
    }
    {
      const { client, server } = await pair();
      client.wrap(Buffer.from('one'));
      const second = client.wrap(Buffer.from('two'));
      expect(() => server.unwrap(second.sealed, second.signature)).toThrow(CimIntegrityError);
    }
  });

  it('does not accept its own direction: a client cannot unwrap what it sealed', async () => {
    const { client } = await pair();
    const { sealed, signature } = client.wrap(Buffer.from('loop'));
    expect(() => client.unwrap(sealed, signature)).toThrow(CimIntegrityError);
  });
});

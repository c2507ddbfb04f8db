import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CimProtocolError } from '../src/errors.js';
import { certificateBindingHash, tlsServerEndPoint } from '../src/auth/channel-bindings.js';
import { NtlmClient } from '../src/auth/ntlm-client.js';
import {
  AvId,
  NtlmFlags,
  decodeAuthenticate,
  decodeAvPairs,
  decodeChallenge,
  decodeNegotiate,
  encodeAvPairs,
  encodeNegotiate,
} from '../src/auth/ntlm-messages.js';
import { NtlmServer, singleAccount } from '../src/auth/ntlm-server.js';

/** A deterministic byte generator, so fuzz cases are the same on every run. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state >>> 24;
  };
}

async function realMessages(): Promise<{ negotiate: Buffer; challenge: Buffer; authenticate: Buffer }> {
  const client = new NtlmClient({ username: 'LAB\\admin', password: 'pw', workstation: 'WS1' });
  const server = new NtlmServer({ lookup: singleAccount('admin', 'pw') });
  const negotiate = client.negotiate();
  const challenge = server.challenge(negotiate);
  const { message } = await client.authenticate(challenge);
  return { negotiate, challenge, authenticate: message };
}

describe('NTLM messages', () => {
  it('NEGOTIATE round-trips, including OEM domain and workstation', () => {
    const flags = NtlmFlags.NEGOTIATE_UNICODE | NtlmFlags.NEGOTIATE_OEM_DOMAIN_SUPPLIED | NtlmFlags.NEGOTIATE_OEM_WORKSTATION_SUPPLIED | NtlmFlags.NEGOTIATE_VERSION;
    const message = encodeNegotiate({ flags, domain: 'LAB', workstation: 'WS1', version: undefined });
    expect(decodeNegotiate(message)).toMatchObject({ flags, domain: 'LAB', workstation: 'WS1' });
    // The minimal 16-byte form old clients send is accepted.
    expect(decodeNegotiate(message.subarray(0, 16)).flags).toBe(flags);
  });

  it('AV pairs round-trip and must end with MsvAvEOL', () => {
    const pairs = [
      { id: AvId.NB_COMPUTER_NAME, value: Buffer.from('S\0') },
      { id: AvId.TIMESTAMP, value: Buffer.alloc(8, 1) },
    ];
    expect(decodeAvPairs(encodeAvPairs(pairs))).toEqual(pairs);
    expect(() => decodeAvPairs(Buffer.from([1, 0, 2, 0, 0x53, 0]))).toThrow(/no MsvAvEOL/);
    expect(() => decodeAvPairs(Buffer.from([1, 0, 9, 0, 0x53, 0]))).toThrow(/runs past the end/);
  });

  it('names what is wrong with a malformed message', async () => {
    const { challenge, authenticate } = await realMessages();
    expect(() => decodeChallenge(Buffer.from('NTLMSSP\0'))).toThrow(/shorter than its 32-byte header/);
    expect(() => decodeChallenge(authenticate)).toThrow(/expected message type 2 \(CHALLENGE_MESSAGE\), got 3/);
    const notNtlm = Buffer.from(challenge);
    notNtlm.write('KERBEROS', 0, 'latin1');
    expect(() => decodeChallenge(notNtlm)).toThrow(/does not start with "NTLMSSP\\0"/);
    const pastEnd = Buffer.from(authenticate);
    pastEnd.writeUInt32LE(0xffff_fff0, 24); // NtChallengeResponse offset
    expect(() => decodeAuthenticate(pastEnd)).toThrow(/NtChallengeResponse .* runs past the end/);
    const oddUnicode = Buffer.from(authenticate);
    oddUnicode.writeUInt16LE(3, 36); // UserName length
    expect(() => decodeAuthenticate(oddUnicode)).toThrow(/UserName has an odd length/);
  });

  it('hostile tokens (truncations, bit flips, random bytes) only ever raise CimProtocolError or a refusal', async () => {
    const { negotiate, challenge, authenticate } = await realMessages();
    const next = prng(8);
    const variants: Buffer[] = [];
    for (const base of [negotiate, challenge, authenticate]) {
      for (let cut = 0; cut < base.length; cut += 7) variants.push(base.subarray(0, cut));
      for (let n = 0; n < 200; n++) {
        const copy = Buffer.from(base);
        const flips = 1 + (next() % 4);
        for (let f = 0; f < flips; f++) copy[next() % copy.length] = next();
        variants.push(copy);
      }
    }
    for (let n = 0; n < 100; n++) variants.push(Buffer.from(Array.from({ length: next() * 2 }, next)));

    const expectOnlyProtocolErrors = (run: () => unknown): void => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(CimProtocolError);
      }
    };
    for (const token of variants) {
      expectOnlyProtocolErrors(() => decodeNegotiate(token));
      expectOnlyProtocolErrors(() => decodeChallenge(token));
      expectOnlyProtocolErrors(() => decodeAuthenticate(token));
      // The server, fed the mangled AUTHENTICATE after a genuine exchange, refuses or throws a protocol error.
      const server = new NtlmServer({ lookup: singleAccount('admin', 'pw') });
      server.challenge(negotiate);
      try {
        const result = await server.authenticate(token);
        if (!token.equals(authenticate)) expect(result.ok).toBe(false);
      } catch (error) {
        expect(error).toBeInstanceOf(CimProtocolError);
      }
      // The client, fed a mangled CHALLENGE, answers or throws a protocol error.
      const client = new NtlmClient({ username: 'admin', password: 'pw' });
      client.negotiate();
      await client.authenticate(token).catch((error: unknown) => expect(error).toBeInstanceOf(CimProtocolError));
    }
  });
});

describe('TLS channel bindings', () => {
  it('hash a certificate with the hash of its signature algorithm, SHA-256 for SHA-1 and MD5 (RFC 5929)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mofc-cb-'));
    try {
      const make = (name: string, args: string[]): Buffer => {
        const pem = join(dir, `${name}.pem`);
        execFileSync('openssl', ['req', '-x509', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', join(dir, `${name}.key`), '-out', pem, ...args], { stdio: 'ignore' });
        return new X509Certificate(readFileSync(pem)).raw;
      };
      const cases: Array<[string, string[], string]> = [
        ['rsa-sha256', ['-newkey', 'rsa:2048', '-sha256'], 'sha256'],
        ['rsa-sha1', ['-newkey', 'rsa:2048', '-sha1'], 'sha256'],
        ['ec-sha384', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384', '-sha384'], 'sha384'],
        ['rsa-sha512', ['-newkey', 'rsa:2048', '-sha512'], 'sha512'],
      ];
      for (const [name, args, hash] of cases) {
        const der = make(name, args);
        expect(certificateBindingHash(der), name).toBe(hash);
        expect(tlsServerEndPoint(der)).toEqual(Buffer.concat([Buffer.from('tls-server-end-point:'), createHash(hash).update(der).digest()]));
      }
      expect(certificateBindingHash(Buffer.from([0x30, 0x03, 0x02]))).toBe('sha256');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

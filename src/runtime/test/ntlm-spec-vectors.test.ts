/**
 * MS-NLMP section 4.2.4 (NTLMv2 authentication) test vectors, byte for byte:
 * user "User", domain "Domain", password "Password", server challenge
 * 0123456789abcdef, client challenge aaaaaaaaaaaaaaaa, random session key 55..55,
 * time 0, workstation "COMPUTER", target info NetBIOS "Domain"/"Server".
 * Provenance of the expected bytes: the flags and AV pairs (4.2.4) and the GSS_WrapEx
 * example (4.2.4.4) were read on the specification's pages; the values of 4.2.4.1.1
 * to 4.2.4.3 as quoted, with those section numbers, in the test data of independent
 * NTLM implementations (Chromium's net/ntlm, .NET's NTLM tests), which agree with each
 * other byte for byte. The channel-binding hash is the example of Microsoft's Open
 * Specifications blog post "NTLM and Channel Binding Hash (aka Extended Protection for
 * Authentication)" (2013), as quoted in Chromium's test data. Only values were taken, no code.
 */
import { describe, expect, it } from 'vitest';
import { channelBindingsHash } from '../src/auth/channel-bindings.js';
import { Rc4, lmv2Response, md4, ntHash, ntProofStr, ntlmv2ClientBlob, ntowfv2, sealKey, sessionBaseKey, signKey } from '../src/auth/crypto.js';
import { NtlmClient } from '../src/auth/ntlm-client.js';
import { AvId, NtlmFlags, decodeAuthenticate, decodeChallenge, encodeAuthenticate, encodeAvPairs, encodeChallenge } from '../src/auth/ntlm-messages.js';
import { NtlmServer, singleAccount } from '../src/auth/ntlm-server.js';
import { NtlmSessionSecurity } from '../src/auth/session-security.js';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const utf16 = (text: string): Buffer => Buffer.from(text, 'utf16le');

const serverChallenge = hex('0123456789abcdef');
const clientChallenge = hex('aaaaaaaaaaaaaaaa');
const randomSessionKey = Buffer.alloc(16, 0x55);
const time = Buffer.alloc(8);
// 4.2.4: AV pair 1 NetBIOS server name "Server", AV pair 2 NetBIOS domain name "Domain"; the messages of 4.2.4.3 list the domain first.
const targetInfo = encodeAvPairs([
  { id: AvId.NB_DOMAIN_NAME, value: utf16('Domain') },
  { id: AvId.NB_COMPUTER_NAME, value: utf16('Server') },
]);

// 4.2.4.3 CHALLENGE_MESSAGE and AUTHENTICATE_MESSAGE.
const challengeMessage = hex(`
  4e544c4d53535000 02000000 0c000c00 38000000 33828ae2 0123456789abcdef 0000000000000000
  24002400 44000000 06007017 0000000f 530065007200760065007200
  02000c0044006f006d00610069006e00 01000c00530065007200760065007200 00000000`);
const authenticateMessage = hex(`
  4e544c4d53535000 03000000 18001800 6c000000 54005400 84000000 0c000c00 48000000
  08000800 54000000 10001000 5c000000 10001000 d8000000 358288e2 0501280a 0000000f
  44006f006d00610069006e00 5500730065007200 43004f004d0050005500540045005200
  86c35097ac9cec102554764a57cccc19 aaaaaaaaaaaaaaaa
  68cd0ab851e51c96aabc927bebef6a1c 0101000000000000 0000000000000000 aaaaaaaaaaaaaaaa 00000000
  02000c0044006f006d00610069006e00 01000c00530065007200760065007200 00000000 00000000
  c5dad2544fc9799094ce1ce90bc9d03e`);

describe('MS-NLMP 4.2.4 NTLMv2 vectors', () => {
  it('MD4 matches RFC 1320 and the NT hash of "Password" (4.2.2.1.2)', async () => {
    expect((await md4(Buffer.alloc(0))).toString('hex')).toBe('31d6cfe0d16ae931b73c59d7e0c089c0');
    expect((await md4(Buffer.from('abc'))).toString('hex')).toBe('a448017aaf21d8525fc10ae87aa6729d');
    expect((await ntHash('Password')).toString('hex')).toBe('a4f49c406510bdcab6824ee7c30fd852');
  });

  it('NTOWFv2 and LMOWFv2 (4.2.4.1.1)', async () => {
    expect((await ntowfv2('Password', 'User', 'Domain')).toString('hex')).toBe('0c868a403bfd7a93a3001ef22ef02e3f');
  });

  it('temp (4.2.4.1.3), LMv2 (4.2.4.2.1), NTProofStr (4.2.4.2.2) and the session base key (4.2.4.1.2)', async () => {
    const key = await ntowfv2('Password', 'User', 'Domain');
    const blob = ntlmv2ClientBlob(time, clientChallenge, targetInfo);
    expect(blob).toEqual(
      hex(`0101000000000000 0000000000000000 aaaaaaaaaaaaaaaa 00000000
           02000c0044006f006d00610069006e00 01000c00530065007200760065007200 00000000 00000000`),
    );
    expect(lmv2Response(key, serverChallenge, clientChallenge).toString('hex')).toBe('86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa');
    const proof = ntProofStr(key, serverChallenge, blob);
    expect(proof.toString('hex')).toBe('68cd0ab851e51c96aabc927bebef6a1c');
    expect(sessionBaseKey(key, proof).toString('hex')).toBe('8de40ccadbc14a82f15cb0ad0de95ca3');
  });

  it('encrypted random session key: RC4(KeyExchangeKey, RandomSessionKey) (4.2.4.2.3)', () => {
    expect(new Rc4(hex('8de40ccadbc14a82f15cb0ad0de95ca3')).update(randomSessionKey).toString('hex')).toBe('c5dad2544fc9799094ce1ce90bc9d03e');
  });

  it('decodes and re-encodes the CHALLENGE_MESSAGE of 4.2.4.3 byte for byte', () => {
    const challenge = decodeChallenge(challengeMessage);
    expect(challenge.flags).toBe(0xe28a8233);
    expect(challenge.serverChallenge).toEqual(serverChallenge);
    expect(challenge.targetName).toBe('Server');
    expect(challenge.targetInfo.map((pair) => [pair.id, pair.value.toString('utf16le')])).toEqual([
      [AvId.NB_DOMAIN_NAME, 'Domain'],
      [AvId.NB_COMPUTER_NAME, 'Server'],
    ]);
    expect(encodeChallenge(challenge)).toEqual(challengeMessage);
  });

  it('decodes and re-encodes the AUTHENTICATE_MESSAGE of 4.2.4.3 byte for byte', () => {
    const message = decodeAuthenticate(authenticateMessage);
    expect([message.domain, message.user, message.workstation]).toEqual(['Domain', 'User', 'COMPUTER']);
    expect(message.flags).toBe(0xe2888235);
    expect(message.mic).toBeUndefined();
    expect(message.encryptedRandomSessionKey.toString('hex')).toBe('c5dad2544fc9799094ce1ce90bc9d03e');
    expect(encodeAuthenticate(message, { withMic: false })).toEqual(authenticateMessage);
  });

  it('the client computes the responses and encrypted session key of the spec AUTHENTICATE_MESSAGE', async () => {
    const randoms = [clientChallenge, randomSessionKey];
    const client = new NtlmClient({
      username: 'Domain\\User',
      password: 'Password',
      workstation: 'COMPUTER',
      randomBytes: (size) => {
        const next = randoms.shift();
        if (next?.length !== size) throw new Error(`unexpected request for ${size} random bytes`);
        return next;
      },
      now: () => new Date(-11_644_473_600_000), // FILETIME 0, the spec's Time
    });
    client.negotiate();
    const { message, security } = await client.authenticate(challengeMessage);
    const ours = decodeAuthenticate(message);
    const spec = decodeAuthenticate(authenticateMessage);
    expect(ours.lmChallengeResponse).toEqual(spec.lmChallengeResponse);
    expect(ours.ntChallengeResponse).toEqual(spec.ntChallengeResponse);
    expect(ours.encryptedRandomSessionKey).toEqual(spec.encryptedRandomSessionKey);
    expect([ours.domain, ours.user, ours.workstation]).toEqual(['Domain', 'User', 'COMPUTER']);
    // Session security on the exported key 55..55 seals "Plaintext" as in 4.2.4.4.
    expect(security!.wrap(utf16('Plaintext')).sealed.toString('hex')).toBe('54e50165bf1936dc996020c1811b0f06fb5f');
  });

  it('the server verifies the spec AUTHENTICATE_MESSAGE and recovers the random session key', async () => {
    const server = new NtlmServer({ lookup: singleAccount('Domain\\User', 'Password'), randomBytes: () => Buffer.from(serverChallenge) });
    server.challenge(new NtlmClient({ username: 'User', password: 'x' }).negotiate());
    const result = await server.authenticate(authenticateMessage);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.exportedSessionKey).toEqual(randomSessionKey);
    expect([result.domain, result.user]).toEqual(['Domain', 'User']);
  });

  it('GSS_WrapEx of "Plaintext" (4.2.4.4): keys, sealed data and signature', () => {
    expect(sealKey(randomSessionKey, 'client-to-server').toString('hex')).toBe('59f600973cc4960a25480a7c196e4c58');
    expect(signKey(randomSessionKey, 'client-to-server').toString('hex')).toBe('4788dc861b4782f35d43fd98fe1a2d39');
    const flags = decodeAuthenticate(authenticateMessage).flags;
    expect(flags & NtlmFlags.NEGOTIATE_KEY_EXCH).not.toBe(0);
    const client = new NtlmSessionSecurity(randomSessionKey, 'client', flags);
    const { sealed, signature } = client.wrap(utf16('Plaintext'));
    expect(sealed.toString('hex')).toBe('54e50165bf1936dc996020c1811b0f06fb5f');
    expect(signature.toString('hex')).toBe('010000007fb38ec5c55d497600000000');
    // The server side, keyed the same way, reads it back.
    const server = new NtlmSessionSecurity(randomSessionKey, 'server', flags);
    expect(server.unwrap(sealed, signature).toString('utf16le')).toBe('Plaintext');
  });

  it('channel bindings hash of a tls-server-end-point binding (Open Specifications blog vector)', () => {
    const applicationData = Buffer.concat([
      Buffer.from('tls-server-end-point:', 'latin1'),
      hex('ea05fefecc6b0bd571dbbc5baa3ed45386d0446835f7b74c85621b9983475f95'),
    ]);
    expect(channelBindingsHash(applicationData).toString('hex')).toBe('6586e99d81c2fc984e47172fd4dd0310');
  });
});

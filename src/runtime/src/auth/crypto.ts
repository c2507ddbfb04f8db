/**
 * NTLMv2 cryptography (MS-NLMP 3.3.2, 3.4.5, 6): the one-way functions, the
 * responses and the session keys. MD4 comes from hash-wasm because OpenSSL 3
 * keeps it in the legacy provider Node does not load; RC4 is ours for the same
 * reason (docs/decisions/0014-ntlm.md). Everything else is node:crypto.
 */
import { createHash, createHmac } from 'node:crypto';
import { createMD4, type IHasher } from 'hash-wasm';

let md4Hasher: Promise<IHasher> | undefined;

/** MD4 (RFC 1320). Async only because the WASM module is compiled on first use. */
export async function md4(data: Uint8Array): Promise<Buffer> {
  md4Hasher ??= createMD4();
  const hasher = await md4Hasher;
  // init/update/digest run in one synchronous turn, so concurrent callers cannot interleave.
  hasher.init();
  hasher.update(data);
  return Buffer.from(hasher.digest('binary'));
}

export function md5(...parts: readonly Uint8Array[]): Buffer {
  const hash = createHash('md5');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

export function hmacMd5(key: Uint8Array, ...parts: readonly Uint8Array[]): Buffer {
  const mac = createHmac('md5', key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/** RC4 as a stateful stream: NTLM keeps one handle per direction for the whole session. */
export class Rc4 {
  readonly #s = new Uint8Array(256);
  #i = 0;
  #j = 0;

  constructor(key: Uint8Array) {
    if (key.length === 0) throw new RangeError('RC4 key must not be empty');
    const s = this.#s;
    for (let n = 0; n < 256; n++) s[n] = n;
    let j = 0;
    for (let n = 0; n < 256; n++) {
      const sn = s[n]!;
      j = (j + sn + key[n % key.length]!) & 0xff;
      s[n] = s[j]!;
      s[j] = sn;
    }
  }

  /** XORs `data` with the next bytes of the key stream; returns a new buffer. */
  update(data: Uint8Array): Buffer {
    const s = this.#s;
    const out = Buffer.allocUnsafe(data.length);
    let i = this.#i;
    let j = this.#j;
    for (let n = 0; n < data.length; n++) {
      i = (i + 1) & 0xff;
      const si = s[i]!;
      j = (j + si) & 0xff;
      const sj = s[j]!;
      s[i] = sj;
      s[j] = si;
      out[n] = data[n]! ^ s[(si + sj) & 0xff]!;
    }
    this.#i = i;
    this.#j = j;
    return out;
  }
}

/** RPC_UNICODE_STRING bytes (UTF-16LE, no terminator), as every NTLM string is hashed. */
export function utf16le(text: string): Buffer {
  return Buffer.from(text, 'utf16le');
}

/** The NT hash, MD4(UNICODE(password)); a server may store this instead of the password. */
export async function ntHash(password: string): Promise<Buffer> {
  return md4(utf16le(password));
}

/** NTOWFv2 from an NT hash: HMAC_MD5(NTHash, UNICODE(Uppercase(User) + UserDom)). */
export function ntowfv2FromHash(hash: Uint8Array, user: string, domain: string): Buffer {
  return hmacMd5(hash, utf16le(user.toUpperCase() + domain));
}

/** NTOWFv2 (= LMOWFv2 = ResponseKeyNT = ResponseKeyLM). */
export async function ntowfv2(password: string, user: string, domain: string): Promise<Buffer> {
  return ntowfv2FromHash(await ntHash(password), user, domain);
}

/**
 * The `temp` of 3.3.2 (the NTLMv2_CLIENT_CHALLENGE structure followed by Z(4)):
 * Responserversion, HiResponserversion, Z(6), Time, ClientChallenge, Z(4), ServerName (the AV pairs), Z(4).
 */
export function ntlmv2ClientBlob(timestamp: Uint8Array, clientChallenge: Uint8Array, targetInfo: Uint8Array): Buffer {
  if (timestamp.length !== 8) throw new RangeError('NTLMv2 timestamp must be 8 bytes');
  if (clientChallenge.length !== 8) throw new RangeError('NTLMv2 client challenge must be 8 bytes');
  return Buffer.concat([Buffer.from([1, 1, 0, 0, 0, 0, 0, 0]), timestamp, clientChallenge, Buffer.alloc(4), targetInfo, Buffer.alloc(4)]);
}

/** NTProofStr = HMAC_MD5(ResponseKeyNT, ServerChallenge || temp); the NtChallengeResponse is NTProofStr || temp. */
export function ntProofStr(responseKeyNT: Uint8Array, serverChallenge: Uint8Array, blob: Uint8Array): Buffer {
  return hmacMd5(responseKeyNT, serverChallenge, blob);
}

/** LMv2 response: HMAC_MD5(ResponseKeyLM, ServerChallenge || ClientChallenge) || ClientChallenge. */
export function lmv2Response(responseKeyLM: Uint8Array, serverChallenge: Uint8Array, clientChallenge: Uint8Array): Buffer {
  return Buffer.concat([hmacMd5(responseKeyLM, serverChallenge, clientChallenge), clientChallenge]);
}

/** SessionBaseKey = HMAC_MD5(ResponseKeyNT, NTProofStr). For NTLMv2 KXKEY returns it unchanged (3.4.5.1). */
export function sessionBaseKey(responseKeyNT: Uint8Array, proof: Uint8Array): Buffer {
  return hmacMd5(responseKeyNT, proof);
}

/** Which side's keys: messages the client sends use the client-to-server keys. */
export type NtlmDirection = 'client-to-server' | 'server-to-client';

// The magic constants are hashed with their terminating NUL (3.4.5.2, 3.4.5.3).
function magic(text: string): Buffer {
  return Buffer.from(`${text}\0`, 'latin1');
}

/** SIGNKEY (3.4.5.2), with extended session security. */
export function signKey(exportedSessionKey: Uint8Array, direction: NtlmDirection): Buffer {
  return md5(exportedSessionKey, magic(`session key to ${direction} signing key magic constant`));
}

/** SEALKEY (3.4.5.3), with extended session security and NTLMSSP_NEGOTIATE_128 (the only strength we accept). */
export function sealKey(exportedSessionKey: Uint8Array, direction: NtlmDirection): Buffer {
  return md5(exportedSessionKey, magic(`session key to ${direction} sealing key magic constant`));
}

/** Windows FILETIME (100 ns ticks since 1601-01-01 UTC), 8 bytes little-endian, as MsvAvTimestamp and the blob carry it. */
export function fileTime(date: Date): Buffer {
  const ticks = (BigInt(date.getTime()) + 11_644_473_600_000n) * 10_000n;
  const out = Buffer.alloc(8);
  out.writeBigUInt64LE(ticks < 0n ? 0n : ticks);
  return out;
}

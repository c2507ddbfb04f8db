/**
 * NTLM message layer (MS-NLMP 2.2): NEGOTIATE, CHALLENGE and AUTHENTICATE
 * messages and AV pairs, both directions. Decoding is strict about bounds, so a
 * hostile token yields a `CimProtocolError`, never an out-of-range read.
 */
import { CimProtocolError } from '../errors.js';

/** NegotiateFlags (2.2.2.5). */
export const NtlmFlags = {
  NEGOTIATE_UNICODE: 0x0000_0001,
  NEGOTIATE_OEM: 0x0000_0002,
  REQUEST_TARGET: 0x0000_0004,
  NEGOTIATE_SIGN: 0x0000_0010,
  NEGOTIATE_SEAL: 0x0000_0020,
  NEGOTIATE_DATAGRAM: 0x0000_0040,
  NEGOTIATE_LM_KEY: 0x0000_0080,
  NEGOTIATE_NTLM: 0x0000_0200,
  ANONYMOUS: 0x0000_0800,
  NEGOTIATE_OEM_DOMAIN_SUPPLIED: 0x0000_1000,
  NEGOTIATE_OEM_WORKSTATION_SUPPLIED: 0x0000_2000,
  NEGOTIATE_ALWAYS_SIGN: 0x0000_8000,
  TARGET_TYPE_DOMAIN: 0x0001_0000,
  TARGET_TYPE_SERVER: 0x0002_0000,
  NEGOTIATE_EXTENDED_SESSIONSECURITY: 0x0008_0000,
  NEGOTIATE_IDENTIFY: 0x0010_0000,
  REQUEST_NON_NT_SESSION_KEY: 0x0040_0000,
  NEGOTIATE_TARGET_INFO: 0x0080_0000,
  NEGOTIATE_VERSION: 0x0200_0000,
  NEGOTIATE_128: 0x2000_0000,
  NEGOTIATE_KEY_EXCH: 0x4000_0000,
  NEGOTIATE_56: 0x8000_0000,
} as const;

/**
 * The flags both ends of mofc's NTLM offer: NTLMv2 with extended session
 * security, 128-bit signing and sealing, key exchange. The client asks for
 * them in NEGOTIATE; the server's CHALLENGE grants the intersection.
 */
export const SUPPORTED_FLAGS =
  NtlmFlags.NEGOTIATE_UNICODE |
  NtlmFlags.REQUEST_TARGET |
  NtlmFlags.NEGOTIATE_SIGN |
  NtlmFlags.NEGOTIATE_SEAL |
  NtlmFlags.NEGOTIATE_NTLM |
  NtlmFlags.NEGOTIATE_ALWAYS_SIGN |
  NtlmFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY |
  NtlmFlags.NEGOTIATE_VERSION |
  NtlmFlags.NEGOTIATE_128 |
  NtlmFlags.NEGOTIATE_KEY_EXCH |
  NtlmFlags.NEGOTIATE_56;

/** The flags message signing and sealing (3.4) needs negotiated, all of them. */
const SESSION_SECURITY_FLAGS =
  NtlmFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY | NtlmFlags.NEGOTIATE_128 | NtlmFlags.NEGOTIATE_SIGN | NtlmFlags.NEGOTIATE_SEAL;

/** Whether `flags` negotiate the session security message encryption uses. */
export function hasSessionSecurity(flags: number): boolean {
  return (flags & SESSION_SECURITY_FLAGS) === SESSION_SECURITY_FLAGS;
}

/** AvId values (2.2.2.1). */
export const AvId = {
  EOL: 0,
  NB_COMPUTER_NAME: 1,
  NB_DOMAIN_NAME: 2,
  DNS_COMPUTER_NAME: 3,
  DNS_DOMAIN_NAME: 4,
  DNS_TREE_NAME: 5,
  FLAGS: 6,
  TIMESTAMP: 7,
  SINGLE_HOST: 8,
  TARGET_NAME: 9,
  CHANNEL_BINDINGS: 10,
} as const;

/** MsvAvFlags bits. */
export const AvFlags = {
  ACCOUNT_CONSTRAINED: 0x1,
  MIC_PRESENT: 0x2,
  UNTRUSTED_SPN_SOURCE: 0x4,
} as const;

export interface AvPair {
  readonly id: number;
  readonly value: Buffer;
}

/** The 8-byte VERSION structure (2.2.2.10); content is informational only. */
export type NtlmVersion = Buffer;

export interface NegotiateMessage {
  readonly flags: number;
  readonly domain: string;
  readonly workstation: string;
  readonly version: NtlmVersion | undefined;
}

export interface ChallengeMessage {
  readonly flags: number;
  readonly serverChallenge: Buffer;
  readonly targetName: string;
  /** The TargetInfo AV pairs without the terminating MsvAvEOL. */
  readonly targetInfo: readonly AvPair[];
  readonly version: NtlmVersion | undefined;
}

export interface AuthenticateMessage {
  readonly flags: number;
  readonly lmChallengeResponse: Buffer;
  readonly ntChallengeResponse: Buffer;
  readonly domain: string;
  readonly user: string;
  readonly workstation: string;
  readonly encryptedRandomSessionKey: Buffer;
  readonly version: NtlmVersion | undefined;
  /** The 16 bytes at offset 72 when the header is long enough to hold a MIC (whether one was computed is said by MsvAvFlags). */
  readonly mic: Buffer | undefined;
}

const SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');
const MESSAGE_TYPE = { negotiate: 1, challenge: 2, authenticate: 3 } as const;
/** Offset of the MIC in an AUTHENTICATE message (after the 64-byte header and the 8-byte version). */
export const MIC_OFFSET = 72;

/** The version we send when NTLMSSP_NEGOTIATE_VERSION is negotiated: 10.0, build 0, NTLMSSP_REVISION_W2K3 (15). */
export const DEFAULT_VERSION: NtlmVersion = Buffer.from([10, 0, 0, 0, 0, 0, 0, 0x0f]);

function fail(what: string): never {
  throw new CimProtocolError(`Malformed NTLM message: ${what}`);
}

function encodeText(text: string, flags: number): Buffer {
  return flags & NtlmFlags.NEGOTIATE_UNICODE ? Buffer.from(text, 'utf16le') : Buffer.from(text, 'latin1');
}

function decodeText(bytes: Buffer, flags: number, what: string): string {
  if (flags & NtlmFlags.NEGOTIATE_UNICODE) {
    if (bytes.length % 2 !== 0) fail(`${what} has an odd length in a Unicode message`);
    return bytes.toString('utf16le');
  }
  return bytes.toString('latin1');
}

function checkHeader(buf: Buffer, type: number, minLength: number, name: string): void {
  if (buf.length < minLength) fail(`${name} is ${buf.length} bytes, shorter than its ${minLength}-byte header`);
  if (!buf.subarray(0, 8).equals(SIGNATURE)) fail(`${name} does not start with "NTLMSSP\\0"`);
  const actual = buf.readUInt32LE(8);
  if (actual !== type) fail(`expected message type ${type} (${name}), got ${actual}`);
}

/** Reads a (Len, MaxLen, BufferOffset) field and returns the bytes it points at. */
function readField(buf: Buffer, at: number, name: string): Buffer {
  const length = buf.readUInt16LE(at);
  const offset = buf.readUInt32LE(at + 4);
  if (length === 0) return Buffer.alloc(0);
  if (offset > buf.length || length > buf.length - offset) fail(`${name} (${length} bytes at offset ${offset}) runs past the end of the ${buf.length}-byte message`);
  return Buffer.from(buf.subarray(offset, offset + length));
}

/** Lays out payload fields after a header of `headerLength` bytes; returns the header fields and the payload. */
function layout(headerLength: number, parts: readonly Buffer[]): { fields: Buffer[]; payload: Buffer } {
  let offset = headerLength;
  const fields: Buffer[] = [];
  for (const part of parts) {
    if (part.length > 0xffff) throw new RangeError(`NTLM field of ${part.length} bytes exceeds 65535`);
    const field = Buffer.alloc(8);
    field.writeUInt16LE(part.length, 0);
    field.writeUInt16LE(part.length, 2);
    field.writeUInt32LE(offset, 4);
    fields.push(field);
    offset += part.length;
  }
  return { fields, payload: Buffer.concat(parts) };
}

function u32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32LE(value >>> 0);
  return out;
}

export function encodeAvPairs(pairs: readonly AvPair[]): Buffer {
  const chunks: Buffer[] = [];
  for (const pair of pairs) {
    if (pair.id === AvId.EOL) continue;
    if (pair.value.length > 0xffff) throw new RangeError(`AV pair ${pair.id} of ${pair.value.length} bytes exceeds 65535`);
    const head = Buffer.alloc(4);
    head.writeUInt16LE(pair.id, 0);
    head.writeUInt16LE(pair.value.length, 2);
    chunks.push(head, pair.value);
  }
  chunks.push(Buffer.alloc(4));
  return Buffer.concat(chunks);
}

/** Decodes an AV pair list up to MsvAvEOL, which must be present (2.2.2.1). */
export function decodeAvPairs(buf: Buffer): AvPair[] {
  const pairs: AvPair[] = [];
  let at = 0;
  while (at + 4 <= buf.length) {
    const id = buf.readUInt16LE(at);
    const length = buf.readUInt16LE(at + 2);
    at += 4;
    if (id === AvId.EOL) return pairs;
    if (length > buf.length - at) fail(`AV pair ${id} (${length} bytes) runs past the end of the target information`);
    pairs.push({ id, value: Buffer.from(buf.subarray(at, at + length)) });
    at += length;
  }
  return fail('target information has no MsvAvEOL terminator');
}

export function findAvPair(pairs: readonly AvPair[], id: number): Buffer | undefined {
  return pairs.find((pair) => pair.id === id)?.value;
}

export function encodeNegotiate(message: NegotiateMessage): Buffer {
  const flags = message.flags >>> 0;
  // Domain and workstation travel in the OEM charset (2.2.1.1); we send them only when the flags say so.
  const domain = flags & NtlmFlags.NEGOTIATE_OEM_DOMAIN_SUPPLIED ? Buffer.from(message.domain, 'latin1') : Buffer.alloc(0);
  const workstation = flags & NtlmFlags.NEGOTIATE_OEM_WORKSTATION_SUPPLIED ? Buffer.from(message.workstation, 'latin1') : Buffer.alloc(0);
  const version = flags & NtlmFlags.NEGOTIATE_VERSION ? (message.version ?? DEFAULT_VERSION) : Buffer.alloc(8);
  const { fields, payload } = layout(40, [domain, workstation]);
  return Buffer.concat([SIGNATURE, u32(MESSAGE_TYPE.negotiate), u32(flags), ...fields, version, payload]);
}

export function decodeNegotiate(buf: Buffer): NegotiateMessage {
  checkHeader(buf, MESSAGE_TYPE.negotiate, 16, 'NEGOTIATE_MESSAGE');
  const flags = buf.readUInt32LE(12);
  // Old clients send only the first 16 bytes; the fields after them are optional.
  const domain = buf.length >= 24 && flags & NtlmFlags.NEGOTIATE_OEM_DOMAIN_SUPPLIED ? readField(buf, 16, 'DomainName').toString('latin1') : '';
  const workstation = buf.length >= 32 && flags & NtlmFlags.NEGOTIATE_OEM_WORKSTATION_SUPPLIED ? readField(buf, 24, 'Workstation').toString('latin1') : '';
  const version = buf.length >= 40 && flags & NtlmFlags.NEGOTIATE_VERSION ? Buffer.from(buf.subarray(32, 40)) : undefined;
  return { flags, domain, workstation, version };
}

export function encodeChallenge(message: ChallengeMessage): Buffer {
  const flags = message.flags >>> 0;
  if (message.serverChallenge.length !== 8) throw new RangeError('server challenge must be 8 bytes');
  // Sent whenever there is one: MS-NLMP's own example (4.2.4.3) carries it without NTLMSSP_REQUEST_TARGET.
  const targetName = encodeText(message.targetName, flags);
  const targetInfo = flags & NtlmFlags.NEGOTIATE_TARGET_INFO ? encodeAvPairs(message.targetInfo) : Buffer.alloc(0);
  const version = flags & NtlmFlags.NEGOTIATE_VERSION ? (message.version ?? DEFAULT_VERSION) : Buffer.alloc(8);
  const { fields, payload } = layout(56, [targetName, targetInfo]);
  return Buffer.concat([
    SIGNATURE,
    u32(MESSAGE_TYPE.challenge),
    fields[0]!,
    u32(flags),
    message.serverChallenge,
    Buffer.alloc(8),
    fields[1]!,
    version,
    payload,
  ]);
}

export function decodeChallenge(buf: Buffer): ChallengeMessage {
  checkHeader(buf, MESSAGE_TYPE.challenge, 32, 'CHALLENGE_MESSAGE');
  const flags = buf.readUInt32LE(20);
  const serverChallenge = Buffer.from(buf.subarray(24, 32));
  const targetName = decodeText(readField(buf, 12, 'TargetName'), flags, 'TargetName');
  let targetInfo: AvPair[] = [];
  if (buf.length >= 48 && flags & NtlmFlags.NEGOTIATE_TARGET_INFO) {
    const raw = readField(buf, 40, 'TargetInfo');
    if (raw.length > 0) targetInfo = decodeAvPairs(raw);
  }
  const version = buf.length >= 56 && flags & NtlmFlags.NEGOTIATE_VERSION ? Buffer.from(buf.subarray(48, 56)) : undefined;
  return { flags, serverChallenge, targetName, targetInfo, version };
}

export interface EncodeAuthenticateOptions {
  /** Reserve the 16-byte MIC field (zeroed; the caller computes the MIC over the whole message and writes it at `MIC_OFFSET`). */
  readonly withMic: boolean;
}

export function encodeAuthenticate(message: AuthenticateMessage, options: EncodeAuthenticateOptions): Buffer {
  const flags = message.flags >>> 0;
  const version = flags & NtlmFlags.NEGOTIATE_VERSION ? (message.version ?? DEFAULT_VERSION) : Buffer.alloc(8);
  const mic = options.withMic ? Buffer.alloc(16) : Buffer.alloc(0);
  const headerLength = 64 + 8 + mic.length;
  // Payload order as in MS-NLMP 4.2.4.3: domain, user, workstation, LM, NT, session key.
  const { fields, payload } = layout(headerLength, [
    encodeText(message.domain, flags),
    encodeText(message.user, flags),
    encodeText(message.workstation, flags),
    message.lmChallengeResponse,
    message.ntChallengeResponse,
    message.encryptedRandomSessionKey,
  ]);
  const [domain, user, workstation, lm, nt, key] = fields as [Buffer, Buffer, Buffer, Buffer, Buffer, Buffer];
  return Buffer.concat([SIGNATURE, u32(MESSAGE_TYPE.authenticate), lm, nt, domain, user, workstation, key, u32(flags), version, mic, payload]);
}

export function decodeAuthenticate(buf: Buffer): AuthenticateMessage {
  checkHeader(buf, MESSAGE_TYPE.authenticate, 64, 'AUTHENTICATE_MESSAGE');
  const flags = buf.readUInt32LE(60);
  const lmChallengeResponse = readField(buf, 12, 'LmChallengeResponse');
  const ntChallengeResponse = readField(buf, 20, 'NtChallengeResponse');
  const domain = decodeText(readField(buf, 28, 'DomainName'), flags, 'DomainName');
  const user = decodeText(readField(buf, 36, 'UserName'), flags, 'UserName');
  const workstation = decodeText(readField(buf, 44, 'Workstation'), flags, 'Workstation');
  const encryptedRandomSessionKey = readField(buf, 52, 'EncryptedRandomSessionKey');
  // The payload starts at the lowest non-empty buffer offset; the version and MIC fit only if it starts late enough.
  let payloadStart = buf.length;
  for (const at of [12, 20, 28, 36, 44, 52]) {
    if (buf.readUInt16LE(at) > 0) payloadStart = Math.min(payloadStart, buf.readUInt32LE(at + 4));
  }
  const version = payloadStart >= 72 && flags & NtlmFlags.NEGOTIATE_VERSION ? Buffer.from(buf.subarray(64, 72)) : undefined;
  const mic = payloadStart >= MIC_OFFSET + 16 ? Buffer.from(buf.subarray(MIC_OFFSET, MIC_OFFSET + 16)) : undefined;
  return { flags, lmChallengeResponse, ntChallengeResponse, domain, user, workstation, encryptedRandomSessionKey, version, mic };
}

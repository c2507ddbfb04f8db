/**
 * WS-Management message encryption framing (MS-WSMV 2.2.9.1.1, "Negotiate
 * Encrypted Message"): a SOAP body sealed with the NTLM session security and
 * carried as `multipart/encrypted` in two parts, both directions.
 *
 *   --Encrypted Boundary\r\n
 *   \tContent-Type: application/HTTP-SPNEGO-session-encrypted\r\n
 *   \tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=N\r\n
 *   --Encrypted Boundary\r\n
 *   \tContent-Type: application/octet-stream\r\n
 *   <signature length, 4 bytes LE><signature><sealed body, N bytes>--Encrypted Boundary--\r\n
 */
import { CimProtocolError } from '../errors.js';
import { SIGNATURE_LENGTH, type NtlmSessionSecurity } from './session-security.js';

export const ENCRYPTED_PROTOCOL = 'application/HTTP-SPNEGO-session-encrypted';
export const ENCRYPTED_CONTENT_TYPE = `multipart/encrypted;protocol="${ENCRYPTED_PROTOCOL}";boundary="Encrypted Boundary"`;
const DEFAULT_ORIGINAL_TYPE = 'application/soap+xml;charset=UTF-8';

const BOUNDARY = Buffer.from('--Encrypted Boundary\r\n', 'latin1');
const OCTET_STREAM = Buffer.from('\tContent-Type: application/octet-stream\r\n', 'latin1');
// Windows closes with `--Encrypted Boundary--`; pywinrm 0.3 with a bare boundary line.
const CLOSINGS = [Buffer.from('--Encrypted Boundary--\r\n', 'latin1'), BOUNDARY];

/** True when a Content-Type header names an MS-WSMV SPNEGO-encrypted body. */
export function isEncryptedContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const lower = contentType.toLowerCase();
  return lower.startsWith('multipart/encrypted') && lower.includes(ENCRYPTED_PROTOCOL.toLowerCase());
}

/** Seals `body` and frames it; send it with `Content-Type: ENCRYPTED_CONTENT_TYPE`. */
export function encryptMessage(security: NtlmSessionSecurity, body: Uint8Array, originalType: string = DEFAULT_ORIGINAL_TYPE): Buffer {
  const { sealed, signature } = security.wrap(body);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(signature.length);
  return Buffer.concat([
    BOUNDARY,
    Buffer.from(`\tContent-Type: ${ENCRYPTED_PROTOCOL}\r\n\tOriginalContent: type=${originalType};Length=${body.length}\r\n`, 'latin1'),
    BOUNDARY,
    OCTET_STREAM,
    length,
    signature,
    sealed,
    CLOSINGS[0]!,
  ]);
}

export interface DecryptedMessage {
  readonly body: Buffer;
  /** The `type=` of OriginalContent, e.g. `application/soap+xml;charset=UTF-8`. */
  readonly contentType: string;
}

function bad(what: string): never {
  throw new CimProtocolError(`Malformed encrypted WS-Management message: ${what}`);
}

/**
 * Parses the framing, unseals and verifies. The sealed part is cut by the
 * OriginalContent length (RC4 keeps lengths), not by searching the ciphertext
 * for the boundary. A bad signature throws `CimIntegrityError`; nothing of the content is returned.
 */
export function decryptMessage(security: NtlmSessionSecurity, framed: Buffer): DecryptedMessage {
  if (!framed.subarray(0, BOUNDARY.length).equals(BOUNDARY)) bad('does not start with "--Encrypted Boundary"');
  const second = framed.indexOf(BOUNDARY, BOUNDARY.length);
  if (second < 0) bad('has no second part');
  const headers = framed.subarray(BOUNDARY.length, second).toString('latin1');
  const protocol = /^\s*Content-Type:\s*([^\r\n]*)\r?$/im.exec(headers)?.[1]?.trim();
  if (protocol?.toLowerCase() !== ENCRYPTED_PROTOCOL.toLowerCase()) bad(`first part is not ${ENCRYPTED_PROTOCOL}`);
  const original = /^\s*OriginalContent:\s*([^\r\n]*)\r?$/im.exec(headers)?.[1]?.trim();
  if (original === undefined) bad('has no OriginalContent header');
  const lengthMatch = /;\s*Length=(\d{1,10})\s*$/i.exec(original);
  if (lengthMatch === null) bad('OriginalContent has no Length');
  const length = Number(lengthMatch[1]);
  const typeMatch = /^type=(.*?);\s*Length=/i.exec(original);
  const contentType = typeMatch?.[1] ?? DEFAULT_ORIGINAL_TYPE;

  let at = second + BOUNDARY.length;
  if (!framed.subarray(at, at + OCTET_STREAM.length).equals(OCTET_STREAM)) bad('second part is not application/octet-stream');
  at += OCTET_STREAM.length;
  if (at + 4 > framed.length) bad('is truncated before the signature length');
  const signatureLength = framed.readUInt32LE(at);
  at += 4;
  if (signatureLength !== SIGNATURE_LENGTH) bad(`signature length is ${signatureLength}, expected ${SIGNATURE_LENGTH}`);
  if (length > framed.length - at - signatureLength) bad(`OriginalContent Length ${length} exceeds the ${framed.length}-byte message`);
  const signature = framed.subarray(at, at + signatureLength);
  at += signatureLength;
  const sealed = framed.subarray(at, at + length);
  at += length;
  const rest = framed.subarray(at);
  if (!CLOSINGS.some((closing) => rest.equals(closing))) bad('does not end with the closing boundary after OriginalContent Length bytes');
  return { body: security.unwrap(sealed, signature), contentType };
}

/**
 * TLS channel bindings for NTLM (Extended Protection for Authentication):
 * `tls-server-end-point` application data (RFC 5929 section 4) and the MD5 of the
 * gss_channel_bindings_struct (RFC 2744 section 3.11) carried in MsvAvChannelBindings.
 */
import { createHash } from 'node:crypto';
import { md5 } from './crypto.js';

// Signature algorithm OIDs (DER content bytes, hex) → the hash RFC 5929 says to use.
// MD5 and SHA-1 are replaced by SHA-256; an algorithm we do not know also gets SHA-256.
const SIGNATURE_HASH: Readonly<Record<string, string>> = {
  '2a864886f70d010104': 'sha256', // md5WithRSAEncryption
  '2a864886f70d010105': 'sha256', // sha1WithRSAEncryption
  '2a864886f70d01010b': 'sha256', // sha256WithRSAEncryption
  '2a864886f70d01010c': 'sha384', // sha384WithRSAEncryption
  '2a864886f70d01010d': 'sha512', // sha512WithRSAEncryption
  '2a8648ce3d0401': 'sha256', // ecdsa-with-SHA1
  '2a8648ce3d040302': 'sha256', // ecdsa-with-SHA256
  '2a8648ce3d040303': 'sha384', // ecdsa-with-SHA384
  '2a8648ce3d040304': 'sha512', // ecdsa-with-SHA512
};

interface DerElement {
  readonly tag: number;
  readonly start: number;
  readonly end: number;
  readonly next: number;
}

function readDer(der: Uint8Array, at: number): DerElement {
  if (at + 2 > der.length) throw new RangeError('truncated DER');
  const tag = der[at]!;
  let length = der[at + 1]!;
  let start = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || start + count > der.length) throw new RangeError('bad DER length');
    length = 0;
    for (let n = 0; n < count; n++) length = length * 256 + der[start + n]!;
    start += count;
  }
  if (start + length > der.length) throw new RangeError('truncated DER');
  return { tag, start, end: start + length, next: start + length };
}

/** The hash algorithm RFC 5929 prescribes for a DER certificate's `tls-server-end-point` binding. */
export function certificateBindingHash(certificateDer: Uint8Array): string {
  try {
    const certificate = readDer(certificateDer, 0);
    const tbs = readDer(certificateDer, certificate.start);
    const algorithm = readDer(certificateDer, tbs.next);
    const oid = readDer(certificateDer, algorithm.start);
    if (certificate.tag !== 0x30 || algorithm.tag !== 0x30 || oid.tag !== 0x06) return 'sha256';
    return SIGNATURE_HASH[Buffer.from(certificateDer.subarray(oid.start, oid.end)).toString('hex')] ?? 'sha256';
  } catch {
    return 'sha256';
  }
}

/** `tls-server-end-point:` followed by the certificate hash: the channel binding application data. */
export function tlsServerEndPoint(certificateDer: Uint8Array): Buffer {
  const hash = createHash(certificateBindingHash(certificateDer)).update(certificateDer).digest();
  return Buffer.concat([Buffer.from('tls-server-end-point:', 'latin1'), hash]);
}

/**
 * MD5 of a gss_channel_bindings_struct with no addresses (as TLS bindings use):
 * initiator addrtype and address, acceptor addrtype and address, each as a
 * 4-byte little-endian length (and type) followed by the bytes, then the application data.
 */
export function channelBindingsHash(applicationData: Uint8Array): Buffer {
  const struct = Buffer.alloc(20 + applicationData.length);
  struct.writeUInt32LE(applicationData.length, 16);
  Buffer.from(applicationData).copy(struct, 20);
  return md5(struct);
}

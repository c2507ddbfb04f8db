/**
 * NTLM session security (MS-NLMP 3.4): sealing (RC4) and signing (HMAC-MD5 with
 * sequence numbers) under extended session security, 128-bit keys, one RC4
 * handle and one sequence number per direction. Used for WS-Management message
 * encryption; both the client and the server side.
 */
import { timingSafeEqual } from 'node:crypto';
import { CimProtocolError } from '../errors.js';
import { Rc4, hmacMd5, sealKey, signKey, type NtlmDirection } from './crypto.js';
import { NtlmFlags } from './ntlm-messages.js';

/** A sealed message whose signature does not verify: tampered, replayed, out of order, or the wrong key. Its content is discarded. */
export class CimIntegrityError extends CimProtocolError {}

export const SIGNATURE_LENGTH = 16;

export type NtlmRole = 'client' | 'server';

interface DirectionState {
  readonly signKey: Buffer;
  readonly rc4: Rc4;
  sequence: number;
}

function direction(exportedSessionKey: Buffer, dir: NtlmDirection): DirectionState {
  return { signKey: signKey(exportedSessionKey, dir), rc4: new Rc4(sealKey(exportedSessionKey, dir)), sequence: 0 };
}

export class NtlmSessionSecurity {
  readonly #outgoing: DirectionState;
  readonly #incoming: DirectionState;
  readonly #keyExchange: boolean;
  #broken = false;

  /**
   * `flags` are the negotiated flags of the AUTHENTICATE message; extended session security,
   * 128-bit keys, signing and sealing must all be there (the handshakes refuse anything less).
   */
  constructor(exportedSessionKey: Buffer, role: NtlmRole, flags: number) {
    const required = NtlmFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY | NtlmFlags.NEGOTIATE_128 | NtlmFlags.NEGOTIATE_SIGN | NtlmFlags.NEGOTIATE_SEAL;
    if ((flags & required) !== required) {
      throw new CimProtocolError('NTLM session security needs extended session security, 128-bit keys, signing and sealing');
    }
    if (exportedSessionKey.length !== 16) throw new RangeError('exported session key must be 16 bytes');
    const clientToServer = direction(exportedSessionKey, 'client-to-server');
    const serverToClient = direction(exportedSessionKey, 'server-to-client');
    this.#outgoing = role === 'client' ? clientToServer : serverToClient;
    this.#incoming = role === 'client' ? serverToClient : clientToServer;
    this.#keyExchange = (flags & NtlmFlags.NEGOTIATE_KEY_EXCH) !== 0;
  }

  /** Seals `message` (3.4.3) and returns the ciphertext with its 16-byte NTLMSSP_MESSAGE_SIGNATURE. */
  wrap(message: Uint8Array): { sealed: Buffer; signature: Buffer } {
    this.#usable();
    const state = this.#outgoing;
    const sealed = state.rc4.update(message);
    const signature = this.#signature(state, message);
    return { sealed, signature };
  }

  /**
   * Unseals and verifies a message from the peer. A bad signature throws
   * `CimIntegrityError` and leaves this context unusable: the RC4 streams cannot
   * be trusted to be in step after it.
   */
  unwrap(sealed: Uint8Array, signature: Uint8Array): Buffer {
    this.#usable();
    const state = this.#incoming;
    if (signature.length !== SIGNATURE_LENGTH) {
      this.#broken = true;
      throw new CimIntegrityError(`NTLM message signature is ${signature.length} bytes, expected ${SIGNATURE_LENGTH}`);
    }
    const message = state.rc4.update(sealed);
    const expected = this.#signature(state, message);
    if (!timingSafeEqual(expected, signature)) {
      this.#broken = true;
      message.fill(0);
      throw new CimIntegrityError('NTLM message signature does not verify: the message was altered or is out of sequence; its content was discarded');
    }
    return message;
  }

  /** NTLMSSP_MESSAGE_SIGNATURE with extended session security (2.2.2.9.1): Version 1, Checksum, SeqNum. */
  #signature(state: DirectionState, message: Uint8Array): Buffer {
    const sequence = Buffer.alloc(4);
    sequence.writeUInt32LE(state.sequence);
    let checksum = hmacMd5(state.signKey, sequence, message).subarray(0, 8);
    if (this.#keyExchange) checksum = state.rc4.update(checksum);
    state.sequence = (state.sequence + 1) >>> 0;
    return Buffer.concat([Buffer.from([1, 0, 0, 0]), checksum, sequence]);
  }

  #usable(): void {
    if (this.#broken) throw new CimIntegrityError('NTLM security context is unusable after a message failed its signature check');
  }
}

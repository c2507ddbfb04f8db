/**
 * The client side of an NTLMv2 handshake (MS-NLMP 3.1.5): NEGOTIATE, then the
 * AUTHENTICATE answering the server's CHALLENGE, with the MIC when the server
 * sent a timestamp, key exchange, and TLS channel bindings when given. Yields
 * the session security for message encryption. The password stays in a private
 * field and never reaches an error message.
 */
import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { CimProtocolError } from '../errors.js';
import { channelBindingsHash } from './channel-bindings.js';
import { Rc4, fileTime, hmacMd5, lmv2Response, ntProofStr, ntlmv2ClientBlob, ntowfv2, sessionBaseKey, utf16le } from './crypto.js';
import {
  AvFlags,
  AvId,
  MIC_OFFSET,
  NtlmFlags,
  SUPPORTED_FLAGS,
  decodeChallenge,
  encodeAuthenticate,
  encodeAvPairs,
  encodeNegotiate,
  findAvPair,
  hasSessionSecurity,
  type AvPair,
} from './ntlm-messages.js';
import { NtlmSessionSecurity } from './session-security.js';

/** A user name split as NTLM sends it. */
export interface NtlmIdentity {
  readonly user: string;
  readonly domain: string;
}

/**
 * `DOMAIN\user` → domain and user; `user@domain` (a UPN) is sent whole as the
 * user name with an empty domain, as Windows clients do; a plain name has no domain.
 */
export function parseNtlmUsername(username: string): NtlmIdentity {
  const slash = username.indexOf('\\');
  if (slash >= 0) return { domain: username.slice(0, slash), user: username.slice(slash + 1) };
  return { user: username, domain: '' };
}

export interface NtlmClientOptions {
  /** `DOMAIN\user`, `user@domain` or `user`. */
  readonly username: string;
  readonly password: string;
  readonly workstation?: string;
  /** Channel binding application data, e.g. `tlsServerEndPoint(certificate)`; sent as MsvAvChannelBindings. */
  readonly channelBindings?: Uint8Array;
  /** The SPN sent as MsvAvTargetName, e.g. `HTTP/host`. */
  readonly targetName?: string;
  /** Refuse a server that cannot seal and sign (needed for message encryption). Default true. */
  readonly requireSessionSecurity?: boolean;
  /** Test seams: randomness (client challenge, session key) and the clock. */
  readonly randomBytes?: (size: number) => Buffer;
  readonly now?: () => Date;
}

export interface NtlmClientResult {
  /** The AUTHENTICATE message to send. */
  readonly message: Buffer;
  /** The negotiated flags. */
  readonly flags: number;
  /** Sealing and signing for the session, when negotiated. */
  readonly security: NtlmSessionSecurity | undefined;
}

export class NtlmClient {
  readonly #identity: NtlmIdentity;
  readonly #password: string;
  readonly #options: NtlmClientOptions;
  #negotiate: Buffer | undefined;

  constructor(options: NtlmClientOptions) {
    this.#identity = parseNtlmUsername(options.username);
    this.#password = options.password;
    this.#options = options;
  }

  get identity(): NtlmIdentity {
    return this.#identity;
  }

  /** The NEGOTIATE message (first leg). */
  negotiate(): Buffer {
    this.#negotiate = encodeNegotiate({ flags: SUPPORTED_FLAGS, domain: '', workstation: '', version: undefined });
    return this.#negotiate;
  }

  /**
   * Answers the server's CHALLENGE (second leg) with the AUTHENTICATE message (third leg).
   * `channelBindings` here overrides the constructor's (over TLS they are known only once connected).
   */
  async authenticate(challengeToken: Buffer, extra: { readonly channelBindings?: Uint8Array } = {}): Promise<NtlmClientResult> {
    const negotiate = this.#negotiate;
    if (negotiate === undefined) throw new Error('NtlmClient.authenticate called before negotiate');
    const challenge = decodeChallenge(challengeToken);
    const random = this.#options.randomBytes ?? cryptoRandomBytes;
    const flags = (challenge.flags & SUPPORTED_FLAGS) | (challenge.flags & NtlmFlags.NEGOTIATE_TARGET_INFO);
    if (!(flags & NtlmFlags.NEGOTIATE_UNICODE)) throw new CimProtocolError('NTLM server does not accept Unicode; only Unicode NTLM is supported');
    if ((this.#options.requireSessionSecurity ?? true) && !hasSessionSecurity(flags)) {
      throw new CimProtocolError('NTLM server does not offer 128-bit signing and sealing with extended session security, which message encryption needs');
    }

    // With a server timestamp the client uses it, sends a MIC and no LMv2 response (3.1.5.1.2).
    const serverTime = findAvPair(challenge.targetInfo, AvId.TIMESTAMP);
    const timestamp = serverTime?.length === 8 ? serverTime : fileTime((this.#options.now ?? (() => new Date()))());
    const withMic = serverTime !== undefined;
    const targetInfo = this.#responseTargetInfo(challenge.targetInfo, withMic, extra.channelBindings ?? this.#options.channelBindings);

    const clientChallenge = random(8);
    const { user, domain } = this.#identity;
    const responseKey = await ntowfv2(this.#password, user, domain);
    const blob = ntlmv2ClientBlob(timestamp, clientChallenge, encodeAvPairs(targetInfo));
    const proof = ntProofStr(responseKey, challenge.serverChallenge, blob);
    const ntResponse = Buffer.concat([proof, blob]);
    const lmResponse = withMic ? Buffer.alloc(24) : lmv2Response(responseKey, challenge.serverChallenge, clientChallenge);
    const keyExchangeKey = sessionBaseKey(responseKey, proof);

    let exportedSessionKey: Buffer = keyExchangeKey;
    let encryptedRandomSessionKey: Buffer = Buffer.alloc(0);
    if (flags & NtlmFlags.NEGOTIATE_KEY_EXCH) {
      exportedSessionKey = random(16);
      encryptedRandomSessionKey = new Rc4(keyExchangeKey).update(exportedSessionKey);
    }

    const message = encodeAuthenticate(
      {
        flags,
        lmChallengeResponse: lmResponse,
        ntChallengeResponse: ntResponse,
        domain,
        user,
        workstation: this.#options.workstation ?? '',
        encryptedRandomSessionKey,
        version: undefined,
        mic: undefined,
      },
      { withMic },
    );
    if (withMic) hmacMd5(exportedSessionKey, negotiate, challengeToken, message).copy(message, MIC_OFFSET);

    const security = hasSessionSecurity(flags) ? new NtlmSessionSecurity(exportedSessionKey, 'client', flags) : undefined;
    return { message, flags, security };
  }

  /** The server's AV pairs plus MsvAvFlags (MIC), MsvAvChannelBindings and MsvAvTargetName as configured. */
  #responseTargetInfo(serverPairs: readonly AvPair[], withMic: boolean, channelBindings: Uint8Array | undefined): AvPair[] {
    const pairs = serverPairs.filter((pair) => pair.id !== AvId.FLAGS && pair.id !== AvId.CHANNEL_BINDINGS && pair.id !== AvId.TARGET_NAME);
    const serverFlags = findAvPair(serverPairs, AvId.FLAGS);
    let avFlags = serverFlags?.length === 4 ? serverFlags.readUInt32LE(0) : 0;
    if (withMic) avFlags |= AvFlags.MIC_PRESENT;
    if (avFlags !== 0) {
      const value = Buffer.alloc(4);
      value.writeUInt32LE(avFlags >>> 0);
      pairs.push({ id: AvId.FLAGS, value });
    }
    if (channelBindings !== undefined) pairs.push({ id: AvId.CHANNEL_BINDINGS, value: channelBindingsHash(channelBindings) });
    if (this.#options.targetName !== undefined) pairs.push({ id: AvId.TARGET_NAME, value: utf16le(this.#options.targetName) });
    return pairs;
  }
}


/**
 * The server side of an NTLMv2 handshake (MS-NLMP 3.2.5): answer NEGOTIATE
 * with a CHALLENGE (target info with a timestamp, so clients send a MIC), then
 * verify the AUTHENTICATE against a configured account: NTProofStr, MIC,
 * channel bindings; derive the exported session key and the session security.
 * One `NtlmServer` per connection, as NTLM authenticates connections.
 */
import { randomBytes as cryptoRandomBytes, timingSafeEqual } from 'node:crypto';
import { CimProtocolError } from '../errors.js';
import { channelBindingsHash } from './channel-bindings.js';
import { Rc4, fileTime, hmacMd5, ntProofStr, ntowfv2, sessionBaseKey, utf16le } from './crypto.js';
import {
  AvFlags,
  AvId,
  MIC_OFFSET,
  NtlmFlags,
  SUPPORTED_FLAGS,
  decodeAuthenticate,
  decodeAvPairs,
  decodeNegotiate,
  encodeChallenge,
  findAvPair,
  hasSessionSecurity,
  type AvPair,
} from './ntlm-messages.js';
import { parseNtlmUsername } from './ntlm-client.js';
import { NtlmSessionSecurity } from './session-security.js';

/** Finds the password of the account an AUTHENTICATE names (user and domain as the client sent them), or undefined. */
export type NtlmAccountLookup = (user: string, domain: string) => string | undefined | Promise<string | undefined>;

/**
 * A lookup for one configured account, `user`, `DOMAIN\user` or `user@domain`:
 * user names compare case-insensitively (as Windows does); a configured domain
 * must match the client's domain (or a UPN's suffix), no configured domain accepts any.
 */
export function singleAccount(username: string, password: string): NtlmAccountLookup {
  const configured = splitAccount(username);
  return (user, domain) => {
    const offered = splitAccount(domain === '' ? user : `${domain}\\${user}`);
    if (offered.user.toLowerCase() !== configured.user.toLowerCase()) return undefined;
    if (configured.domain !== '' && offered.domain.toLowerCase() !== configured.domain.toLowerCase()) return undefined;
    return password;
  };
}

function splitAccount(name: string): { user: string; domain: string } {
  const parsed = parseNtlmUsername(name);
  if (parsed.domain === '' && parsed.user.includes('@')) {
    const at = parsed.user.lastIndexOf('@');
    return { user: parsed.user.slice(0, at), domain: parsed.user.slice(at + 1) };
  }
  return parsed;
}

export interface NtlmServerOptions {
  readonly lookup: NtlmAccountLookup;
  /** NetBIOS domain (target) name. Default `WORKGROUP`. */
  readonly domainName?: string;
  /** NetBIOS computer name. Default `MOFC`. */
  readonly computerName?: string;
  /** The channel binding application data of this connection (`tlsServerEndPoint(ourCertificate)`), over TLS. */
  readonly channelBindings?: Uint8Array;
  /** Refuse an AUTHENTICATE without matching channel bindings (when `channelBindings` is set). Default false: a mismatch is refused, absence accepted. */
  readonly requireChannelBindings?: boolean;
  /** Test seams: the server challenge and the clock. */
  readonly randomBytes?: (size: number) => Buffer;
  readonly now?: () => Date;
}

export type NtlmServerResult =
  | {
      readonly ok: true;
      readonly user: string;
      readonly domain: string;
      readonly workstation: string;
      readonly flags: number;
      readonly exportedSessionKey: Buffer;
      /** Present when the client negotiated 128-bit sealing and signing. */
      readonly security: NtlmSessionSecurity | undefined;
    }
  | {
      readonly ok: false;
      /** Why, for the server's log: names the user, never a secret. */
      readonly reason: string;
    };

export class NtlmServer {
  readonly #options: NtlmServerOptions;
  #negotiate: Buffer | undefined;
  #challenge: Buffer | undefined;
  #serverChallenge: Buffer | undefined;

  constructor(options: NtlmServerOptions) {
    this.#options = options;
  }

  /** Answers a NEGOTIATE message with a CHALLENGE message. */
  challenge(negotiateToken: Buffer): Buffer {
    const negotiate = decodeNegotiate(negotiateToken);
    // Unicode when offered, else the OEM charset (3.2.5.1.1); pywinrm's ntlm-auth offers only OEM in its NEGOTIATE.
    const charset = negotiate.flags & NtlmFlags.NEGOTIATE_UNICODE ? NtlmFlags.NEGOTIATE_UNICODE : negotiate.flags & NtlmFlags.NEGOTIATE_OEM;
    if (charset === 0) throw new CimProtocolError('NTLM NEGOTIATE offers neither Unicode nor OEM strings');
    const domainName = (this.#options.domainName ?? 'WORKGROUP').toUpperCase();
    const computerName = (this.#options.computerName ?? 'MOFC').toUpperCase();
    const serverChallenge = (this.#options.randomBytes ?? cryptoRandomBytes)(8);
    const flags = ((negotiate.flags & SUPPORTED_FLAGS & ~NtlmFlags.NEGOTIATE_UNICODE) >>> 0) | charset | NtlmFlags.NEGOTIATE_TARGET_INFO | NtlmFlags.TARGET_TYPE_SERVER;
    const targetInfo: AvPair[] = [
      { id: AvId.NB_DOMAIN_NAME, value: utf16le(domainName) },
      { id: AvId.NB_COMPUTER_NAME, value: utf16le(computerName) },
      { id: AvId.DNS_DOMAIN_NAME, value: utf16le(domainName.toLowerCase()) },
      { id: AvId.DNS_COMPUTER_NAME, value: utf16le(computerName.toLowerCase()) },
      { id: AvId.TIMESTAMP, value: fileTime((this.#options.now ?? (() => new Date()))()) },
    ];
    const message = encodeChallenge({ flags, serverChallenge, targetName: domainName, targetInfo, version: undefined });
    this.#negotiate = negotiateToken;
    this.#challenge = message;
    this.#serverChallenge = serverChallenge;
    return message;
  }

  /** Verifies an AUTHENTICATE message against the account. Malformed input throws `CimProtocolError`; a refusal is `{ ok: false }`. */
  async authenticate(authenticateToken: Buffer): Promise<NtlmServerResult> {
    const negotiate = this.#negotiate;
    const challenge = this.#challenge;
    const serverChallenge = this.#serverChallenge;
    // A challenge answers one AUTHENTICATE only: no replays on the same connection.
    this.#negotiate = this.#challenge = this.#serverChallenge = undefined;
    if (negotiate === undefined || challenge === undefined || serverChallenge === undefined) {
      throw new CimProtocolError('NTLM AUTHENTICATE without a preceding NEGOTIATE on this connection');
    }
    const message = decodeAuthenticate(authenticateToken);
    const who = message.domain === '' ? message.user : `${message.domain}\\${message.user}`;
    if (message.user === '' && message.ntChallengeResponse.length === 0) return { ok: false, reason: 'anonymous NTLM logon refused' };
    if (message.ntChallengeResponse.length <= 24) return { ok: false, reason: `NTLMv1 response from ${who} refused; NTLMv2 is required` };
    if (message.ntChallengeResponse.length < 16 + 28 + 4) throw new CimProtocolError('NTLMv2 response is too short');

    const password = await this.#options.lookup(message.user, message.domain);
    if (password === undefined) return { ok: false, reason: `unknown user ${who}` };

    const proof = message.ntChallengeResponse.subarray(0, 16);
    const blob = message.ntChallengeResponse.subarray(16);
    const responseKey = await ntowfv2(password, message.user, message.domain);
    if (!timingSafeEqual(ntProofStr(responseKey, serverChallenge, blob), proof)) return { ok: false, reason: `wrong password for ${who}` };

    const keyExchangeKey = sessionBaseKey(responseKey, proof);
    let exportedSessionKey: Buffer = keyExchangeKey;
    if (message.flags & NtlmFlags.NEGOTIATE_KEY_EXCH) {
      if (message.encryptedRandomSessionKey.length !== 16) throw new CimProtocolError('NTLM key exchange negotiated but the encrypted session key is not 16 bytes');
      exportedSessionKey = new Rc4(keyExchangeKey).update(message.encryptedRandomSessionKey);
    }

    const pairs = decodeAvPairs(blob.subarray(28));
    const avFlags = findAvPair(pairs, AvId.FLAGS);
    if (avFlags?.length === 4 && avFlags.readUInt32LE(0) & AvFlags.MIC_PRESENT) {
      if (message.mic === undefined) return { ok: false, reason: `MIC announced but missing in the AUTHENTICATE from ${who}` };
      const zeroed = Buffer.from(authenticateToken);
      zeroed.fill(0, MIC_OFFSET, MIC_OFFSET + 16);
      if (!timingSafeEqual(hmacMd5(exportedSessionKey, negotiate, challenge, zeroed), message.mic)) return { ok: false, reason: `MIC of the AUTHENTICATE from ${who} does not verify` };
    }

    const bindingsProblem = this.#checkChannelBindings(findAvPair(pairs, AvId.CHANNEL_BINDINGS));
    if (bindingsProblem !== undefined) return { ok: false, reason: `${bindingsProblem} (user ${who})` };

    const security = hasSessionSecurity(message.flags) ? new NtlmSessionSecurity(exportedSessionKey, 'server', message.flags) : undefined;
    return { ok: true, user: message.user, domain: message.domain, workstation: message.workstation, flags: message.flags, exportedSessionKey, security };
  }

  #checkChannelBindings(offered: Buffer | undefined): string | undefined {
    const expected = this.#options.channelBindings;
    const absent = offered === undefined || offered.every((byte) => byte === 0);
    if (expected === undefined) return undefined;
    if (absent) return this.#options.requireChannelBindings ? 'channel bindings required but not sent' : undefined;
    if (offered.length !== 16 || !timingSafeEqual(offered, channelBindingsHash(expected))) return 'channel bindings do not match this TLS connection';
    return undefined;
  }
}

/**
 * NTLM for the WS-Management server, as a `WsmanAuthenticator` (the server's
 * authentication seam): the Negotiate handshake per TCP connection, then
 * MS-WSMV message encryption, required on plain HTTP as Windows requires it
 * (AllowUnencrypted=false: an unsealed request gets 401). Over HTTPS no
 * sealing; the handshake's channel binding is checked against our certificate.
 * Also `combinedAuth`, which offers several schemes at once (`--auth basic
 * --auth ntlm`).
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { CimProtocolError } from '../errors.js';
import type { WsmanAuthOutcome, WsmanAuthenticator, WsmanConnection } from '../wsman/server/auth.js';
import { tlsServerEndPoint } from './channel-bindings.js';
import { NtlmServer, singleAccount } from './ntlm-server.js';
import type { NtlmSessionSecurity } from './session-security.js';
import { ENCRYPTED_CONTENT_TYPE, decryptMessage, encryptMessage, isEncryptedContentType } from './wsman-encryption.js';

const SOAP_CONTENT_TYPE = 'application/soap+xml;charset=UTF-8';
const STATE_KEY = 'ntlm';
/** Base64 of an NTLM token is a few hundred characters; anything far larger is refused before decoding. */
const MAX_TOKEN_CHARS = 16 * 1024;
const TOKEN = /^(Negotiate|NTLM)\s+([A-Za-z0-9+/]+={0,2})\s*$/i;

interface NtlmConnectionState {
  /** The handshake in progress (between NEGOTIATE and AUTHENTICATE). */
  server: NtlmServer | undefined;
  /** Set once authenticated. */
  user: string | undefined;
  /** Sealing for this connection: present on plain HTTP once authenticated. */
  security: NtlmSessionSecurity | undefined;
}

export interface NtlmAuthOptions {
  /** The account: `user`, `DOMAIN\user` or `user@domain`. */
  readonly username: string;
  readonly password: string;
  /** NetBIOS domain and computer names in the challenge (default `WORKGROUP`, `MOFC`). */
  readonly domainName?: string;
  readonly computerName?: string;
  /** On plain HTTP, answer 401 to unsealed requests on an NTLM connection (default true, as Windows). */
  readonly requireEncryption?: boolean;
  /** Over HTTPS, refuse a handshake without channel bindings (default false; wrong bindings are always refused). */
  readonly requireChannelBindings?: boolean;
  /** Called with the reason of each refusal (never containing a secret). */
  readonly onRefused?: (reason: string) => void;
}

function isTls(request: IncomingMessage): boolean {
  return (request.socket as Partial<TLSSocket>).encrypted === true;
}

/** A request with a body that is not MS-WSMV encrypted (an empty body only completes a handshake). */
function unsealedBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  const hasBody = length === undefined ? request.headers['transfer-encoding'] !== undefined : length !== '0';
  return hasBody && !isEncryptedContentType(request.headers['content-type']);
}

function stateOf(connection: WsmanConnection): NtlmConnectionState | undefined {
  return connection.state.get(STATE_KEY) as NtlmConnectionState | undefined;
}

/** NTLM over `Authorization: Negotiate` (and the older `NTLM` scheme name) with MS-WSMV message encryption. */
export function ntlmAuth(options: NtlmAuthOptions): WsmanAuthenticator {
  const lookup = singleAccount(options.username, options.password);
  const challenge = { 'WWW-Authenticate': 'Negotiate' };
  const refuse = (connection: WsmanConnection, reason: string): WsmanAuthOutcome => {
    connection.state.delete(STATE_KEY);
    options.onRefused?.(reason);
    return { ok: false, headers: challenge, reason };
  };

  return {
    scheme: 'Negotiate',

    async authenticate(request, connection) {
      const header = request.headers.authorization;
      const state = stateOf(connection);
      if (header === undefined) {
        if (state?.user === undefined) return { ok: false, headers: challenge, reason: 'no credentials' };
        // An authenticated connection sends later requests without a header; on plain HTTP they must be sealed.
        if (state.security !== undefined && unsealedBody(request) && (options.requireEncryption ?? true)) {
          return refuse(connection, `unencrypted request from ${state.user} on a connection that requires encryption`);
        }
        return { ok: true, user: state.user };
      }
      if (header.length > MAX_TOKEN_CHARS) return refuse(connection, 'Authorization header too long');
      const match = TOKEN.exec(header);
      if (match === null) return refuse(connection, `unsupported scheme ${header.split(/\s/)[0] ?? ''}`);
      const token = Buffer.from(match[2]!, 'base64');
      if (token.length < 12 || token.toString('latin1', 0, 8) !== 'NTLMSSP\0') {
        return refuse(connection, 'the Negotiate token is not a raw NTLMSSP message (SPNEGO and Kerberos are not supported)');
      }
      const tls = isTls(request);
      try {
        switch (token.readUInt32LE(8)) {
          case 1: {
            // Our own certificate on this connection: the binding the client hashed from what it received.
            const certificate = tls ? (request.socket as TLSSocket).getCertificate() : null;
            const raw = certificate !== null && 'raw' in certificate && Buffer.isBuffer(certificate.raw) ? certificate.raw : undefined;
            const server = new NtlmServer({
              lookup,
              ...(options.domainName === undefined ? {} : { domainName: options.domainName }),
              ...(options.computerName === undefined ? {} : { computerName: options.computerName }),
              ...(raw === undefined ? {} : { channelBindings: tlsServerEndPoint(raw) }),
              requireChannelBindings: options.requireChannelBindings ?? false,
            });
            const reply = server.challenge(token);
            connection.state.set(STATE_KEY, { server, user: undefined, security: undefined } satisfies NtlmConnectionState);
            return { ok: false, headers: { 'WWW-Authenticate': `Negotiate ${reply.toString('base64')}` }, reason: 'NTLM challenge sent' };
          }
          case 3: {
            const server = state?.server;
            if (server === undefined) return refuse(connection, 'NTLM AUTHENTICATE without a NEGOTIATE on this connection');
            const result = await server.authenticate(token);
            if (!result.ok) return refuse(connection, result.reason);
            const user = result.domain === '' ? result.user : `${result.domain}\\${result.user}`;
            if (!tls && (options.requireEncryption ?? true) && result.security === undefined) {
              return refuse(connection, `${user} did not negotiate 128-bit sealing, which this server requires on plain HTTP`);
            }
            const security = tls ? undefined : result.security;
            // The AUTHENTICATE may carry the first envelope (Windows clients seal it with the new keys); a clear one is refused.
            if (security !== undefined && unsealedBody(request) && (options.requireEncryption ?? true)) {
              return refuse(connection, `unencrypted request from ${user} on a connection that requires encryption`);
            }
            connection.state.set(STATE_KEY, { server: undefined, user, security } satisfies NtlmConnectionState);
            return { ok: true, user };
          }
          default:
            return refuse(connection, `unexpected NTLM message type ${token.readUInt32LE(8)}`);
        }
      } catch (error) {
        if (error instanceof CimProtocolError) return refuse(connection, error.message);
        throw error;
      }
    },

    unwrapRequest(body, contentType, connection) {
      if (!isEncryptedContentType(contentType)) return body;
      const security = stateOf(connection)?.security;
      if (security === undefined) throw new CimProtocolError('encrypted request on a connection without an NTLM security context');
      // A bad signature throws CimIntegrityError; the content is never used.
      return decryptMessage(security, body).body;
    },

    wrapResponse(envelope, connection) {
      const security = stateOf(connection)?.security;
      // An empty reply (to the handshake's empty request) has nothing to seal and must not spend a sequence number.
      if (security === undefined || envelope.length === 0) return { body: envelope, contentType: SOAP_CONTENT_TYPE };
      return { body: encryptMessage(security, envelope), contentType: ENCRYPTED_CONTENT_TYPE };
    },
  };
}

const SCHEME_KEY = 'auth.scheme';

/**
 * Several schemes on one server: the request's Authorization scheme picks the
 * authenticator (`NTLM` goes to Negotiate); an authenticated connection keeps
 * its scheme for header-less requests and for message wrapping; a refusal
 * offers every scheme, unless it carries a handshake token.
 */
export function combinedAuth(authenticators: readonly WsmanAuthenticator[]): WsmanAuthenticator {
  if (authenticators.length === 1) return authenticators[0]!;
  const byScheme = (name: string | undefined): WsmanAuthenticator | undefined => {
    const wanted = name?.toLowerCase() === 'ntlm' ? 'negotiate' : name?.toLowerCase();
    return authenticators.find((a) => a.scheme.toLowerCase() === wanted);
  };
  const allChallenges = authenticators.map((a) => (a.scheme.toLowerCase() === 'basic' ? 'Basic realm="WSMAN"' : a.scheme)).join(', ');
  const connectionScheme = (connection: WsmanConnection): WsmanAuthenticator | undefined => byScheme(connection.state.get(SCHEME_KEY) as string | undefined);

  return {
    scheme: authenticators.map((a) => a.scheme).join(', '),
    async authenticate(request, connection) {
      const header = request.headers.authorization;
      const target = header === undefined ? connectionScheme(connection) : byScheme(header.trim().split(/\s+/)[0]);
      if (target === undefined) return { ok: false, headers: { 'WWW-Authenticate': allChallenges }, reason: header === undefined ? 'no credentials' : 'unsupported scheme' };
      const outcome = await target.authenticate(request, connection);
      if (outcome.ok) {
        connection.state.set(SCHEME_KEY, target.scheme);
        return outcome;
      }
      connection.state.delete(SCHEME_KEY);
      const offered = outcome.headers['WWW-Authenticate'] ?? '';
      // A handshake continuation (`Negotiate <token>`) goes back as it is; a plain refusal lists every scheme.
      if (/^\S+\s+[A-Za-z0-9+/]+={0,2}$/.test(offered)) return outcome;
      return { ...outcome, headers: { ...outcome.headers, 'WWW-Authenticate': allChallenges } };
    },
    unwrapRequest(body, contentType, connection) {
      const target = connectionScheme(connection);
      return target?.unwrapRequest ? target.unwrapRequest(body, contentType, connection) : body;
    },
    wrapResponse(envelope, connection) {
      const target = connectionScheme(connection);
      return target?.wrapResponse ? target.wrapResponse(envelope, connection) : { body: envelope, contentType: SOAP_CONTENT_TYPE };
    },
  };
}

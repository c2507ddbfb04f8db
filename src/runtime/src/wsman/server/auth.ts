/**
 * The server's authentication seam. WinRM authenticates at the HTTP layer
 * (Basic, Negotiate/NTLM, Kerberos), and the connection-oriented schemes
 * also protect the message itself (NTLM "sealing": the SOAP body travels as
 * `multipart/encrypted`). So a scheme plugs in at two points:
 *
 * 1. `authenticate(request, connection)`: before the body is read; either
 *    the request is let through (with the user it names) or the server
 *    answers 401 with the scheme's challenge headers (a multi-leg handshake
 *    answers 401 with its next token and keeps state on `connection`, which
 *    lives as long as the TCP connection).
 * 2. `unwrapRequest` / `wrapResponse` (optional): turn the received body into
 *    the SOAP envelope, and the reply envelope into what goes on the wire
 *    (body and content type). Schemes without message protection leave them out.
 *
 * Basic (below) is the first implementation; NTLM arrives as another.
 */
import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';

/** Per-TCP-connection state a scheme may keep (NTLM's handshake and session keys). */
export interface WsmanConnection {
  readonly id: number;
  readonly state: Map<string, unknown>;
}

export type WsmanAuthOutcome =
  | { readonly ok: true; readonly user: string }
  /** Answer 401 with these headers (e.g. `WWW-Authenticate`). `reason` is logged, never sent. */
  | { readonly ok: false; readonly headers: Readonly<Record<string, string>>; readonly reason: string };

export interface WsmanAuthenticator {
  /** The scheme's name, for logs: `Basic`, `Negotiate`… */
  readonly scheme: string;
  authenticate(request: IncomingMessage, connection: WsmanConnection): WsmanAuthOutcome | Promise<WsmanAuthOutcome>;
  /** Received body → SOAP envelope bytes (message-level protection). */
  unwrapRequest?(body: Buffer, contentType: string | undefined, connection: WsmanConnection): Buffer | Promise<Buffer>;
  /** SOAP envelope bytes → what is sent, with its content type. */
  wrapResponse?(envelope: Buffer, connection: WsmanConnection): { body: Buffer; contentType: string } | Promise<{ body: Buffer; contentType: string }>;
}

export interface BasicCredentials {
  readonly username: string;
  readonly password: string;
  /** Realm in the challenge (default `WSMAN`, as WinRM sends). */
  readonly realm?: string;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  // Compare in constant time for equal lengths; a length mismatch is already a failure.
  return x.length === y.length && timingSafeEqual(x, y);
}

/** HTTP Basic (RFC 7617) against one user. The user name compares case-insensitively, as Windows account names do. */
export function basicAuth(credentials: BasicCredentials): WsmanAuthenticator {
  const challenge = { 'WWW-Authenticate': `Basic realm="${credentials.realm ?? 'WSMAN'}"` };
  return {
    scheme: 'Basic',
    authenticate(request) {
      const header = request.headers.authorization;
      if (!header) return { ok: false, headers: challenge, reason: 'no credentials' };
      const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
      if (!m) return { ok: false, headers: challenge, reason: `unsupported scheme ${header.split(/\s/)[0] ?? ''}` };
      const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon === -1) return { ok: false, headers: challenge, reason: 'malformed Basic credentials' };
      const user = decoded.slice(0, colon);
      const password = decoded.slice(colon + 1);
      const userOk = sameText(user.toLowerCase(), credentials.username.toLowerCase());
      const passwordOk = sameText(password, credentials.password);
      if (!userOk || !passwordOk) return { ok: false, headers: challenge, reason: `bad credentials for ${JSON.stringify(user)}` };
      return { ok: true, user };
    },
  };
}

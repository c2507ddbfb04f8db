/**
 * The NTLM implementation of the WS-Management client channel: NTLM
 * authenticates the TCP connection, so the channel owns exactly one kept-alive
 * connection (an undici `Client`, pipelining 1) and runs NEGOTIATE → CHALLENGE
 * → AUTHENTICATE over `Authorization: Negotiate` on it before the first
 * envelope, with empty bodies as pywinrm does. Over plain HTTP every envelope
 * is then sealed into the MS-WSMV `multipart/encrypted` body and every reply
 * unsealed and verified; over HTTPS the channel is TLS and the handshake carries
 * the `tls-server-end-point` channel binding instead.
 *
 * Envelopes go one at a time (the sealing sequence numbers must reach the
 * server in order). Any failure after a message was sealed (timeout, abort,
 * reset) drops the security context and the connection; the next post starts a
 * new handshake. A server that closed the idle connection answers the next
 * sealed message with 401 on a new connection: that is re-authenticated once,
 * transparently.
 */
import type { TLSSocket } from 'node:tls';
import { Client, buildConnector } from 'undici';
import { CimAuthenticationError, CimProtocolError, CimTransportError } from '../errors.js';
import { SOAP_CONTENT_TYPE, type ChannelPostOptions, type ChannelReply, type WsmanChannel } from '../wsman/client/channel.js';
import { HttpTransport, type HttpOptions, type HttpResponse } from '../wsman/client/http.js';
import { tlsServerEndPoint } from './channel-bindings.js';
import { NtlmClient } from './ntlm-client.js';
import type { NtlmSessionSecurity } from './session-security.js';
import { ENCRYPTED_CONTENT_TYPE, decryptMessage, encryptMessage, isEncryptedContentType } from './wsman-encryption.js';

export interface NtlmChannelOptions extends HttpOptions {
  readonly url: URL;
  /** `DOMAIN\user`, `user@domain` or `user`. */
  readonly username: string;
  readonly password: string;
  /** Seal messages (MS-WSMV encryption). Default: on over http, off over https (TLS protects them). */
  readonly encrypt?: boolean;
}

interface SecurityContext {
  /** The connection generation the handshake authenticated. */
  readonly generation: number;
  readonly security: NtlmSessionSecurity | undefined;
}

/** Limits for handshake replies (a challenge token is a few hundred bytes). */
const HANDSHAKE_REPLY_BYTES = 64 * 1024;
const TOKEN = /(?:^|,)\s*(Negotiate|NTLM)\s+([A-Za-z0-9+/]+={0,2})\s*(?=,|$)/i;

function headerValues(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The scheme names in WWW-Authenticate headers (`Negotiate`, `Basic`…), in order, once each. */
export function offeredSchemes(value: string | string[] | undefined): string[] {
  const schemes: string[] = [];
  for (const header of headerValues(value)) {
    // A challenge starts the header or follows a comma, and is a token not followed by '=' (which would make it an auth-param).
    for (const match of header.replace(/"(?:[^"\\]|\\.)*"/g, '""').matchAll(/(?:^|,)\s*([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)(?=\s*(?:,|$)|\s+[^=\s,])/g)) {
      const scheme = match[1]!;
      if (!schemes.some((known) => known.toLowerCase() === scheme.toLowerCase())) schemes.push(scheme);
    }
  }
  return schemes;
}

export class NtlmChannel implements WsmanChannel {
  readonly host: string;
  readonly #url: URL;
  readonly #username: string;
  readonly #password: string;
  readonly #encrypt: boolean;
  readonly #tls: boolean;
  readonly #retries: number;
  readonly #http: HttpTransport;
  #generation = 0;
  #peerCertificate: Buffer | undefined;
  #context: SecurityContext | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(options: NtlmChannelOptions) {
    this.#url = options.url;
    this.host = options.url.host;
    this.#username = options.username;
    this.#password = options.password;
    this.#tls = options.url.protocol === 'https:';
    this.#encrypt = options.encrypt ?? !this.#tls;
    this.#retries = options.retries ?? 2;
    const tls = options.tls ?? {};
    const connect = buildConnector({
      rejectUnauthorized: tls.rejectUnauthorized ?? true,
      ...(tls.ca === undefined ? {} : { ca: tls.ca as string | Buffer | (string | Buffer)[] }),
    });
    const client = new Client(options.url.origin, {
      pipelining: 1,
      keepAliveTimeout: 30_000,
      // Count connections and keep the server certificate: a new connection is unauthenticated, and TLS bindings hash the certificate.
      connect: (connectOptions, callback) => {
        connect(connectOptions, (error, socket) => {
          if (socket) {
            this.#generation++;
            if (this.#tls) this.#peerCertificate = (socket as TLSSocket).getPeerCertificate(false)?.raw;
          }
          callback(error as Error, socket as never);
        });
      },
    });
    // The channel decides about retries itself: a resent sealed message would be out of sequence.
    this.#http = new HttpTransport({ ...options, retries: 0 }, client);
  }

  post(xml: string, options: ChannelPostOptions): Promise<ChannelReply> {
    const run = this.#queue.then(() => this.#post(xml, options));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #post(xml: string, options: ChannelPostOptions): Promise<ChannelReply> {
    if (this.#closed) throw new CimTransportError(`session to ${this.host} is closed`, this.host);
    const plain = Buffer.from(xml, 'utf8');
    for (let attempt = 0; ; attempt++) {
      const context = this.#context ?? (this.#context = await this.#handshake(options));
      const security = context.security;
      let response: HttpResponse;
      try {
        response = await this.#http.post({
          url: this.#url,
          headers: { 'content-type': security ? ENCRYPTED_CONTENT_TYPE : SOAP_CONTENT_TYPE },
          body: security ? encryptMessage(security, plain) : plain,
          timeoutMs: options.timeoutMs,
          signal: options.signal,
          idempotent: false,
          maxResponseBytes: options.maxResponseBytes,
        });
      } catch (error) {
        // Whether the server saw the message is unknown: its sequence number may be spent.
        this.#context = undefined;
        const reset = error instanceof CimTransportError && error.retryable;
        if (reset && options.idempotent && attempt < this.#retries && !options.signal?.aborted) continue;
        throw error;
      }
      if (response.status === 401) {
        this.#context = undefined;
        // The server closed the idle connection and the message went out on a new, unauthenticated one: authenticate it and resend.
        if (attempt === 0 && this.#generation !== context.generation) continue;
        throw this.#refused('request');
      }
      return this.#reply(response, security);
    }
  }

  #reply(response: HttpResponse, security: NtlmSessionSecurity | undefined): ChannelReply {
    const contentType = headerValues(response.headers['content-type'])[0];
    if (security === undefined) return { status: response.status, contentType, body: response.body };
    if (isEncryptedContentType(contentType)) {
      try {
        const { body, contentType: original } = decryptMessage(security, response.body);
        return { status: response.status, contentType: original, body };
      } catch (error) {
        this.#context = undefined;
        throw error;
      }
    }
    // An encrypted session accepts no clear-text envelope: anyone on the path could have written it.
    if (response.body.length > 0) {
      this.#context = undefined;
      throw new CimProtocolError(`${this.host} answered an encrypted request with an unencrypted body (HTTP ${response.status}, ${contentType ?? 'no content type'}); it was discarded`);
    }
    return { status: response.status, contentType, body: response.body };
  }

  async #handshake(options: ChannelPostOptions): Promise<SecurityContext> {
    for (let attempt = 0; ; attempt++) {
      const ntlm = new NtlmClient({
        username: this.#username,
        password: this.#password,
        targetName: `HTTP/${this.#url.hostname}`,
        requireSessionSecurity: this.#encrypt,
      });
      const negotiate = ntlm.negotiate();
      const first = await this.#leg(`Negotiate ${negotiate.toString('base64')}`, options);
      const generation = this.#generation;
      const token = first.status === 401 ? this.#challengeToken(first) : undefined;
      if (token === undefined) {
        const schemes = offeredSchemes(first.headers['www-authenticate']);
        if (first.status !== 401) throw new CimProtocolError(`${this.host} answered the NTLM NEGOTIATE with HTTP ${first.status} instead of a challenge`);
        if (schemes.some((scheme) => /^(negotiate|ntlm)$/i.test(scheme))) {
          throw new CimAuthenticationError(
            `${this.host} offers ${schemes.join(', ')} but refused the NTLM NEGOTIATE without a challenge (NTLM may be disabled there, leaving Kerberos)`,
            this.host,
            this.#username,
          );
        }
        throw new CimAuthenticationError(
          `${this.host} does not offer NTLM (Negotiate) authentication; it offers ${schemes.length ? schemes.join(', ') : 'no scheme'}`,
          this.host,
          this.#username,
        );
      }
      // Over TLS the first leg opened the connection, so its certificate is known for the channel binding.
      const certificate = this.#tls ? this.#peerCertificate : undefined;
      const bound = await ntlm.authenticate(token, certificate ? { channelBindings: tlsServerEndPoint(certificate) } : {});
      const third = await this.#leg(`Negotiate ${bound.message.toString('base64')}`, options);
      if (third.status === 401) {
        // A new connection between the legs loses the challenge: start over once; otherwise the credentials were refused.
        if (this.#generation !== generation && attempt === 0) continue;
        throw this.#refused('credentials');
      }
      return { generation: this.#generation, security: this.#encrypt ? bound.security : undefined };
    }
  }

  async #leg(authorization: string, options: ChannelPostOptions): Promise<HttpResponse> {
    return this.#http.post({
      url: this.#url,
      headers: { authorization },
      body: '',
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      idempotent: false,
      maxResponseBytes: HANDSHAKE_REPLY_BYTES,
    });
  }

  #challengeToken(response: HttpResponse): Buffer | undefined {
    for (const header of headerValues(response.headers['www-authenticate'])) {
      const match = TOKEN.exec(header);
      if (match) return Buffer.from(match[2]!, 'base64');
    }
    return undefined;
  }

  #refused(what: 'credentials' | 'request'): CimAuthenticationError {
    const text =
      what === 'credentials'
        ? `${this.host} refused the NTLM credentials of user ${JSON.stringify(this.#username)} (HTTP 401)`
        : `${this.host} refused a request of user ${JSON.stringify(this.#username)} on its NTLM-authenticated connection (HTTP 401)`;
    return new CimAuthenticationError(text, this.host, this.#username);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#context = undefined;
    await this.#http.close();
  }
}

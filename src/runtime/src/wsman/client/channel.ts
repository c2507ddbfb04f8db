/**
 * The channel: how one SOAP envelope reaches the service and its answer comes
 * back, authentication included. The session builds envelopes and reads
 * replies; the channel owns connections and credentials.
 *
 * The seam for other authentication schemes: an implementation of
 * `WsmanChannel`. Basic (below) adds a header per request over a shared
 * pool. NTLM with MS-WSMV message encryption is a second implementation that
 * keeps its own connection (the handshake authenticates the connection, not
 * the request: an undici `Client` with one socket, pipelining 1), runs the
 * NEGOTIATE/CHALLENGE/AUTHENTICATE exchange on first use, and seals `xml`
 * into the `multipart/encrypted` body on the way out and unseals the reply
 * before returning it. The session neither knows nor cares which it has.
 */
import { CimAuthenticationError, CimTransportError } from '../../errors.js';
import { HttpTransport, type HttpOptions } from './http.js';

export const SOAP_CONTENT_TYPE = 'application/soap+xml;charset=UTF-8';

export interface ChannelPostOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  /** Get/Enumerate/Pull: may be retried after a connection reset. */
  readonly idempotent: boolean;
  readonly maxResponseBytes: number;
}

/** A reply as the channel received it (unsealed, when the channel encrypts). */
export interface ChannelReply {
  readonly status: number;
  /** The media type of `body`, e.g. `application/soap+xml;charset=UTF-8`; `undefined` when the server sent none. */
  readonly contentType: string | undefined;
  readonly body: Uint8Array;
}

export interface WsmanChannel {
  /** The `host[:port]` named in errors. */
  readonly host: string;
  /** Sends one envelope. HTTP 401 becomes `CimAuthenticationError`; other statuses come back for the session to read (WinRM sends faults with 400 and 500). */
  post(xml: string, options: ChannelPostOptions): Promise<ChannelReply>;
  /** Releases connections; later posts fail. */
  close(): Promise<void>;
}

export interface BasicChannelOptions extends HttpOptions {
  readonly url: URL;
  readonly username: string;
  readonly password: string;
}

/** HTTP Basic (RFC 7617): `Authorization: Basic base64(user:password)` on every request, over a keep-alive pool. */
export class BasicChannel implements WsmanChannel {
  readonly host: string;
  readonly #url: URL;
  readonly #username: string;
  readonly #authorization: string;
  readonly #http: HttpTransport;

  constructor(options: BasicChannelOptions) {
    if (options.username.includes(':')) throw new CimAuthenticationError(`Basic authentication cannot carry a user name containing ':' (${options.username})`, options.url.host, options.username);
    this.#url = options.url;
    this.host = options.url.host;
    this.#username = options.username;
    this.#authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`, 'utf8').toString('base64')}`;
    this.#http = new HttpTransport(options);
  }

  async post(xml: string, options: ChannelPostOptions): Promise<ChannelReply> {
    const res = await this.#http.post({
      url: this.#url,
      headers: { 'content-type': SOAP_CONTENT_TYPE, authorization: this.#authorization },
      body: xml,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      idempotent: options.idempotent,
      maxResponseBytes: options.maxResponseBytes,
    });
    if (res.status === 401) {
      throw new CimAuthenticationError(`${this.host} refused the credentials of user ${JSON.stringify(this.#username)} (HTTP 401, Basic)`, this.host, this.#username);
    }
    const ct = res.headers['content-type'];
    return { status: res.status, contentType: Array.isArray(ct) ? ct[0] : ct, body: res.body };
  }

  close(): Promise<void> {
    return this.#http.close();
  }
}

/** An HTTP status with no SOAP body the session can read. */
export function unexpectedStatus(host: string, reply: ChannelReply): CimTransportError {
  return new CimTransportError(`${host} answered HTTP ${reply.status} without a SOAP envelope`, host, { httpStatus: reply.status });
}

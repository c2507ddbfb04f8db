/**
 * HTTP for the WS-Management client, on undici: one keep-alive pool per
 * origin with a bounded number of connections (further requests queue),
 * a deadline and an `AbortSignal` per request, a cap on response size,
 * retries only for idempotent operations whose connection was reset before
 * an answer, and errors that name the host and the cause.
 */
import { Agent, type Dispatcher } from 'undici';
import { CimProtocolError, CimTimeoutError, CimTransportError } from '../../errors.js';

export interface TlsOptions {
  /** Extra trusted CA certificate(s), PEM. */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /** Verify the server certificate (default true). */
  readonly rejectUnauthorized?: boolean;
}

export interface HttpOptions {
  /** Connections per origin (default 4); requests beyond queue. */
  readonly maxConnections?: number;
  readonly tls?: TlsOptions;
  /** How often a reset connection is retried for idempotent requests (default 2). */
  readonly retries?: number;
}

export interface HttpRequest {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Uint8Array;
  /** Deadline for the whole exchange, response body included. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  /** Get/Enumerate/Pull: may be sent again when the connection was reset before any answer. */
  readonly idempotent: boolean;
  /** Largest response body accepted. */
  readonly maxResponseBytes: number;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

// Errors where the request never reached the server's application or the connection died before an answer.
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/;

function errorCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_ABORTED') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

function causeText(e: unknown): string {
  const parts: string[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur instanceof Error; i++) {
    const code = (cur as { code?: unknown }).code;
    const text = `${typeof code === 'string' ? `${code}: ` : ''}${cur.message}`;
    if (!parts.includes(text)) parts.push(text);
    cur = cur.cause;
  }
  return parts.join(' <- ') || String(e);
}

/** A pool of keep-alive connections; `post` one SOAP request at a time per call. */
export class HttpTransport {
  readonly #dispatcher: Dispatcher;
  readonly #retries: number;
  #closed = false;

  constructor(options: HttpOptions = {}, dispatcher?: Dispatcher) {
    const tls = options.tls ?? {};
    this.#dispatcher =
      dispatcher ??
      new Agent({
        connections: options.maxConnections ?? 4,
        keepAliveTimeout: 30_000,
        connect: {
          rejectUnauthorized: tls.rejectUnauthorized ?? true,
          ...(tls.ca === undefined ? {} : { ca: tls.ca as string | Buffer | (string | Buffer)[] }),
        },
      });
    this.#retries = options.retries ?? 2;
  }

  async post(req: HttpRequest): Promise<HttpResponse> {
    if (this.#closed) throw new CimTransportError(`session to ${req.url.host} is closed`, req.url.host);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#once(req);
      } catch (e) {
        const retry = req.idempotent && attempt < this.#retries && e instanceof CimTransportError && e.retryable && !req.signal?.aborted;
        if (!retry) throw e;
      }
    }
  }

  async #once(req: HttpRequest): Promise<HttpResponse> {
    const host = req.url.host;
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new CimTimeoutError(`WS-Management request to ${host} timed out after ${req.timeoutMs} ms`, req.timeoutMs)), req.timeoutMs);
    const onAbort = () => deadline.abort(req.signal!.reason);
    if (req.signal) {
      if (req.signal.aborted) {
        clearTimeout(timer);
        throw req.signal.reason;
      }
      req.signal.addEventListener('abort', onAbort, { once: true });
    }
    let answered = false;
    try {
      const res = await this.#dispatcher.request({
        origin: req.url.origin,
        path: `${req.url.pathname}${req.url.search}`,
        method: 'POST',
        headers: { ...req.headers },
        body: req.body,
        signal: deadline.signal,
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
      });
      answered = true;
      // Destroying the body below (over-limit) must not surface as an unhandled stream error.
      res.body.on('error', () => {});
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > req.maxResponseBytes) {
        res.body.destroy();
        throw new CimProtocolError(`response from ${host} of ${declared} bytes exceeds the limit of ${req.maxResponseBytes}`);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        const b = chunk as Buffer;
        size += b.length;
        if (size > req.maxResponseBytes) {
          res.body.destroy();
          throw new CimProtocolError(`response from ${host} exceeds the limit of ${req.maxResponseBytes} bytes`);
        }
        chunks.push(b);
      }
      return { status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks, size) };
    } catch (e) {
      if (deadline.signal.aborted) {
        const reason: unknown = deadline.signal.reason;
        // The caller's own abort reason is passed through unchanged, as `CallOptions.signal` promises.
        throw reason;
      }
      if (e instanceof CimProtocolError || e instanceof CimTransportError) throw e;
      const code = errorCode(e);
      if (code !== undefined && TLS_CODE.test(code)) {
        throw new CimTransportError(`TLS error talking to ${host}: ${causeText(e)}`, host, { cause: e });
      }
      throw new CimTransportError(`cannot talk to ${host}: ${causeText(e)}`, host, {
        cause: e,
        retryable: !answered && code !== undefined && RESET_CODES.has(code),
      });
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#dispatcher.close();
  }
}

/**
 * The HTTP edge of the WS-Management server: one POST path, authentication
 * through the `WsmanAuthenticator` seam, a hard cap on the request body
 * (counted as it arrives, never buffered past the cap), then the SOAP
 * envelope goes to the protocol handler and its reply goes back. Faults are
 * HTTP 500, as WinRM sends them. Everything here is I/O; the protocol lives
 * in `handler.ts`.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { WsmanAuthenticator, WsmanConnection } from './auth.js';

export const SOAP_CONTENT_TYPE = 'application/soap+xml;charset=UTF-8';

export interface HttpReply {
  readonly status: number;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The protocol side: envelope text in, reply out. `signal` aborts when the client goes away. */
export type EnvelopeHandler = (envelope: string, context: { readonly user: string | undefined; readonly signal: AbortSignal }) => Promise<HttpReply>;

/** Replies for failures found before the envelope is read (size, content type); built by the protocol side so they are proper SOAP faults. */
export interface EdgeFaults {
  bodyTooLarge(limit: number): HttpReply;
  unsupportedContentType(contentType: string | undefined): HttpReply;
  internalError(error: unknown): HttpReply;
}

export interface HttpEdgeOptions {
  readonly host: string;
  readonly port: number;
  /** URL path served (default `/wsman`). */
  readonly path: string;
  readonly maxBodyBytes: number;
  readonly auth: WsmanAuthenticator | undefined;
  readonly tls: { readonly cert: string | Buffer; readonly key: string | Buffer } | undefined;
  /** Upper bound for receiving a whole request (slow-loris guard). */
  readonly requestTimeoutMs: number;
  readonly onError?: (error: unknown) => void;
}

export interface HttpEdge {
  readonly url: string;
  close(): Promise<void>;
}

/** Reads the body up to `limit` bytes; `undefined` when it is larger (the rest is discarded as it arrives, not kept). */
function readBody(request: http.IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      request.resume();
      resolve(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    request.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks, size));
    });
    request.on('error', reject);
  });
}

export async function startHttpEdge(options: HttpEdgeOptions, handle: EnvelopeHandler, faults: EdgeFaults): Promise<HttpEdge> {
  const connections = new WeakMap<Socket, WsmanConnection>();
  const sockets = new Set<Socket>();
  let nextId = 1;
  const connectionOf = (socket: Socket): WsmanConnection => {
    let c = connections.get(socket);
    if (!c) {
      c = { id: nextId++, state: new Map() };
      connections.set(socket, c);
    }
    return c;
  };

  const send = (response: http.ServerResponse, reply: HttpReply, close = false): void => {
    if (response.headersSent || response.destroyed) return;
    const body = Buffer.from(reply.body, 'utf8');
    response.writeHead(reply.status, {
      'Content-Type': SOAP_CONTENT_TYPE,
      'Content-Length': String(body.length),
      ...(close ? { Connection: 'close' } : {}),
      ...reply.headers,
    });
    response.end(body);
  };

  const serve = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname.toLowerCase() !== options.path.toLowerCase()) {
      request.resume();
      response.writeHead(404, { 'Content-Length': '0' }).end();
      return;
    }
    if (request.method !== 'POST') {
      request.resume();
      response.writeHead(405, { Allow: 'POST', 'Content-Length': '0' }).end();
      return;
    }
    const connection = connectionOf(request.socket);
    let user: string | undefined;
    if (options.auth) {
      const outcome = await options.auth.authenticate(request, connection);
      if (!outcome.ok) {
        request.resume();
        response.writeHead(401, { ...outcome.headers, 'Content-Length': '0' }).end();
        return;
      }
      user = outcome.user;
    }
    const contentType = request.headers['content-type'];
    // Message-protected bodies (NTLM sealing) arrive as multipart; the authenticator unwraps them.
    const wrapped = options.auth?.unwrapRequest !== undefined;
    if (!wrapped && !/^application\/soap\+xml\s*(;|$)/i.test(contentType ?? '')) {
      request.resume();
      send(response, faults.unsupportedContentType(contentType));
      return;
    }
    const body = await readBody(request, options.maxBodyBytes);
    if (body === undefined) {
      // The rest of the body is read and dropped as it comes (bounded by requestTimeoutMs), so the client sees the fault.
      send(response, faults.bodyTooLarge(options.maxBodyBytes));
      return;
    }
    if (body.length === 0 && /^(Negotiate|NTLM)\s/i.test(request.headers.authorization ?? '')) {
      // An empty POST that completes an authentication handshake (pywinrm's way to set up NTLM sealing) gets 200 and no body.
      response.writeHead(200, { 'Content-Length': '0' }).end();
      return;
    }
    const envelope = options.auth?.unwrapRequest ? await options.auth.unwrapRequest(body, contentType, connection) : body;
    const abort = new AbortController();
    const onClose = (): void => {
      if (!response.writableFinished) abort.abort(new Error('client closed the connection'));
    };
    response.on('close', onClose);
    let reply: HttpReply;
    try {
      reply = await handle(envelope.toString('utf8'), { user, signal: abort.signal });
    } finally {
      response.off('close', onClose);
    }
    if (options.auth?.wrapResponse) {
      const out = await options.auth.wrapResponse(Buffer.from(reply.body, 'utf8'), connection);
      if (response.headersSent || response.destroyed) return;
      response.writeHead(reply.status, { 'Content-Type': out.contentType, 'Content-Length': String(out.body.length), ...reply.headers });
      response.end(out.body);
      return;
    }
    send(response, reply);
  };

  const listener = (request: http.IncomingMessage, response: http.ServerResponse): void => {
    serve(request, response).catch((error: unknown) => {
      options.onError?.(error);
      send(response, faults.internalError(error), true);
    });
  };
  const server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, listener) : http.createServer(listener);
  server.requestTimeout = options.requestTimeoutMs;
  server.headersTimeout = Math.min(60_000, options.requestTimeoutMs);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // A client that sends garbage instead of HTTP gets a 400 and the connection closed (Node's default), never a crash.
  server.on('clientError', (_error, socket: Socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostText = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${options.tls ? 'https' : 'http'}://${hostText}:${address.port}${options.path}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive connections would hold `close` open; requests in flight get a moment to finish.
        server.closeIdleConnections();
        const timer = setTimeout(() => {
          for (const socket of sockets) socket.destroy();
        }, 1000);
        timer.unref();
      }),
  };
}

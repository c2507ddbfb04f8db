/**
 * `createWsmanServer`: any `CimSession` served over WS-Management on
 * node:http (or https), the way Windows' WinRM answers — for tests, the
 * reference simulator and `mofc serve`. Composition only: the HTTP edge
 * (`http.ts`), the protocol handler (`handler.ts`), the enumeration contexts
 * (`enumerations.ts`) and the authenticator (`auth.ts`).
 */
import { hostname } from 'node:os';
import type { CimSession } from '../../session.js';
import { ClassRegistry } from '../../registry.js';
import { CimValueError } from '../../errors.js';
import { buildResponse, newMessageId } from '../envelope.js';
import { faultAction, faultXml } from '../fault.js';
import type { WsmanAuthenticator } from './auth.js';
import { EnumerationStore } from './enumerations.js';
import { createHandler } from './handler.js';
import { startHttpEdge, type HttpReply } from './http.js';
import { ServerFault, faultFromError, faults } from './faults.js';

export interface WsmanServerOptions {
  /** What is served. */
  readonly session: CimSession;
  /** Class descriptors of the served classes (default: the session's own `registry`, as `InMemorySession` has). */
  readonly registry?: ClassRegistry;
  /** Authentication; none when absent (every request is served). */
  readonly auth?: WsmanAuthenticator;
  /** Default `127.0.0.1`: loopback only unless asked. */
  readonly host?: string;
  /** Default 0: a free port (see `url`). */
  readonly port?: number;
  /** Serve HTTPS with this certificate and key (PEM). */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  /** URL path (default `/wsman`). */
  readonly path?: string;
  /** Namespaces served (default: those of the registry's classes). */
  readonly namespaces?: readonly string[];
  /** Namespace for DMTF-form requests without `__cimnamespace` (default: the first served). */
  readonly defaultNamespace?: string;
  /** Largest request body in bytes (default 512,000: WinRM's MaxEnvelopeSizekb of 500). Larger ones get an EncodingLimit fault and are not buffered. */
  readonly maxRequestBytes?: number;
  /** Largest reply when the request gives no `w:MaxEnvelopeSize`, and the cap on what it may ask (default 512,000). */
  readonly maxEnvelopeSize?: number;
  /** Cap on MaxElements per page (default 1000). */
  readonly maxElements?: number;
  /** Enumeration contexts: idle expiry (default 5 min) and how many may be open (default 256). */
  readonly enumerationExpiryMs?: number;
  readonly maxOpenEnumerations?: number;
  /** Deepest XML nesting accepted in a request (default 64). */
  readonly maxXmlDepth?: number;
  /** Time allowed to receive one whole request (default 120 s). */
  readonly requestTimeoutMs?: number;
  /** `Machine` in faults (default: this host's name). */
  readonly machine?: string;
  /** Called for each operation (tests, logs). `context` is set for Release. */
  readonly onOperation?: (event: { readonly action: string; readonly resourceUri: string | undefined; readonly context?: string }) => void;
  /** Called with errors the server absorbed (a failing authenticator, a socket error). */
  readonly onError?: (error: unknown) => void;
}

export interface WsmanServer {
  /** `http://127.0.0.1:PORT/wsman`. */
  readonly url: string;
  /** Open enumeration contexts, and how many were released by clients or expired. */
  readonly enumerations: { readonly open: number; readonly released: number; readonly expired: number };
  /** Stops listening, ends open enumerations, closes connections. */
  close(): Promise<void>;
}

function sessionRegistry(session: CimSession): ClassRegistry | undefined {
  const r = (session as { registry?: unknown }).registry;
  return r instanceof ClassRegistry ? r : undefined;
}

function faultReply(fault: ServerFault, machine: string): HttpReply {
  const info = faultFromError(fault, machine);
  return { status: 500, body: buildResponse({ action: faultAction(info), messageId: newMessageId() }, faultXml(info)) };
}

export async function createWsmanServer(options: WsmanServerOptions): Promise<WsmanServer> {
  const registry = options.registry ?? sessionRegistry(options.session);
  if (!registry) throw new CimValueError('createWsmanServer needs a registry (class descriptors) unless the session has one');
  const namespaces = (options.namespaces ?? [...new Set(registry.all().map((d) => d.namespace))]).map((n) => n.replace(/\\/g, '/').replace(/^\/+|\/+$/g, ''));
  if (namespaces.length === 0) throw new CimValueError('createWsmanServer: no namespaces to serve (the registry is empty)');
  const machine = options.machine ?? hostname();
  const maxEnvelopeSize = options.maxEnvelopeSize ?? 512_000;
  const maxRequestBytes = options.maxRequestBytes ?? 512_000;
  const enumerations = new EnumerationStore({
    ...(options.enumerationExpiryMs !== undefined ? { expiryMs: options.enumerationExpiryMs } : {}),
    ...(options.maxOpenEnumerations !== undefined ? { maxOpen: options.maxOpenEnumerations } : {}),
  });
  const handle = createHandler({
    session: options.session,
    registry,
    enumerations,
    defaultNamespace: options.defaultNamespace ?? namespaces[0]!,
    namespaces: new Set(namespaces.map((n) => n.toLowerCase())),
    machine,
    maxEnvelopeSize,
    maxElements: options.maxElements ?? 1000,
    maxDepth: options.maxXmlDepth ?? 64,
    ...(options.onOperation ? { onOperation: options.onOperation } : {}),
  });
  const edge = await startHttpEdge(
    {
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 0,
      path: options.path ?? '/wsman',
      maxBodyBytes: maxRequestBytes,
      auth: options.auth,
      tls: options.tls,
      requestTimeoutMs: options.requestTimeoutMs ?? 120_000,
      ...(options.onError ? { onError: options.onError } : {}),
    },
    (envelope, context) => handle(envelope, context),
    {
      bodyTooLarge: (limit) => faultReply(faults.requestTooLarge(limit), machine),
      unsupportedContentType: (type) => ({ ...faultReply(faults.malformed(`content type ${JSON.stringify(type ?? '')} is not application/soap+xml`), machine), status: 415 }),
      internalError: (error) => faultReply(new ServerFault(faultFromError(error, machine)), machine),
    },
  );
  return {
    url: edge.url,
    get enumerations() {
      return { open: enumerations.size, released: enumerations.released, expired: enumerations.expired };
    },
    async close() {
      enumerations.clear();
      await edge.close();
    },
  };
}

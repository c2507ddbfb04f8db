/**
 * A tiny WS-Management stand-in for client tests: a node:http server on
 * loopback that records each request and answers with the next scripted
 * reply (a fixture, a status, a hang, or a dropped connection).
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

export const FIXTURES = path.resolve(import.meta.dirname, '../../../fixtures/wsman');

export function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

/** A request fixture as the client must send it: formatting between elements removed. */
export function requestFixture(name: string): string {
  return fixture(name).trim().replace(/>\s+</g, '><');
}

export interface Recorded {
  readonly body: string;
  readonly headers: http.IncomingHttpHeaders;
}

export type Reply =
  | { readonly status?: number; readonly body: string; readonly contentType?: string; readonly delayMs?: number }
  | { readonly hang: true }
  | { readonly reset: true };

export interface Stub {
  readonly url: string;
  readonly requests: Recorded[];
  /** The most requests the server was answering at once. */
  readonly maxInFlight: number;
  /** Resolves when the n-th request (1-based) has arrived. */
  waitFor(n: number): Promise<void>;
  close(): Promise<void>;
}

/** Replaces what differs per run: MessageIDs and the `a:To` address. */
export function normalize(xml: string): string {
  return xml
    .replace(/<a:MessageID>uuid:[0-9A-F-]{36}<\/a:MessageID>/g, '<a:MessageID>uuid:00000000-0000-0000-0000-000000000000</a:MessageID>')
    .replace(/<a:To>http:\/\/127\.0\.0\.1:\d+\/wsman<\/a:To>/g, '<a:To>http://HOST/wsman</a:To>');
}

export async function startStub(replies: Reply[] | ((req: Recorded, index: number) => Reply)): Promise<Stub> {
  const requests: Recorded[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const sockets = new Set<import('node:net').Socket>();
  let inFlight = 0;
  let maxInFlight = 0;
  const server = http.createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec = { body: Buffer.concat(chunks).toString('utf8'), headers: req.headers };
      requests.push(rec);
      for (const w of waiters.filter((w) => requests.length >= w.n)) w.resolve();
      const index = requests.length - 1;
      const reply = typeof replies === 'function' ? replies(rec, index) : replies[index];
      if (!reply) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('no scripted reply');
        return;
      }
      if ('hang' in reply) return;
      if ('reset' in reply) {
        req.socket.destroy();
        return;
      }
      // Replies answer this request: the vectors' placeholder RelatesTo becomes its MessageID.
      const messageId = /<a:MessageID>(uuid:[0-9A-F-]{36})<\/a:MessageID>/.exec(rec.body)?.[1];
      const text = messageId ? reply.body.replace('<a:RelatesTo>uuid:00000000-0000-0000-0000-000000000000</a:RelatesTo>', `<a:RelatesTo>${messageId}</a:RelatesTo>`) : reply.body;
      const body = Buffer.from(text, 'utf8');
      const send = () => {
        res.writeHead(reply.status ?? 200, { 'content-type': reply.contentType ?? 'application/soap+xml;charset=UTF-8', 'content-length': body.length });
        res.end(body);
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/wsman`,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    waitFor: (n) => (requests.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

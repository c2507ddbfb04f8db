/**
 * Serving the simulated host over WS-Management (HTTP on loopback), as a
 * Windows host serves WinRM: Basic and NTLM (Negotiate) authentication when
 * credentials are given.
 */
import { basicAuth, combinedAuth, createWsmanServer, ntlmAuth, type WsmanServer } from '@mofc/runtime';
import type { HyperVSimulator } from './simulator.js';

export interface ServeOptions {
  /** Default 0: a free port. */
  readonly port?: number;
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Credentials clients must present; without them every request is served. */
  readonly username?: string;
  readonly password?: string;
  readonly onError?: (error: unknown) => void;
}

export function serveSimulator(simulator: HyperVSimulator, options: ServeOptions = {}): Promise<WsmanServer> {
  const { username, password } = options;
  const auth =
    username !== undefined && password !== undefined ? combinedAuth([basicAuth({ username, password }), ntlmAuth({ username, password })]) : undefined;
  return createWsmanServer({
    session: simulator.session,
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    ...(auth ? { auth } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
  });
}

/**
 * How the simulator suites reach the simulated host: in process (the host's
 * own repository as the session) and over WS-Management on loopback
 * (`WsmanSession` → `createWsmanServer`, Basic authentication).
 */
import { WsmanSession, type CimSession } from '@mofc/runtime';
import type { WsmanServer } from '@mofc/runtime';
import type { TestSimulator } from './helpers.js';

export interface Transport {
  readonly name: string;
  /** A client session to the simulator, and how to stop serving it. */
  connect(sim: TestSimulator): Promise<{ session: CimSession; stop: () => Promise<void> }>;
  /** Stops the host mid-job, the way this transport loses it. */
  stopServer(sim: TestSimulator, stop: (() => Promise<void>) | undefined): Promise<void>;
  /** What the client's error says then. */
  readonly stoppedMessage: RegExp;
  /** The transport's server checks embedded-instance parameter classes itself (so the provider never sees a wrong one). */
  readonly validatesEmbeddedClasses: boolean;
}

export const inProcess: Transport = {
  name: 'in process',
  async connect(sim) {
    return { session: sim.session, stop: async () => {} };
  },
  async stopServer(sim) {
    await sim.exports.shutdown();
    await sim.session.close();
  },
  stoppedMessage: /session is closed|host stopped while the export was running/,
  validatesEmbeddedClasses: false,
};

export const USER = 'simulator-admin';
export const PASSWORD = 'correct horse battery staple';

export const overWsman: Transport = {
  name: 'WS-Management on loopback',
  async connect(sim) {
    const { serveSimulator } = await import('../../examples/hyperv-simulator/serve.js');
    const server: WsmanServer = await serveSimulator(sim, { username: USER, password: PASSWORD });
    const session = new WsmanSession({
      url: server.url,
      username: USER,
      password: PASSWORD,
      authentication: 'basic',
      namespace: 'root/virtualization/v2',
      onWarning: () => {},
    });
    let stopped = false;
    return {
      session,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await session.close();
        await server.close();
      },
    };
  },
  async stopServer(sim, stop) {
    // The host goes away: its jobs fail and clean up, and it stops answering.
    await sim.exports.shutdown();
    await stop?.();
  },
  stoppedMessage: /ECONNREFUSED|connect|closed|host stopped while the export was running/i,
  validatesEmbeddedClasses: true,
};

export const transports: readonly Transport[] = [inProcess, overWsman];

/**
 * The built `mofc serve` as a real process, for tests that need a server on
 * loopback: started with the caller's arguments, ready once it prints its URL.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureBuilt, repoRoot } from './build.js';

export interface ServeProcess {
  /** The URL the command printed (`http://…/wsman`, or `https://` with `--tls-cert`). */
  readonly url: string;
  /** What it has written to stdout so far. */
  out(): string;
  /** What it has written to stderr so far. */
  err(): string;
  /** Sends `signal` unless it has already exited; resolves with its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Runs `mofc serve ...args` (building the CLI first when stale) in `cwd`
 * (default the repository root) with `env` added to this process's environment.
 * Rejects, with its stderr, if it exits before printing a URL.
 */
export function startServe(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<ServeProcess> {
  ensureBuilt();
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'mofc.cjs'), 'serve', ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env },
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const stop = (signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> => {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill(signal);
    return exited;
  };
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^(https?:\/\/\S+)$/m.exec(out);
      if (m) resolve({ url: m[1]!, out: () => out, err: () => err, stop });
    });
    child.on('exit', (code) => reject(new Error(`mofc serve exited with ${code}: ${err}`)));
  });
}

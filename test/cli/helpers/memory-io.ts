import { readFileSync } from 'node:fs';
import type { Io } from '../../../src/cli/io.js';

/** An `Io` that records what the CLI prints; reads real files from `cwd` unless told otherwise. */
export function memoryIo(overrides: Partial<Io> = {}): Io & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
    cwd: process.cwd(),
    env: {},
    stdoutIsTty: false,
    stderrIsTty: false,
    readFile: (path: string) => readFileSync(path),
    ...overrides,
  };
  return io;
}

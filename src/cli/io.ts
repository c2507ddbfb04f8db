import type { ReadFile } from '../source/load.js';
import { readSync } from 'node:fs';
import { DEFAULT_MAX_FILE_SIZE, readSourceBytes } from '../source/read.js';

/**
 * Everything the CLI touches outside itself. Commands return their output as
 * text and `main` writes it; the exceptions are `generate`'s progress bar,
 * which writes to `stderr` as it goes, and `compile`'s model JSON, streamed
 * to `stdout` in chunks of about 64 K characters (it can be larger than one string can hold). Tests
 * pass their own `Io` to run the CLI in-process and capture what it prints.
 */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal (colour is used only then, and only without NO_COLOR). */
  readonly stdoutIsTty: boolean;
  /** Whether stderr is a terminal (progress is shown only then). */
  readonly stderrIsTty: boolean;
  readonly readFile: ReadFile;
  /** The bytes of standard input, for an input file named `-` (absent: no standard input). */
  readonly readStdin?: () => Uint8Array;
}

export function processIo(): Io {
  return {
    stdout: writerDroppingBrokenPipe(() => process.stdout),
    stderr: writerDroppingBrokenPipe(() => process.stderr),
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTty: process.stdout.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
    // Bounded and non-blocking: an include may name a FIFO, a device or a huge file.
    readFile: readSourceBytes,
    readStdin: () => readStdinBounded(DEFAULT_MAX_FILE_SIZE),
  };
}

/**
 * Writes to `stream` until its reader goes away (`mofc parse … | head`): from then on
 * output is dropped and the command ends as it would have, its files written, its exit
 * code unchanged, rather than dying on an unhandled EPIPE. Node reports the broken pipe
 * as an 'error' event after the failed write; the writes after it fail the same way.
 */
function writerDroppingBrokenPipe(streamOf: () => NodeJS.WriteStream): (text: string) => void {
  let stream: NodeJS.WriteStream | undefined; // Node makes the stream on first use: not before output.
  let broken = false;
  const onError = (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || (broken && error.code === 'ERR_STREAM_DESTROYED')) broken = true;
    else throw error;
  };
  return (text) => {
    if (broken) return;
    stream ??= streamOf().on('error', onError);
    stream.write(text);
  };
}

/** Standard input, at most `limit` bytes (a larger input is an error, not unbounded memory). */
function readStdinBounded(limit: number): Uint8Array {
  const chunks: Buffer[] = [];
  let size = 0;
  const chunk = Buffer.alloc(1 << 16);
  for (;;) {
    let n: number;
    try {
      n = readSync(0, chunk, 0, chunk.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10); // a non-blocking pipe with nothing yet
        continue;
      }
      if (code === 'EOF') break;
      throw error;
    }
    if (n === 0) break;
    size += n;
    if (size > limit) throw new Error(`standard input is larger than ${limit} bytes`);
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return Buffer.concat(chunks);
}

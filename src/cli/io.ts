import { readFileSync } from 'node:fs';
import type { ReadFile } from '../source/load.js';

/**
 * Everything the CLI touches outside itself. Commands return their output as
 * text and `main` writes it; the one exception is `generate`'s progress bar,
 * which writes to `stderr` as it goes. Tests pass their own `Io` to run the CLI
 * in-process and capture what it prints.
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
}

export function processIo(): Io {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTty: process.stdout.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
    readFile: (path) => readFileSync(path),
  };
}

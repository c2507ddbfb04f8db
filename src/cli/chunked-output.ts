import { writeSync } from 'node:fs';

/**
 * Sinks for text that arrives in many small pieces (the model JSON writer
 * hands over a member or a separator at a time): one system call or one
 * stdout write per piece would cost more than making the text.
 */
export interface PieceSink {
  write(piece: string): void;
  /** Writes what is gathered; call once at the end. */
  flush(): void;
}

/** Bytes gathered per `writeSync`. */
const FILE_BLOCK = 1 << 20;

/**
 * Encodes pieces straight into one reused 1 MiB buffer and writes it to `fd`
 * when full: no joined strings and no buffer per chunk, so writing 67 MB of
 * model JSON makes no garbage but the pieces themselves. Each piece is
 * encoded on its own, so a surrogate pair must not be split between two.
 */
export function fileSink(fd: number): PieceSink {
  const block = Buffer.allocUnsafe(FILE_BLOCK);
  let used = 0;
  const writeAll = (bytes: Uint8Array, length: number) => {
    for (let written = 0; written < length; ) written += writeSync(fd, bytes, written, length - written);
  };
  const flush = () => {
    writeAll(block, used);
    used = 0;
  };
  return {
    write(piece) {
      // A UTF-16 code unit is at most 3 bytes of UTF-8, so this much room always holds the piece.
      if (piece.length * 3 > block.length - used) {
        flush();
        if (piece.length * 3 > block.length) {
          const bytes = Buffer.from(piece, 'utf8');
          writeAll(bytes, bytes.length);
          return;
        }
      }
      used += block.write(piece, used, 'utf8');
    },
    flush,
  };
}

/** Characters gathered per call of a text sink. */
const TEXT_CHUNK = 1 << 16;

/** Joins pieces into chunks of about 64 K characters for a sink that takes text (stdout). */
export function textSink(sink: (text: string) => void): PieceSink {
  let parts: string[] = [];
  let size = 0;
  const flush = () => {
    if (size === 0) return;
    sink(parts.join(''));
    parts = [];
    size = 0;
  };
  return {
    write(piece) {
      parts.push(piece);
      size += piece.length;
      if (size >= TEXT_CHUNK) flush();
    },
    flush,
  };
}

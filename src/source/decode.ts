import { createDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { sourceDiagnostics } from '../diagnostics/codes/source.js';
import { SourceFile } from './source-file.js';

/**
 * Turns the bytes of a MOF file into text. MOF files come as UTF-8 (DMTF), and
 * as UTF-16LE with a BOM (what Windows ships and mofcomp writes); UTF-16
 * without a BOM happens too, so it is sniffed from NUL bytes. Files saved
 * "ANSI" by Windows tools are Windows-1252: mofcomp reads every BOM-less file
 * in the ANSI code page, so a file that is not valid UTF-8 may be read that
 * way (`DecodeOptions.ansi`; docs/decisions/0005-source-encodings.md).
 *
 * Decoding never fails: bytes that are invalid in the detected encoding become
 * U+FFFD in the text, and each run of them is reported at its position in the
 * decoded text, so the lexer and parser still see every line where it was.
 */

/** The encodings mofc decodes (and `--encoding` names). */
export type SourceEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export const SOURCE_ENCODINGS: readonly SourceEncoding[] = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'];

export interface DecodeOptions {
  /** Read the file in this encoding, no detection (`--encoding`); a BOM of that encoding is skipped. */
  readonly encoding?: SourceEncoding;
  /**
   * Asked when a file without a BOM is not valid UTF-8, with its text read as
   * Windows-1252: whether to take that reading (with an info MOF1014) rather
   * than UTF-8 with each invalid sequence reported.
   */
  readonly ansi?: (windows1252Text: string) => boolean;
}

/** Every encoding it recognises or reads (UTF-32 only to say it is unsupported). */
export type DetectedEncodingName = SourceEncoding | 'utf-32le' | 'utf-32be';

export interface DecodedSource {
  readonly text: string;
  readonly encoding: DetectedEncodingName;
  /** Whether the bytes started with a byte-order mark (which is not part of `text`). */
  readonly bom: boolean;
  readonly diagnostics: Diagnostic[];
}

/** More than this many invalid sequences in one file are summarised in one MOF1004. */
export const MAX_INVALID_BYTE_REPORTS = 10;

/** Bytes shown in a MOF1003 message before eliding the rest. */
const MAX_BYTES_SHOWN = 8;

/** How much of the file the BOM-less UTF-16 sniffer looks at. */
const SNIFF_BYTES = 4096;

const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const utf16leDecoder = new TextDecoder('utf-16le', { ignoreBOM: true });
const utf16beDecoder = new TextDecoder('utf-16be', { ignoreBOM: true });

export interface DetectedEncoding {
  readonly encoding: DetectedEncodingName;
  /** Length of the byte-order mark, 0 when there is none. */
  readonly bomLength: number;
}

/** Picks the encoding from the BOM, else from the pattern of NUL bytes, else UTF-8. */
export function detectEncoding(bytes: Uint8Array): DetectedEncoding {
  const [b0, b1, b2, b3] = bytes;
  // UTF-32LE's BOM starts with UTF-16LE's, so test it first.
  if (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) return { encoding: 'utf-32le', bomLength: 4 };
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) return { encoding: 'utf-32be', bomLength: 4 };
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  return { encoding: sniffUtf16(bytes) ?? 'utf-8', bomLength: 0 };
}

/**
 * MOF text is mostly ASCII, and NUL is not valid MOF, so UTF-16 shows as a
 * zero in every other byte: odd positions for little-endian, even for
 * big-endian. Require many zeros on one side and (almost) none on the other
 * so that a stray NUL in a UTF-8 file does not flip the decision.
 */
function sniffUtf16(bytes: Uint8Array): SourceEncoding | undefined {
  const length = Math.min(bytes.length, SNIFF_BYTES) & ~1;
  if (length === 0) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < length; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = length / 2;
  if (oddZeros * 4 >= pairs && evenZeros * 8 <= oddZeros) return 'utf-16le';
  if (evenZeros * 4 >= pairs && oddZeros * 8 <= evenZeros) return 'utf-16be';
  return undefined;
}

/**
 * Collects invalid byte sequences as the decoders find them, merging adjacent
 * ones into runs (one problem to the reader). Only the runs that will be
 * reported are kept, so a binary file costs a counter, not millions of objects.
 */
class InvalidRuns {
  readonly reported: { offset: number; length: number; bytes: number[] }[] = [];
  count = 0;
  private lastEnd = -1;

  /** One U+FFFD at text `offset`, standing for `bytes`. */
  add(offset: number, bytes: Uint8Array): void {
    if (offset === this.lastEnd) {
      this.lastEnd++;
      const run = this.reported[this.count - 1];
      if (run) {
        run.length++;
        // Keep only what the message shows (and one more, to know to elide).
        for (const byte of bytes) if (run.bytes.length <= MAX_BYTES_SHOWN) run.bytes.push(byte);
      }
      return;
    }
    this.count++;
    this.lastEnd = offset + 1;
    if (this.reported.length <= MAX_INVALID_BYTE_REPORTS) this.reported.push({ offset, length: 1, bytes: [...bytes] });
  }
}

export function decodeSource(bytes: Uint8Array, path: string, options: DecodeOptions = {}): DecodedSource {
  if (options.encoding) return decodeAs(bytes, path, options.encoding);
  const detected = detectEncoding(bytes);
  const bom = detected.bomLength > 0;
  if (detected.encoding === 'utf-32le' || detected.encoding === 'utf-32be') {
    // The text is left empty; the span (1:1) still names the file.
    const span = new SourceFile(path, '').span(0, 0);
    const diagnostic = createDiagnostic(sourceDiagnostics.unsupportedEncoding, span, [detected.encoding.toUpperCase()]);
    return { text: '', encoding: detected.encoding, bom, diagnostics: [diagnostic] };
  }
  const body = bytes.subarray(detected.bomLength);
  const encoding: SourceEncoding = detected.encoding;
  const invalid = new InvalidRuns();
  const text = encoding === 'utf-8' ? decodeUtf8(body, invalid) : decodeUtf16(body, encoding as 'utf-16le' | 'utf-16be', invalid);
  if (invalid.count > 0 && encoding === 'utf-8' && !bom) {
    const ansi = decodeWindows1252(body);
    if (options.ansi?.(ansi)) {
      const note = createDiagnostic(sourceDiagnostics.readAsAnsi, new SourceFile(path, ansi).span(0, 0));
      return { text: ansi, encoding: 'windows-1252', bom, diagnostics: [note] };
    }
  }
  const diagnostics = invalid.count === 0 ? [] : reportInvalidRuns(path, text, encoding, invalid);
  return { text, encoding, bom, diagnostics };
}

/** `bytes` read in the given encoding (`--encoding`): no detection, only that encoding's BOM skipped. */
function decodeAs(bytes: Uint8Array, path: string, encoding: SourceEncoding): DecodedSource {
  const bomLength = encoding === 'windows-1252' ? 0 : BOM_LENGTH[encoding](bytes);
  const body = bytes.subarray(bomLength);
  if (encoding === 'windows-1252') return { text: decodeWindows1252(body), encoding, bom: false, diagnostics: [] };
  const invalid = new InvalidRuns();
  const text = encoding === 'utf-8' ? decodeUtf8(body, invalid) : decodeUtf16(body, encoding, invalid);
  const diagnostics = invalid.count === 0 ? [] : reportInvalidRuns(path, text, encoding, invalid);
  return { text, encoding, bom: bomLength > 0, diagnostics };
}

const BOM_LENGTH: Record<'utf-8' | 'utf-16le' | 'utf-16be', (bytes: Uint8Array) => number> = {
  'utf-8': (b) => (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0),
  'utf-16le': (b) => (b[0] === 0xff && b[1] === 0xfe ? 2 : 0),
  'utf-16be': (b) => (b[0] === 0xfe && b[1] === 0xff ? 2 : 0),
};

/**
 * Windows-1252 where it differs from ISO-8859-1 (bytes 0x80–0x9F), as the
 * WHATWG Encoding Standard maps it; the five unassigned bytes keep their C1
 * code points. Every byte sequence is valid: decoding cannot fail.
 */
const WINDOWS_1252_HIGH =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

export function decodeWindows1252(bytes: Uint8Array): string {
  // Latin-1 gives each byte its own code point; only 0x80–0x9F then need mapping.
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\x80-\x9f]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

function decodeUtf8(bytes: Uint8Array, invalid: InvalidRuns): string {
  const text = utf8Decoder.decode(bytes);
  // Fast path: the native decoder did not replace anything. A U+FFFD in the
  // output may also be a genuine one, which the validator sorts out.
  if (text.includes('\uFFFD')) findInvalidUtf8(bytes, invalid);
  return text;
}

/**
 * Validates UTF-8 by hand, finding each maximal invalid subpart — which the
 * WHATWG decoder (TextDecoder) replaces with exactly one U+FFFD — and the
 * offset of that U+FFFD in the decoded text: each valid sequence gives one
 * UTF-16 code unit, or two for 4-byte sequences (astral characters).
 */
function findInvalidUtf8(bytes: Uint8Array, invalid: InvalidRuns): void {
  let offset = 0;
  let i = 0;
  while (i < bytes.length) {
    if (bytes[i]! < 0x80) {
      i++;
      offset++;
      continue;
    }
    const length = utf8SequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      offset += length === 4 ? 2 : 1;
      continue;
    }
    invalid.add(offset, bytes.subarray(i, i - length));
    i -= length;
    offset++;
  }
}

/**
 * Length of the valid UTF-8 sequence starting at `start` (a non-ASCII byte),
 * or minus the length of the maximal invalid subpart there (at least 1).
 */
function utf8SequenceLength(bytes: Uint8Array, start: number): number {
  const lead = bytes[start]!;
  let needed: number;
  // The first continuation byte's range excludes overlongs and surrogates.
  let lower = 0x80;
  let upper = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) needed = 1;
  else if (lead >= 0xe0 && lead <= 0xef) {
    needed = 2;
    if (lead === 0xe0) lower = 0xa0;
    if (lead === 0xed) upper = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    needed = 3;
    if (lead === 0xf0) lower = 0x90;
    if (lead === 0xf4) upper = 0x8f;
  } else return -1;
  for (let k = 1; k <= needed; k++) {
    const b = bytes[start + k];
    if (b === undefined || b < lower || b > upper) return -k;
    lower = 0x80;
    upper = 0xbf;
  }
  return needed + 1;
}

/**
 * The WHATWG UTF-16 decoder maps each code unit to one UTF-16 code unit of
 * text (an unpaired surrogate becomes one U+FFFD in its place), plus one
 * U+FFFD for a dangling odd byte. So a U+FFFD at text offset `i` is an error
 * exactly when code unit `i` was not U+FFFD itself.
 */
function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be', invalid: InvalidRuns): string {
  const text = (encoding === 'utf-16le' ? utf16leDecoder : utf16beDecoder).decode(bytes);
  const units = bytes.length >> 1;
  const hiFirst = encoding === 'utf-16be';
  for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) {
    if (i >= units) {
      invalid.add(i, bytes.subarray(2 * units));
      continue;
    }
    const first = bytes[2 * i]!;
    const second = bytes[2 * i + 1]!;
    const unit = hiFirst ? (first << 8) | second : (second << 8) | first;
    if (unit === 0xfffd) continue;
    // A lone lead surrogate at the very end swallows the odd byte with it.
    const end = i === units - 1 && text.length === units && bytes.length % 2 === 1 ? bytes.length : 2 * i + 2;
    invalid.add(i, bytes.subarray(2 * i, end));
  }
  return text;
}

function reportInvalidRuns(path: string, text: string, encoding: SourceEncoding, invalid: InvalidRuns): Diagnostic[] {
  const source = new SourceFile(path, text);
  const span = (run: { offset: number; length: number }) => source.span(run.offset, run.offset + run.length);
  const diagnostics = invalid.reported
    .slice(0, MAX_INVALID_BYTE_REPORTS)
    .map((run) => createDiagnostic(sourceDiagnostics.invalidBytes, span(run), [encoding.toUpperCase(), formatBytes(run.bytes)]));
  const firstUnreported = invalid.reported[MAX_INVALID_BYTE_REPORTS];
  if (firstUnreported) {
    diagnostics.push(createDiagnostic(sourceDiagnostics.moreInvalidBytes, span(firstUnreported), [invalid.count - MAX_INVALID_BYTE_REPORTS]));
  }
  return diagnostics;
}

function formatBytes(bytes: readonly number[]): string {
  const shown = bytes.slice(0, MAX_BYTES_SHOWN).map((b) => '0x' + b.toString(16).toUpperCase().padStart(2, '0'));
  return shown.join(' ') + (bytes.length > MAX_BYTES_SHOWN ? ' …' : '');
}

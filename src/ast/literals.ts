/**
 * Decoding of MOF literal tokens into values (DSP0004 2.x lexical rules).
 * Pure functions over the token text: problems come back as offsets relative
 * to the start of the text, and the caller turns them into diagnostics.
 */

export type DecodedNumber =
  | { readonly kind: 'integer'; readonly value: bigint }
  | { readonly kind: 'real'; readonly value: number }
  | { readonly kind: 'invalid' };

const DECIMAL = /^[+-]?(?:0|[1-9][0-9]*)$/;
const OCTAL = /^[+-]?0[0-7]+$/;
const HEX = /^[+-]?0[xX][0-9a-fA-F]+$/;
const BINARY = /^[+-]?[01]+[bB]$/;
const REAL = /^[+-]?[0-9]*\.[0-9]+(?:[eE][+-]?[0-9]+)?$/;

/** Decodes decimal, hex (`0x1F`), octal (`017`), binary (`101b`) and real (`1.5e3`, `.5`) literals, each with an optional sign. */
export function decodeNumber(text: string): DecodedNumber {
  if (DECIMAL.test(text)) return { kind: 'integer', value: BigInt(text) };
  if (REAL.test(text)) return { kind: 'real', value: Number(text) };
  const sign = text[0];
  const unsigned = sign === '-' || sign === '+' ? text.slice(1) : text;
  let magnitude: bigint;
  if (HEX.test(text)) magnitude = BigInt(unsigned);
  else if (OCTAL.test(text)) magnitude = BigInt('0o' + unsigned.slice(1));
  else if (BINARY.test(text)) magnitude = BigInt('0b' + unsigned.slice(0, -1));
  else return { kind: 'invalid' };
  return { kind: 'integer', value: sign === '-' ? -magnitude : magnitude };
}

/** A bad escape sequence, relative to the start of the literal's text. */
export interface EscapeProblem {
  readonly offset: number;
  readonly length: number;
}

export interface DecodedText {
  readonly value: string;
  readonly problems: readonly EscapeProblem[];
}

const NO_PROBLEMS: readonly EscapeProblem[] = [];

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  b: '\b',
  t: '\t',
  n: '\n',
  f: '\f',
  r: '\r',
  '"': '"',
  "'": "'",
  '\\': '\\',
};

function isHexDigit(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

/**
 * Unescapes the body of a string or char16 literal: `text` is the whole
 * token, `bodyStart`/`bodyEnd` delimit what lies between the quotes. An
 * escape DSP0004 does not define (`\s`, `\d`, `\x` without hex digits) is
 * reported and kept as written, backslash included: mofcomp and OMI keep it,
 * and real schemas write `"enable\disable"` meaning exactly that text
 * (docs/decisions/0017-unknown-escapes.md).
 */
export function unescape(text: string, bodyStart: number, bodyEnd: number): DecodedText {
  const firstBackslash = text.indexOf('\\', bodyStart);
  if (firstBackslash === -1 || firstBackslash >= bodyEnd) {
    return { value: text.slice(bodyStart, bodyEnd), problems: NO_PROBLEMS };
  }
  let value = '';
  const problems: EscapeProblem[] = [];
  // Text between escapes is appended a run at a time, not a character at a
  // time: each `+=` makes a string, and descriptions run to kilobytes.
  let runStart = bodyStart;
  let i = firstBackslash;
  for (;;) {
    value += text.slice(runStart, i);
    if (i >= bodyEnd) break;
    const escape = text[i + 1]!;
    if (i + 1 >= bodyEnd) {
      // Only an unterminated literal can end in a backslash (it escaped the
      // line end); that literal is reported as unterminated, and this is why.
      i++;
    } else if (escape === 'x' || escape === 'X') {
      let end = i + 2;
      while (end < bodyEnd && end < i + 6 && isHexDigit(text.charCodeAt(end))) end++;
      if (end === i + 2) {
        problems.push({ offset: i, length: 2 });
        value += '\\' + escape;
      } else {
        value += String.fromCharCode(parseInt(text.slice(i + 2, end), 16));
      }
      i = end;
    } else {
      const simple = SIMPLE_ESCAPES[escape];
      if (simple === undefined) problems.push({ offset: i, length: 2 });
      value += simple ?? '\\' + escape;
      i += 2;
    }
    runStart = i;
    const next = text.indexOf('\\', i);
    i = next === -1 || next >= bodyEnd ? bodyEnd : next;
  }
  return { value, problems };
}

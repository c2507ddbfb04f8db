/**
 * Hardened XML for everything the runtime reads from the network (WS-Management
 * envelopes, CIM-XML embedded instances): a namespace-aware element-tree reader that
 * refuses DTDs and entity declarations, bounds size and depth, and turns any
 * malformed input into a `CimProtocolError`; plus escaping and writing helpers.
 *
 * Our own reader rather than a general library: SOAP needs namespace
 * resolution (prefixes are arbitrary: WinRM writes `p:`, others `wsman:`), none
 * of the DTD machinery, and a parse that cannot be steered into expansion or
 * deep recursion by a hostile peer. It is iterative (no recursion), so depth
 * is only a configured limit, never a stack overflow.
 */
import { CimProtocolError, CimValueError } from './errors.js';

/** The XML namespace (`xml:lang`) and XML Schema instance (`xsi:nil`, `xsi:type`) URIs: XML's own. */
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

// XML 1.0 excludes these characters outright: they can be neither written nor read. A lone
// surrogate (matched only unpaired, in `u` mode) is no character either, and would reach the
// peer as U+FFFD once the text is encoded as UTF-8.
const BAD_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF]/u;

function checkChars(text: string): void {
  const m = BAD_CHARS.exec(text);
  if (m) throw new CimValueError(`character U+${m[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()} cannot be written in XML`);
}

/**
 * A number as XML Schema writes it (the lexical form of xs:double, which CIM-XML shares):
 * `INF`, `-INF`, `NaN`, and `-0` with its sign, which `String(-0)` would drop.
 */
export function numberText(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'INF';
  if (n === -Infinity) return '-INF';
  return Object.is(n, -0) ? '-0' : String(n);
}

export function escapeXmlText(text: string): string {
  checkChars(text);
  // `\r` is escaped so XML end-of-line normalization does not turn CRLF into LF.
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

export function escapeXmlAttribute(text: string): string {
  checkChars(text);
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}


export interface XmlAttribute {
  /** As written, e.g. `xsi:type`. */
  readonly name: string;
  readonly local: string;
  /** Namespace URI; `''` for unprefixed attributes (they take no default namespace). */
  readonly ns: string;
  readonly value: string;
}

export interface XmlElement {
  /** As written, e.g. `p:Msvm_ComputerSystem`. */
  readonly name: string;
  readonly local: string;
  /** Namespace URI; `''` when none. */
  readonly ns: string;
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlElement[];
  /** The element's own character data (text and CDATA), concatenated, entities decoded. */
  readonly text: string;
  /** In-scope prefix → URI bindings (for QName values such as `xsi:type="p:X_Type"`); `''` is the default namespace. */
  readonly scope: Readonly<Record<string, string>>;
}

export interface XmlLimits {
  /** Largest input in bytes (strings: UTF-16 code units). Default 32 MiB. */
  readonly maxBytes?: number;
  /** Deepest element nesting. Default 64. */
  readonly maxDepth?: number;
  /** Most elements in one document. Default 2,000,000. */
  readonly maxElements?: number;
}

export const DEFAULT_XML_LIMITS: Required<XmlLimits> = {
  maxBytes: 32 * 1024 * 1024,
  maxDepth: 64,
  maxElements: 2_000_000,
};

const NAME = /[A-Za-z_\u00C0-\uFFFD][-A-Za-z0-9._:\u00B7\u00C0-\uFFFD]*/y;
const WS = /[ \t\r\n]*/y;

// Shared by every element without attributes or children (never mutated: the tree is read-only).
const NONE: readonly never[] = Object.freeze([]);

const BASE_SCOPE: Readonly<Record<string, string>> = Object.freeze({ xml: XML_NS });

/** Bytes → text: UTF-8 (BOM optional) or UTF-16 with a BOM; invalid sequences are an error, not U+FFFD. */
export function decodeXmlBytes(bytes: Uint8Array): string {
  try {
    if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
    if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (cause) {
    throw new CimProtocolError('malformed XML: the bytes are not valid UTF-8 or BOM-marked UTF-16', { cause });
  }
}

interface Open {
  name: string;
  prefix: string;
  local: string;
  rawAttributes: [string, string][] | undefined;
  children: XmlElement[] | undefined;
  text: string;
  scope: Readonly<Record<string, string>>;
}

/** Parses one XML document into its root element. Throws `CimProtocolError` for anything malformed, a DOCTYPE, or a limit exceeded. */
export function parseXml(input: string | Uint8Array, limits: XmlLimits = {}): XmlElement {
  const maxBytes = limits.maxBytes ?? DEFAULT_XML_LIMITS.maxBytes;
  const maxDepth = limits.maxDepth ?? DEFAULT_XML_LIMITS.maxDepth;
  const maxElements = limits.maxElements ?? DEFAULT_XML_LIMITS.maxElements;
  if (input.length > maxBytes) throw new CimProtocolError(`XML document of ${input.length} bytes exceeds the limit of ${maxBytes}`);
  let text = typeof input === 'string' ? input : decodeXmlBytes(input);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const bad = BAD_CHARS.exec(text);
  if (bad) fail(text, bad.index, `character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()} is not allowed in XML`);
  return new Reader(text, maxDepth, maxElements).document();
}

function fail(text: string, offset: number, why: string): never {
  let line = 1;
  let col = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      col = 1;
    } else col++;
  }
  throw new CimProtocolError(`malformed XML at line ${line}, column ${col}: ${why}`);
}

class Reader {
  pos = 0;
  elements = 0;
  constructor(
    readonly text: string,
    readonly maxDepth: number,
    readonly maxElements: number,
  ) {}

  fail(why: string, at = this.pos): never {
    fail(this.text, at, why);
  }

  document(): XmlElement {
    const t = this.text;
    this.misc(true);
    if (t.charCodeAt(this.pos) !== 60 /* < */) this.fail(this.pos >= t.length ? 'no root element' : 'text before the root element');
    const root = this.element();
    this.misc(false);
    if (this.pos < t.length) this.fail('content after the root element');
    return root;
  }

  /** Whitespace, comments and processing instructions outside the root; DOCTYPE is refused. */
  misc(prolog: boolean): void {
    const t = this.text;
    for (;;) {
      this.skipWs();
      if (t.startsWith('<?', this.pos)) {
        const end = t.indexOf('?>', this.pos + 2);
        if (end === -1) this.fail('unterminated processing instruction');
        this.pos = end + 2;
      } else if (t.startsWith('<!--', this.pos)) this.comment();
      else if (t.startsWith('<!', this.pos)) {
        this.fail(prolog && /^<!DOCTYPE/i.test(t.slice(this.pos, this.pos + 9)) ? 'DOCTYPE is not allowed' : 'markup declaration is not allowed');
      } else return;
    }
  }

  skipWs(): void {
    WS.lastIndex = this.pos;
    WS.exec(this.text);
    this.pos = WS.lastIndex;
  }

  comment(): void {
    const end = this.text.indexOf('-->', this.pos + 4);
    if (end === -1) this.fail('unterminated comment');
    this.pos = end + 3;
  }

  name(): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.text);
    if (!m) this.fail('expected a name');
    this.pos = NAME.lastIndex;
    return m[0];
  }

  /** Reads the root element and everything inside it, iteratively. */
  element(): XmlElement {
    const t = this.text;
    const stack: Open[] = [];
    let parentScope = BASE_SCOPE;
    for (;;) {
      // At '<' of a start tag.
      const startAt = this.pos;
      this.pos++;
      const name = this.name();
      if (++this.elements > this.maxElements) this.fail(`more than ${this.maxElements} elements`);
      // Allocated only when needed: most WS-Man elements have no attributes and many no children.
      let rawAttributes: [string, string][] | undefined;
      let scope = parentScope;
      let ownScope: Record<string, string> | undefined;
      let selfClosing = false;
      for (;;) {
        const before = this.pos;
        this.skipWs();
        const c = t.charCodeAt(this.pos);
        if (c === 62 /* > */) {
          this.pos++;
          break;
        }
        if (c === 47 /* / */) {
          if (t.charCodeAt(this.pos + 1) !== 62) this.fail("expected '>' after '/'");
          this.pos += 2;
          selfClosing = true;
          break;
        }
        if (Number.isNaN(c)) this.fail(`unterminated start tag <${name}>`, startAt);
        if (before === this.pos) this.fail('expected whitespace between attributes');
        const an = this.name();
        this.skipWs();
        if (t.charCodeAt(this.pos) !== 61 /* = */) this.fail(`expected '=' after attribute ${an}`);
        this.pos++;
        this.skipWs();
        const value = this.attributeValue();
        rawAttributes ??= [];
        for (const [n] of rawAttributes) if (n === an) this.fail(`duplicate attribute ${an}`);
        if (an === 'xmlns' || an.startsWith('xmlns:')) {
          const prefix = an === 'xmlns' ? '' : an.slice(6);
          if (prefix === 'xmlns' || (prefix === 'xml' && value !== XML_NS)) this.fail(`cannot bind prefix ${prefix}`);
          if (prefix !== '' && value === '') this.fail(`cannot unbind prefix ${prefix}`);
          ownScope ??= { ...parentScope };
          ownScope[prefix] = value;
        }
        rawAttributes.push([an, value]);
      }
      if (ownScope) scope = Object.freeze(ownScope);
      const colon = name.indexOf(':');
      const open: Open = {
        name,
        prefix: colon === -1 ? '' : name.slice(0, colon),
        local: colon === -1 ? name : name.slice(colon + 1),
        rawAttributes,
        children: undefined,
        text: '',
        scope,
      };
      if (selfClosing) {
        const done = this.finish(open, startAt);
        if (stack.length === 0) return done;
        (stack[stack.length - 1]!.children ??= []).push(done);
      } else {
        if (stack.length + 1 > this.maxDepth) this.fail(`elements nested deeper than ${this.maxDepth}`, startAt);
        stack.push(open);
        parentScope = scope;
      }
      // Content until the next start tag (loop again) or until the stack empties.
      for (;;) {
        if (stack.length === 0) this.fail('internal: empty stack');
        const top = stack[stack.length - 1]!;
        const lt = t.indexOf('<', this.pos);
        if (lt === -1) this.fail(`unterminated element <${top.name}>`, this.pos);
        if (lt > this.pos) top.text += this.chars(this.pos, lt);
        this.pos = lt;
        const next = t.charCodeAt(lt + 1);
        if (next === 47 /* / */) {
          this.pos += 2;
          const endName = this.name();
          if (endName !== top.name) this.fail(`expected </${top.name}>, found </${endName}>`, lt);
          this.skipWs();
          if (t.charCodeAt(this.pos) !== 62) this.fail("expected '>'");
          this.pos++;
          stack.pop();
          const done = this.finish(top, lt);
          if (stack.length === 0) return done;
          const parent = stack[stack.length - 1]!;
          (parent.children ??= []).push(done);
          parentScope = parent.scope;
          continue;
        }
        if (next === 33 /* ! */) {
          if (t.startsWith('<!--', lt)) {
            this.comment();
            continue;
          }
          if (t.startsWith('<![CDATA[', lt)) {
            const end = t.indexOf(']]>', lt + 9);
            if (end === -1) this.fail('unterminated CDATA section');
            top.text += normalizeNewlines(t.slice(lt + 9, end));
            this.pos = end + 3;
            continue;
          }
          this.fail('markup declaration is not allowed');
        }
        if (next === 63 /* ? */) {
          const end = t.indexOf('?>', lt + 2);
          if (end === -1) this.fail('unterminated processing instruction');
          this.pos = end + 2;
          continue;
        }
        parentScope = top.scope;
        break; // a child start tag
      }
    }
  }

  finish(open: Open, at: number): XmlElement {
    const ns = open.scope[open.prefix];
    if (ns === undefined) {
      if (open.prefix !== '') this.fail(`undeclared namespace prefix ${open.prefix}`, at);
    }
    if (open.rawAttributes === undefined) {
      return { name: open.name, local: open.local, ns: ns ?? '', attributes: NONE, children: open.children ?? NONE, text: open.text, scope: open.scope };
    }
    const attributes: XmlAttribute[] = [];
    for (const [name, value] of open.rawAttributes) {
      const colon = name.indexOf(':');
      let attrNs = '';
      if (colon !== -1) {
        const prefix = name.slice(0, colon);
        if (prefix === 'xmlns') attrNs = 'http://www.w3.org/2000/xmlns/';
        else {
          const u = open.scope[prefix];
          if (u === undefined) this.fail(`undeclared namespace prefix ${prefix}`, at);
          attrNs = u;
        }
      } else if (name === 'xmlns') attrNs = 'http://www.w3.org/2000/xmlns/';
      attributes.push({ name, local: colon === -1 ? name : name.slice(colon + 1), ns: attrNs, value });
    }
    for (let i = 0; i < attributes.length; i++) {
      const a = attributes[i]!;
      if (a.ns === '') continue;
      for (let j = i + 1; j < attributes.length; j++) {
        const b = attributes[j]!;
        if (b.ns === a.ns && b.local === a.local) this.fail(`duplicate attribute ${a.ns}:${a.local}`, at);
      }
    }
    return { name: open.name, local: open.local, ns: ns ?? '', attributes, children: open.children ?? NONE, text: open.text, scope: open.scope };
  }

  attributeValue(): string {
    const t = this.text;
    const q = t.charCodeAt(this.pos);
    if (q !== 34 && q !== 39) this.fail('expected a quoted attribute value');
    const end = t.indexOf(q === 34 ? '"' : "'", this.pos + 1);
    if (end === -1) this.fail('unterminated attribute value');
    const raw = t.slice(this.pos + 1, end);
    if (raw.includes('<')) this.fail("'<' in an attribute value");
    const start = this.pos + 1;
    this.pos = end + 1;
    // Attribute-value normalization (XML 1.0 §3.3.3): literal whitespace → space, after newline normalization.
    const normalized = /[\t\n\r]/.test(raw) ? normalizeNewlines(raw).replace(/[\t\n]/g, ' ') : raw;
    return raw.includes('&') ? this.decodeEntities(normalized, start) : normalized;
  }

  chars(from: number, to: number): string {
    const raw = this.text.slice(from, to);
    if (raw.includes(']]>')) this.fail("']]>' in character data", from + raw.indexOf(']]>'));
    const normalized = raw.includes('\r') ? normalizeNewlines(raw) : raw;
    return normalized.includes('&') ? this.decodeEntities(normalized, from) : normalized;
  }

  decodeEntities(s: string, at: number): string {
    return s.replace(/&([^;&]{0,12});?/g, (whole, body: string) => {
      if (!whole.endsWith(';')) this.fail("'&' not starting an entity reference", at);
      switch (body) {
        case 'lt':
          return '<';
        case 'gt':
          return '>';
        case 'amp':
          return '&';
        case 'quot':
          return '"';
        case 'apos':
          return "'";
      }
      const m = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(body);
      if (!m) this.fail(`unknown entity &${body}; (no DTD entities are allowed)`, at);
      const code = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2]!, 10);
      const ok = code === 9 || code === 10 || code === 13 || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
      if (!ok) this.fail(`character reference &${body}; is not an XML character`, at);
      return String.fromCodePoint(code);
    });
  }
}

function normalizeNewlines(s: string): string {
  return s.replace(/\r\n?/g, '\n');
}

// ---- navigating ------------------------------------------------------------------

/** First child with this namespace and local name. */
export function child(el: XmlElement | undefined, ns: string, local: string): XmlElement | undefined {
  if (!el) return undefined;
  for (const c of el.children) if (c.local === local && c.ns === ns) return c;
  return undefined;
}

/** Every child with this namespace and local name. */
export function childrenNamed(el: XmlElement, ns: string, local: string): XmlElement[] {
  return el.children.filter((c) => c.local === local && c.ns === ns);
}

/** An attribute's value by namespace (`''` for unprefixed) and local name. */
export function attribute(el: XmlElement, ns: string, local: string): string | undefined {
  for (const a of el.attributes) if (a.local === local && a.ns === ns) return a.value;
  return undefined;
}

/** Resolves a QName-valued attribute or text (`p:Msvm_X_Type`) against the element's scope. */
export function resolveQName(el: XmlElement, qname: string): { ns: string; local: string } | undefined {
  const q = qname.trim();
  const colon = q.indexOf(':');
  const prefix = colon === -1 ? '' : q.slice(0, colon);
  const ns = el.scope[prefix];
  if (ns === undefined && prefix !== '') return undefined;
  return { ns: ns ?? '', local: colon === -1 ? q : q.slice(colon + 1) };
}

/** `xsi:nil="true"` (or `1`). */
export function isNil(el: XmlElement): boolean {
  const v = attribute(el, XSI_NS, 'nil');
  return v !== undefined && (v.trim() === 'true' || v.trim() === '1');
}

// ---- writing ---------------------------------------------------------------------

/** `<name a="v">content</name>` with attribute values escaped; `content` is already XML. Empty content → `<name a="v"/>`. */
export function xmlElement(name: string, attributes: Readonly<Record<string, string>> | undefined, content = ''): string {
  let out = `<${name}`;
  if (attributes) for (const [k, v] of Object.entries(attributes)) out += ` ${k}="${escapeXmlAttribute(v)}"`;
  return content === '' ? `${out}/>` : `${out}>${content}</${name}>`;
}

/** `<name>escaped text</name>`. */
export function textElement(name: string, text: string, attributes?: Readonly<Record<string, string>>): string {
  let out = `<${name}`;
  if (attributes) for (const [k, v] of Object.entries(attributes)) out += ` ${k}="${escapeXmlAttribute(v)}"`;
  return `${out}>${escapeXmlText(text)}</${name}>`;
}

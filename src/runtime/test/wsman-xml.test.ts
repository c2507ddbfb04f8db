import { describe, expect, it } from 'vitest';
import { CimProtocolError, CimValueError } from '../src/errors.js';
import { attribute, child, parseXml, resolveQName, textElement, xmlElement } from '../src/xml.js';

describe('hardened XML reader', () => {
  it('resolves namespaces of elements and attributes, and QName values against the scope', () => {
    const root = parseXml(
      '<?xml version="1.0"?><s:E xmlns:s="urn:s" xmlns="urn:d"><s:B a="1" s:c="2"><C xmlns:q="urn:q" t="q:X_Type">hi</C></s:B></s:E>',
    );
    expect(root).toMatchObject({ local: 'E', ns: 'urn:s' });
    const b = child(root, 'urn:s', 'B')!;
    expect(attribute(b, '', 'a')).toBe('1');
    expect(attribute(b, 'urn:s', 'c')).toBe('2');
    const c = child(b, 'urn:d', 'C')!;
    expect(c.text).toBe('hi');
    expect(resolveQName(c, attribute(c, '', 't')!)).toEqual({ ns: 'urn:q', local: 'X_Type' });
  });

  it('decodes the predefined entities, character references and CDATA, and normalizes newlines', () => {
    const root = parseXml('<a x="&lt;&#x41;&#10;\tz">1 &amp; 2<![CDATA[ <raw> & ]]>\r\n&#13;</a>');
    expect(attribute(root, '', 'x')).toBe('<A\n z');
    expect(root.text).toBe('1 & 2 <raw> & \n\r');
  });

  it.each([
    ['a DOCTYPE', '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', /DOCTYPE is not allowed/],
    ['an unknown entity', '<a>&x;</a>', /unknown entity &x;/],
    ['a bare ampersand', '<a>1 & 2</a>', /'&' not starting an entity reference/],
    ['mismatched end tags', '<a><b></a></b>', /expected <\/b>, found <\/a>/],
    ['an unterminated element', '<a><b>', /unterminated element <b>/],
    ['an undeclared prefix', '<p:a/>', /undeclared namespace prefix p/],
    ['a duplicate attribute', '<a x="1" x="2"/>', /duplicate attribute x/],
    ['content after the root', '<a/><b/>', /content after the root element/],
    ['no root', '   ', /no root element/],
    ['a control character', '<a>\u0001</a>', /U\+0001 is not allowed/],
    ['a reference to a non-character', '<a>&#0;</a>', /not an XML character/],
    ['an internal subset-like declaration inside content', '<a><!ENTITY x "y"></a>', /markup declaration is not allowed/],
  ])('rejects %s with a typed error', (_what, xml, message) => {
    expect(() => parseXml(xml)).toThrow(CimProtocolError);
    expect(() => parseXml(xml)).toThrow(message);
  });

  it('bounds size and depth without recursion', () => {
    expect(() => parseXml('<a/>'.padEnd(100, ' '), { maxBytes: 50 })).toThrow(/exceeds the limit of 50/);
    const deep = '<a>'.repeat(100_000) + '</a>'.repeat(100_000);
    expect(() => parseXml(deep)).toThrow(/nested deeper than 64/);
    expect(parseXml('<a>'.repeat(10) + '</a>'.repeat(10), { maxDepth: 10 }).local).toBe('a');
    expect(() => parseXml('<a>' + '<b/>'.repeat(20) + '</a>', { maxElements: 10 })).toThrow(/more than 10 elements/);
  });

  it('reads UTF-8 bytes and rejects invalid UTF-8', () => {
    expect(parseXml(Buffer.from('<a>é</a>', 'utf8')).text).toBe('é');
    expect(parseXml(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a>é</a>', 'utf16le')])).text).toBe('é');
    expect(() => parseXml(Buffer.from([0x3c, 0x61, 0x3e, 0xc3, 0x28, 0x3c, 0x2f, 0x61, 0x3e]))).toThrow(/not valid UTF-8/);
  });

  it('writes elements with escaped text and attributes, and reads them back', () => {
    const xml = xmlElement('a', { n: 'x"<&\n' }, textElement('b', '1 < 2 & \r\n'));
    expect(xml).toBe('<a n="x&quot;&lt;&amp;&#10;"><b>1 &lt; 2 &amp; &#13;\n</b></a>');
    const root = parseXml(xml);
    expect(attribute(root, '', 'n')).toBe('x"<&\n');
    expect(root.children[0]!.text).toBe('1 < 2 & \r\n');
    expect(xmlElement('e', undefined)).toBe('<e/>');
  });

  it('refuses to write what XML cannot hold: control characters, U+FFFE/U+FFFF, a lone surrogate', () => {
    for (const [text, code] of [['a\u0001', 'U+0001'], ['\uFFFE', 'U+FFFE'], ['x\uD800y', 'U+D800'], ['\uDC00', 'U+DC00']] as const) {
      expect(() => textElement('b', text), code).toThrow(CimValueError);
      expect(() => textElement('b', text), code).toThrow(`character ${code} cannot be written in XML`);
      expect(() => xmlElement('a', { n: text }), code).toThrow(CimValueError);
    }
    // A surrogate pair is one character: written, and read back.
    expect(parseXml(textElement('b', 'smile \uD83D\uDE00')).text).toBe('smile \uD83D\uDE00');
  });
});

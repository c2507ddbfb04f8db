/**
 * SOAP 1.2 envelopes with WS-Addressing and WS-Management headers (DSP0226 §5–6,
 * MS-WSMV 3.1.4): building requests and responses in the shape WinRM writes them,
 * and reading any envelope back into its headers and body.
 */
import { randomUUID } from 'node:crypto';
import { CimProtocolError } from '../errors.js';
import { ANONYMOUS, NS } from './namespaces.js';
import { readSelectorSet, selectorSetXml, type Selector } from './epr.js';
import { attribute, child, childrenNamed, escapeXmlAttribute, escapeXmlText, parseXml, type XmlElement, type XmlLimits } from '../xml.js';

/** The namespace declarations every envelope we write carries on `s:Envelope`. */
export const ENVELOPE_NAMESPACES =
  `xmlns:s="${NS.soap}" xmlns:a="${NS.addressing}" xmlns:n="${NS.enumeration}" ` +
  `xmlns:w="${NS.wsman}" xmlns:p="${NS.msWsman}"`;

/** A `w:Option` in a `w:OptionSet`. */
export interface WsmanOption {
  readonly name: string;
  readonly value: string;
  /** `Type` attribute (an xs QName such as `xs:boolean`), when given. */
  readonly type?: string;
  /** `MustComply`: the service must act on the option or fault (DSP0226 §6.4, wsman:OptionSet); default false. */
  readonly mustComply?: boolean;
}

export interface RequestHeaders {
  /** `a:To`: the service URL. */
  readonly to: string;
  readonly resourceUri: string;
  readonly action: string;
  /** `uuid:…`; see `newMessageId`. */
  readonly messageId: string;
  /** `w:MaxEnvelopeSize` in bytes. */
  readonly maxEnvelopeSize?: number;
  /** `w:OperationTimeout`, written as an xs:duration. */
  readonly operationTimeoutMs?: number;
  /** `w:Locale` and `p:DataLocale` (`xml:lang`), e.g. `en-US`. */
  readonly locale?: string;
  readonly selectors?: readonly Selector[];
  readonly options?: readonly WsmanOption[];
}

export interface ResponseHeaders {
  readonly action: string;
  readonly messageId: string;
  /** The request's MessageID. */
  readonly relatesTo?: string;
  /** `a:To`; WinRM answers with the anonymous address. */
  readonly to?: string;
}

/** A fresh `uuid:XXXXXXXX-…` MessageID (upper case, as WinRM writes it). */
export function newMessageId(): string {
  return `uuid:${randomUUID().toUpperCase()}`;
}

/** Milliseconds → `PT60.000S`, the form WinRM writes. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw new CimProtocolError(`invalid duration ${ms} ms`);
  const whole = Math.round(ms);
  return `PT${Math.floor(whole / 1000)}.${String(whole % 1000).padStart(3, '0')}S`;
}

/** `xs:duration` (days, hours, minutes, seconds; no years or months) → milliseconds; `undefined` when it is not one. */
export function parseDuration(text: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:\.(\d+))?S)?)?$/.exec(text.trim());
  if (!m || text.trim() === 'P' || text.trim().endsWith('T')) return undefined;
  const [, d, h, mi, s, frac] = m;
  const ms =
    Number(d ?? 0) * 86_400_000 + Number(h ?? 0) * 3_600_000 + Number(mi ?? 0) * 60_000 + Number(s ?? 0) * 1000 + Number((frac ?? '').slice(0, 3).padEnd(3, '0'));
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/** A request envelope, headers in WinRM's order (To, ResourceURI, ReplyTo, Action, MaxEnvelopeSize, MessageID, Locale, DataLocale, SelectorSet, OptionSet, OperationTimeout). `body` is XML. */
export function buildRequest(h: RequestHeaders, body: string): string {
  const mu = 's:mustUnderstand="true"';
  let out = `<s:Envelope ${ENVELOPE_NAMESPACES}><s:Header>`;
  out += `<a:To>${escapeXmlText(h.to)}</a:To>`;
  out += `<w:ResourceURI ${mu}>${escapeXmlText(h.resourceUri)}</w:ResourceURI>`;
  out += `<a:ReplyTo><a:Address ${mu}>${ANONYMOUS}</a:Address></a:ReplyTo>`;
  out += `<a:Action ${mu}>${escapeXmlText(h.action)}</a:Action>`;
  if (h.maxEnvelopeSize !== undefined) out += `<w:MaxEnvelopeSize ${mu}>${Math.floor(h.maxEnvelopeSize)}</w:MaxEnvelopeSize>`;
  out += `<a:MessageID>${escapeXmlText(h.messageId)}</a:MessageID>`;
  if (h.locale !== undefined) {
    const lang = escapeXmlAttribute(h.locale);
    out += `<w:Locale xml:lang="${lang}" s:mustUnderstand="false"/><p:DataLocale xml:lang="${lang}" s:mustUnderstand="false"/>`;
  }
  if (h.selectors && h.selectors.length > 0) out += selectorSetXml(h.selectors);
  if (h.options && h.options.length > 0) {
    out += '<w:OptionSet>';
    for (const o of h.options) {
      const type = o.type === undefined ? '' : ` Type="${escapeXmlAttribute(o.type)}"`;
      const mustComply = o.mustComply ? ' MustComply="true"' : '';
      out += `<w:Option Name="${escapeXmlAttribute(o.name)}"${type}${mustComply}>${escapeXmlText(o.value)}</w:Option>`;
    }
    out += '</w:OptionSet>';
  }
  if (h.operationTimeoutMs !== undefined) out += `<w:OperationTimeout>${formatDuration(h.operationTimeoutMs)}</w:OperationTimeout>`;
  out += '</s:Header>';
  out += body === '' ? '<s:Body/>' : `<s:Body>${body}</s:Body>`;
  return `${out}</s:Envelope>`;
}

/** A response envelope (server side). `body` is XML; `''` writes an empty body. */
export function buildResponse(h: ResponseHeaders, body: string): string {
  let out = `<s:Envelope ${ENVELOPE_NAMESPACES}><s:Header>`;
  out += `<a:Action>${escapeXmlText(h.action)}</a:Action>`;
  out += `<a:MessageID>${escapeXmlText(h.messageId)}</a:MessageID>`;
  out += `<a:To>${escapeXmlText(h.to ?? ANONYMOUS)}</a:To>`;
  if (h.relatesTo !== undefined) out += `<a:RelatesTo>${escapeXmlText(h.relatesTo)}</a:RelatesTo>`;
  out += '</s:Header>';
  out += body === '' ? '<s:Body/>' : `<s:Body>${body}</s:Body>`;
  return `${out}</s:Envelope>`;
}

/** An envelope as read: the headers WS-Man uses, and the body element. */
export interface Envelope {
  readonly root: XmlElement;
  readonly header: XmlElement | undefined;
  readonly body: XmlElement;
  /** First element child of the body (the operation's payload or `s:Fault`), if any. */
  readonly payload: XmlElement | undefined;
  readonly action: string | undefined;
  readonly messageId: string | undefined;
  readonly relatesTo: string | undefined;
  readonly to: string | undefined;
  readonly replyTo: string | undefined;
  readonly resourceUri: string | undefined;
  readonly selectors: readonly Selector[];
  readonly options: readonly WsmanOption[];
  readonly maxEnvelopeSize: number | undefined;
  readonly operationTimeoutMs: number | undefined;
  readonly locale: string | undefined;
}

function headerText(header: XmlElement | undefined, ns: string, local: string): string | undefined {
  const el = child(header, ns, local);
  return el === undefined ? undefined : el.text.trim();
}

/** Parses and checks an envelope (SOAP 1.2 `Envelope` with a `Body`). Header values are read leniently; semantics are the caller's to check. */
export function readEnvelope(input: string | Uint8Array, limits?: XmlLimits): Envelope {
  const root = parseXml(input, limits);
  if (root.local !== 'Envelope' || root.ns !== NS.soap) {
    throw new CimProtocolError(
      root.local === 'Envelope' ? `SOAP envelope in namespace ${JSON.stringify(root.ns)}; only SOAP 1.2 is supported` : `expected a SOAP envelope, found <${root.name}>`,
    );
  }
  const header = child(root, NS.soap, 'Header');
  const body = child(root, NS.soap, 'Body');
  if (!body) throw new CimProtocolError('SOAP envelope without a Body');
  const maxText = headerText(header, NS.wsman, 'MaxEnvelopeSize');
  const maxEnvelopeSize = maxText !== undefined && /^\d{1,12}$/.test(maxText) ? Number(maxText) : undefined;
  if (maxText !== undefined && maxEnvelopeSize === undefined) throw new CimProtocolError(`invalid w:MaxEnvelopeSize ${JSON.stringify(maxText)}`);
  const timeoutText = headerText(header, NS.wsman, 'OperationTimeout');
  const operationTimeoutMs = timeoutText === undefined ? undefined : parseDuration(timeoutText);
  if (timeoutText !== undefined && operationTimeoutMs === undefined) throw new CimProtocolError(`invalid w:OperationTimeout ${JSON.stringify(timeoutText)}`);
  const localeEl = child(header, NS.wsman, 'Locale');
  const optionSet = child(header, NS.wsman, 'OptionSet');
  const options: WsmanOption[] = optionSet
    ? childrenNamed(optionSet, NS.wsman, 'Option').map((o) => {
        const type = attribute(o, '', 'Type');
        // DSP0226's schema spells it MustComply, MS-WSMV 3.1.4.1.10 mustComply.
        const mustComply = (attribute(o, '', 'MustComply') ?? attribute(o, '', 'mustComply'))?.trim();
        return {
          name: attribute(o, '', 'Name') ?? '',
          value: o.text,
          ...(type === undefined ? {} : { type }),
          ...(mustComply === 'true' || mustComply === '1' ? { mustComply: true } : {}),
        };
      })
    : [];
  return {
    root,
    header,
    body,
    payload: body.children[0],
    action: headerText(header, NS.addressing, 'Action'),
    messageId: headerText(header, NS.addressing, 'MessageID'),
    relatesTo: headerText(header, NS.addressing, 'RelatesTo'),
    to: headerText(header, NS.addressing, 'To'),
    replyTo: child(child(header, NS.addressing, 'ReplyTo'), NS.addressing, 'Address')?.text.trim(),
    resourceUri: headerText(header, NS.wsman, 'ResourceURI'),
    selectors: readSelectorSet(child(header, NS.wsman, 'SelectorSet')),
    options,
    maxEnvelopeSize,
    operationTimeoutMs,
    locale: localeEl === undefined ? undefined : attribute(localeEl, NS.xml, 'lang'),
  };
}

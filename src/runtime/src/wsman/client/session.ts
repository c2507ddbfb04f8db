/**
 * `WsmanSession`: the `CimSession` that speaks WS-Management to WinRM (or any
 * DSP0226/DSP0227 service). It builds envelopes with the shared protocol
 * modules, sends them through a `WsmanChannel`, and decodes replies into wire
 * values (text forms the marshaler types with the descriptors).
 */
import { CimProtocolError, CimSessionError, CimTransportError, CimValueError } from '../../errors.js';
import { CimReference } from '../../reference.js';
import { type ClassRegistry } from '../../registry.js';
import { wirePath } from '../../marshal.js';
import type {
  AssociatorsOptions,
  CallOptions,
  CimInstance,
  CimSession,
  CimValue,
  EnumerateOptions,
  InvokeResult,
  ReferencesOptions,
} from '../../session.js';
import { buildRequest, newMessageId, readEnvelope, type Envelope, type WsmanOption } from '../envelope.js';
import { eprToReference, readEpr, referenceToEpr, type Selector } from '../epr.js';
import { faultToError, readFault } from '../fault.js';
import { instanceFromXml, instanceToXml, itemFromXml, methodBody, methodInputXml, methodOutputFromXml } from '../instance-xml.js';
import {
  ACTION,
  CIM_NAMESPACE_SELECTOR,
  NS,
  WQL_DIALECT,
  classResourceUri,
  invokeAction,
  wildcardResourceUri,
  type ResourceUriDialect,
} from '../namespaces.js';
import { child, escapeXmlText, type XmlElement } from '../../xml.js';
import { BasicChannel, unexpectedStatus, type WsmanChannel } from './channel.js';
import { NtlmChannel } from '../../auth/ntlm-channel.js';
import type { TlsOptions } from './http.js';
import { associatorsQuery, referencesQuery } from './queries.js';

export interface WsmanSessionOptions {
  /** `http://host:5985/wsman` or `https://host:5986/wsman`. */
  readonly url: string;
  readonly username: string;
  readonly password: string;
  /**
   * `basic`: required explicitly over plain `http:` (credentials travel readable; a warning is
   * emitted); over `https:` it is the default. `ntlm`: NTLMv2, with every message sealed over `http:`
   * (what a Windows host accepts out of the box), with TLS channel binding over `https:`.
   */
  readonly authentication?: 'basic' | 'ntlm';
  /** Namespace for calls that name none (default `root/cimv2`, as WinRM's). */
  readonly namespace?: string;
  /** Per-operation time limit (default 60,000 ms); sent as `w:OperationTimeout`. A call's own `timeoutMs` wins. */
  readonly timeoutMs?: number;
  /** `w:Locale` / `p:DataLocale`, e.g. `en-US`. Not sent when absent. */
  readonly locale?: string;
  /** `w:MaxEnvelopeSize` in bytes (default 512,000, WinRM's default limit). */
  readonly maxEnvelopeSize?: number;
  readonly tls?: TlsOptions;
  /** Resource URI form (default `wmi`): see docs/runtime-api.md. */
  readonly dialect?: ResourceUriDialect;
  /** Optional: descriptors to find key properties for `modifyInstance` of instances without a path. */
  readonly registry?: ClassRegistry;
  /** Items per Enumerate/Pull (`w:MaxElements` / `n:MaxElements`, default 100). */
  readonly maxElements?: number;
  /** Connections per host (default 4); further requests queue. */
  readonly maxConnections?: number;
  /** Largest response accepted (default 64 MiB). */
  readonly maxResponseBytes?: number;
  /** Receives warnings (plain-HTTP Basic, a failed Release); default `process.emitWarning`. */
  readonly onWarning?: (message: string) => void;
  /** Advanced: a channel of your own (another authentication scheme); `username`/`password`/`tls` are then the channel's business. */
  readonly channel?: WsmanChannel;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_ENVELOPE = 512_000;
const DEFAULT_MAX_ELEMENTS = 100;
const DEFAULT_MAX_RESPONSE = 64 * 1024 * 1024;
const RELEASE_TIMEOUT_MS = 5_000;
const MAX_EMPTY_PULLS = 64;

interface Call {
  readonly resourceUri: string;
  readonly action: string;
  readonly selectors?: readonly Selector[];
  readonly options?: readonly WsmanOption[];
  readonly body: string;
  readonly idempotent: boolean;
  readonly operation: string;
  readonly call?: CallOptions | undefined;
  /** The expected reply action; a different one is a protocol error. */
  readonly replyAction?: string;
}

export class WsmanSession implements CimSession {
  readonly url: URL;
  readonly namespace: string;
  readonly dialect: ResourceUriDialect;
  readonly #channel: WsmanChannel;
  readonly #timeoutMs: number;
  readonly #locale: string | undefined;
  readonly #maxEnvelopeSize: number;
  readonly #maxElements: number;
  readonly #maxResponseBytes: number;
  readonly #registry: ClassRegistry | undefined;
  readonly #warn: (message: string) => void;

  constructor(options: WsmanSessionOptions) {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch (cause) {
      throw new CimValueError(`invalid WS-Management URL ${JSON.stringify(options.url)}`, { cause });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CimValueError(`WS-Management URL must be http: or https:, got ${url.protocol}`);
    if (url.username || url.password) throw new CimValueError('put credentials in username/password, not in the URL');
    this.url = url;
    this.namespace = (options.namespace ?? 'root/cimv2').replace(/\\/g, '/');
    this.dialect = options.dialect ?? 'wmi';
    if (this.dialect !== 'wmi' && this.dialect !== 'dmtf') throw new CimValueError(`unknown dialect ${JSON.stringify(this.dialect)}; use 'wmi' or 'dmtf'`);
    this.#timeoutMs = positive('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    this.#locale = options.locale;
    this.#maxEnvelopeSize = positive('maxEnvelopeSize', options.maxEnvelopeSize ?? DEFAULT_MAX_ENVELOPE);
    this.#maxElements = positive('maxElements', options.maxElements ?? DEFAULT_MAX_ELEMENTS);
    this.#maxResponseBytes = positive('maxResponseBytes', options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE);
    this.#registry = options.registry;
    this.#warn = options.onWarning ?? ((message) => process.emitWarning(message, { code: 'MOFC_WSMAN' }));
    if (options.channel) {
      this.#channel = options.channel;
      return;
    }
    const auth = options.authentication ?? (url.protocol === 'https:' ? 'basic' : undefined);
    if (auth === undefined) {
      throw new CimValueError(
        `refusing to send credentials over plain HTTP to ${url.host} without an explicit authentication ('ntlm' seals every message; 'basic' sends the password readable), or use https:`,
      );
    }
    if (auth === 'ntlm') {
      // NTLMv2 over one kept-alive connection; over http: every message sealed (MS-WSMV), over https: channel binding.
      this.#channel = new NtlmChannel({
        url,
        username: options.username,
        password: options.password,
        ...(options.tls ? { tls: options.tls } : {}),
      });
      return;
    }
    if (auth !== 'basic') throw new CimValueError(`unknown authentication ${JSON.stringify(auth)}; use 'basic' or 'ntlm'`);
    if (url.protocol === 'http:') {
      this.#warn(`WS-Management: Basic authentication over plain HTTP to ${url.host}: the password travels unencrypted`);
    }
    this.#channel = new BasicChannel({
      url,
      username: options.username,
      password: options.password,
      ...(options.tls ? { tls: options.tls } : {}),
      ...(options.maxConnections !== undefined ? { maxConnections: options.maxConnections } : {}),
    });
  }

  // ---- plumbing ---------------------------------------------------------------

  #resourceUri(className: string, namespace: string | undefined): string {
    return classResourceUri(className, namespace ?? this.namespace, this.dialect);
  }

  /** Selectors naming an instance (keys, and `__cimnamespace` in the dmtf dialect). */
  #selectorsFor(path: CimReference): readonly Selector[] {
    return referenceToEpr(path, { dialect: this.dialect, defaultNamespace: this.namespace }).selectors;
  }

  #namespaceSelector(namespace: string | undefined): readonly Selector[] {
    return this.dialect === 'dmtf' ? [{ name: CIM_NAMESPACE_SELECTOR, value: namespace ?? this.namespace }] : [];
  }

  get #eprOptions() {
    return { dialect: this.dialect, defaultNamespace: this.namespace };
  }

  /** Sends one request and returns the reply envelope; faults become typed errors. */
  async #send(c: Call): Promise<Envelope> {
    const timeoutMs = c.call?.timeoutMs ?? this.#timeoutMs;
    positive('timeoutMs', timeoutMs);
    const messageId = newMessageId();
    const xml = buildRequest(
      {
        to: this.url.href,
        resourceUri: c.resourceUri,
        action: c.action,
        messageId,
        maxEnvelopeSize: this.#maxEnvelopeSize,
        operationTimeoutMs: timeoutMs,
        ...(this.#locale !== undefined ? { locale: this.#locale } : {}),
        ...(c.selectors ? { selectors: c.selectors } : {}),
        ...(c.options ? { options: c.options } : {}),
      },
      c.body,
    );
    const reply = await this.#channel.post(xml, {
      timeoutMs,
      signal: c.call?.signal,
      idempotent: c.idempotent,
      maxResponseBytes: this.#maxResponseBytes,
    });
    const ct = (reply.contentType ?? '').toLowerCase();
    const looksSoap = ct.includes('soap+xml') || ct.includes('text/xml') || (ct === '' && reply.body.length > 0);
    if (!looksSoap || reply.body.length === 0) throw unexpectedStatus(this.#channel.host, reply);
    let env: Envelope;
    try {
      env = readEnvelope(reply.body, { maxBytes: this.#maxResponseBytes });
    } catch (e) {
      if (reply.status !== 200 && e instanceof CimProtocolError) {
        throw new CimTransportError(`${this.#channel.host} answered HTTP ${reply.status} with an unreadable body: ${e.message}`, this.#channel.host, {
          httpStatus: reply.status,
          cause: e,
        });
      }
      throw e;
    }
    // A reply to another request (a confused proxy, a desynchronized connection) must not be taken for this one's.
    if (env.relatesTo !== undefined && env.relatesTo !== messageId) {
      throw new CimProtocolError(`${c.operation}: the reply relates to ${env.relatesTo}, not to this request (${messageId})`);
    }
    const fault = env.payload && env.payload.ns === NS.soap && env.payload.local === 'Fault' ? env.payload : undefined;
    if (fault) {
      throw faultToError(readFault(fault), { operation: c.operation, timeoutMs });
    }
    if (reply.status !== 200) throw unexpectedStatus(this.#channel.host, reply);
    if (c.replyAction !== undefined && env.action !== undefined && env.action !== c.replyAction) {
      throw new CimProtocolError(`${c.operation}: expected reply action ${c.replyAction}, got ${env.action}`);
    }
    return env;
  }

  // ---- CimSession -------------------------------------------------------------

  async getInstance(path: CimReference, options?: CallOptions): Promise<CimInstance> {
    const env = await this.#send({
      resourceUri: this.#resourceUri(path.className, path.namespace),
      action: ACTION.get,
      selectors: this.#selectorsFor(path),
      body: '',
      idempotent: true,
      operation: `Get ${path.toString()}`,
      call: options,
      replyAction: ACTION.getResponse,
    });
    if (!env.payload) throw new CimProtocolError(`Get ${path.toString()}: empty response body`);
    const located = path.namespace === undefined ? path.with({ namespace: this.namespace }) : path;
    return instanceFromXml(env.payload, located);
  }

  enumerateInstances(className: string, options: EnumerateOptions = {}): AsyncIterable<CimInstance> {
    const namespace = options.namespace ?? this.namespace;
    const deep = options.deep ?? true;
    const filtered = options.filter !== undefined;
    const items = this.#enumerate({
      resourceUri: filtered ? wildcardResourceUri(namespace, this.dialect) : this.#resourceUri(className, namespace),
      selectors: this.#namespaceSelector(namespace),
      filter: options.filter,
      operation: `Enumerate ${className}`,
      call: options,
      namespace,
    });
    if (deep) return items;
    // WS-Management enumerations are polymorphic; `deep: false` keeps the class's own instances.
    const lower = className.toLowerCase();
    return (async function* () {
      for await (const i of items) if (i.className.toLowerCase() === lower) yield i;
    })();
  }

  associators(path: CimReference, options: AssociatorsOptions = {}): AsyncIterable<CimInstance> {
    const namespace = path.namespace ?? this.namespace;
    return this.#enumerate({
      resourceUri: wildcardResourceUri(namespace, this.dialect),
      selectors: this.#namespaceSelector(namespace),
      filter: associatorsQuery(path, options),
      operation: `Associators of ${path.toString()}`,
      call: options,
      namespace,
    });
  }

  references(path: CimReference, options: ReferencesOptions = {}): AsyncIterable<CimInstance> {
    const namespace = path.namespace ?? this.namespace;
    return this.#enumerate({
      resourceUri: wildcardResourceUri(namespace, this.dialect),
      selectors: this.#namespaceSelector(namespace),
      filter: referencesQuery(path, options),
      operation: `References of ${path.toString()}`,
      call: options,
      namespace,
    });
  }

  /** Enumerate (optimized, first page in the answer), Pull until EndOfSequence; Release when the consumer stops early or aborts. */
  async *#enumerate(e: {
    resourceUri: string;
    selectors: readonly Selector[];
    filter: string | undefined;
    operation: string;
    call: CallOptions;
    namespace: string;
  }): AsyncGenerator<CimInstance> {
    const filter = e.filter === undefined ? '' : `<w:Filter Dialect="${WQL_DIALECT}">${escapeXmlText(e.filter)}</w:Filter>`;
    const body =
      `<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>${this.#maxElements}</w:MaxElements>${filter}` +
      `<w:EnumerationMode>EnumerateObjectAndEPR</w:EnumerationMode></n:Enumerate>`;
    const first = await this.#send({
      resourceUri: e.resourceUri,
      action: ACTION.enumerate,
      selectors: e.selectors,
      body,
      idempotent: true,
      operation: e.operation,
      call: e.call,
      replyAction: ACTION.enumerateResponse,
    });
    const response = first.payload;
    if (!response || response.ns !== NS.enumeration || response.local !== 'EnumerateResponse') {
      throw new CimProtocolError(`${e.operation}: expected n:EnumerateResponse`);
    }
    let context = child(response, NS.enumeration, 'EnumerationContext')?.text.trim();
    let page = this.#items(child(response, NS.wsman, 'Items') ?? child(response, NS.enumeration, 'Items'), e.namespace);
    let done = child(response, NS.wsman, 'EndOfSequence') !== undefined || child(response, NS.enumeration, 'EndOfSequence') !== undefined;
    let finished = false;
    let empty = 0;
    try {
      for (;;) {
        for (const item of page) yield item;
        if (done) break;
        // A server that keeps answering with nothing and never ends would otherwise spin forever.
        empty = page.length === 0 ? empty + 1 : 0;
        if (empty > MAX_EMPTY_PULLS) throw new CimProtocolError(`${e.operation}: ${MAX_EMPTY_PULLS} Pull replies in a row without items or EndOfSequence`);
        if (context === undefined || context === '') throw new CimProtocolError(`${e.operation}: no n:EnumerationContext to pull with`);
        const pulled = await this.#send({
          resourceUri: e.resourceUri,
          action: ACTION.pull,
          selectors: e.selectors,
          body: `<n:Pull><n:EnumerationContext>${escapeXmlText(context)}</n:EnumerationContext><n:MaxElements>${this.#maxElements}</n:MaxElements></n:Pull>`,
          idempotent: true,
          operation: `${e.operation} (Pull)`,
          call: e.call,
          replyAction: ACTION.pullResponse,
        });
        const pr = pulled.payload;
        if (!pr || pr.ns !== NS.enumeration || pr.local !== 'PullResponse') throw new CimProtocolError(`${e.operation}: expected n:PullResponse`);
        context = child(pr, NS.enumeration, 'EnumerationContext')?.text.trim() ?? context;
        page = this.#items(child(pr, NS.enumeration, 'Items'), e.namespace);
        done = child(pr, NS.enumeration, 'EndOfSequence') !== undefined;
      }
      finished = true;
    } finally {
      // The server ends the context itself at EndOfSequence; otherwise (early stop, abort, error) release it.
      if (!finished && !done && context) await this.#release(e.resourceUri, e.selectors, context);
    }
  }

  #items(items: XmlElement | undefined, namespace: string): CimInstance[] {
    if (!items) return [];
    return items.children.map((el) => (el.ns === NS.wsman && el.local === 'Item' ? itemFromXml(el, namespace) : instanceFromXml(el, undefined, namespace)));
  }

  async #release(resourceUri: string, selectors: readonly Selector[], context: string): Promise<void> {
    try {
      await this.#send({
        resourceUri,
        action: ACTION.release,
        selectors,
        body: `<n:Release><n:EnumerationContext>${escapeXmlText(context)}</n:EnumerationContext></n:Release>`,
        idempotent: false,
        operation: 'Release',
        call: { timeoutMs: Math.min(this.#timeoutMs, RELEASE_TIMEOUT_MS) },
      });
    } catch (err) {
      // Best effort: the server expires the context anyway; the caller's own error must not be masked.
      this.#warn(`WS-Management: Release of enumeration context ${context} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  async invokeMethod(target: CimReference, methodName: string, inParameters: Readonly<Record<string, CimValue>>, options?: CallOptions): Promise<InvokeResult> {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(methodName)) throw new CimValueError(`invalid method name ${JSON.stringify(methodName)}`);
    const resourceUri = this.#resourceUri(target.className, target.namespace);
    const env = await this.#send({
      resourceUri,
      action: invokeAction(resourceUri, methodName),
      selectors: target.isClassPath ? this.#namespaceSelector(target.namespace) : this.#selectorsFor(target),
      body: methodInputXml(resourceUri, methodName, inParameters, this.#eprOptions),
      idempotent: false,
      operation: `${target.className}.${methodName}`,
      call: options,
    });
    return methodOutputFromXml(methodBody(env.payload, '_OUTPUT'));
  }

  async createInstance(instance: CimInstance, options?: CallOptions): Promise<CimReference> {
    const namespace = instance.namespace ?? this.namespace;
    const env = await this.#send({
      resourceUri: this.#resourceUri(instance.className, namespace),
      action: ACTION.create,
      selectors: this.#namespaceSelector(namespace),
      body: instanceToXml(instance, { ...this.#eprOptions, nulls: 'omit' }),
      idempotent: false,
      operation: `Create ${instance.className}`,
      call: options,
      replyAction: ACTION.createResponse,
    });
    const created = env.payload;
    if (!created || created.local !== 'ResourceCreated') throw new CimProtocolError(`Create ${instance.className}: expected x:ResourceCreated`);
    const ref = eprToReference(readEpr(created));
    return ref.namespace === undefined ? ref.with({ namespace }) : ref;
  }

  async modifyInstance(instance: CimInstance, options?: CallOptions & { readonly propertyList?: readonly string[] }): Promise<void> {
    const path = instance.path ?? this.#pathOf(instance);
    const list = options?.propertyList?.map((p) => p.toLowerCase());
    const keys = new Set(Object.keys(path.keys).map((k) => k.toLowerCase()));
    const properties = list
      ? Object.fromEntries(Object.entries(instance.properties).filter(([k]) => keys.has(k.toLowerCase()) || list.includes(k.toLowerCase())))
      : instance.properties;
    await this.#send({
      resourceUri: this.#resourceUri(instance.className, instance.namespace ?? path.namespace),
      action: ACTION.put,
      selectors: this.#selectorsFor(path),
      body: instanceToXml({ ...instance, properties }, { ...this.#eprOptions, nulls: 'nil' }),
      idempotent: false,
      operation: `Put ${path.toString()}`,
      call: options,
      replyAction: ACTION.putResponse,
    });
  }

  #pathOf(instance: CimInstance): CimReference {
    const d = this.#registry?.get(instance.className);
    if (!d) {
      throw new CimSessionError(
        `modifyInstance of ${instance.className} over WS-Management needs the instance's path or its descriptor (pass a ClassRegistry as the session's registry)`,
      );
    }
    return wirePath(d, instance);
  }

  async deleteInstance(path: CimReference, options?: CallOptions): Promise<void> {
    await this.#send({
      resourceUri: this.#resourceUri(path.className, path.namespace),
      action: ACTION.delete,
      selectors: this.#selectorsFor(path),
      body: '',
      idempotent: false,
      operation: `Delete ${path.toString()}`,
      call: options,
      replyAction: ACTION.deleteResponse,
    });
  }

  async close(): Promise<void> {
    await this.#channel.close();
  }
}

function positive(name: string, v: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new CimValueError(`${name} must be a positive number, got ${String(v)}`);
  return v;
}

/**
 * The protocol side of the WS-Management server: one request envelope in, one
 * reply envelope out. Reads and validates the request (action, resource URI,
 * selectors, namespace, body), calls the `CimSession`, and writes the reply in
 * the shape WinRM writes it. Every failure becomes the fault a Windows host
 * would send; nothing here throws past `handleEnvelope`.
 *
 * Values: the session speaks typed wire values, the wire speaks text. Incoming
 * values (selectors, Put/Create bodies, method parameters) are typed with the
 * class descriptors (`unmarshalValue` accepts the text forms, `marshalValue`
 * gives the canonical wire value), so a session never sees "3" for a uint32.
 */
import type { ClassDescriptor, PropertyDescriptor, ValueDescriptor } from '../../descriptor.js';
import type { CimInstance, CimSession, CimValue } from '../../session.js';
import { CimError, CimProtocolError, CimSessionError, CimStatus } from '../../errors.js';
import { CimReference, type CimKeyValue } from '../../reference.js';
import { type ClassRegistry, findByName, findMethod, isA, lookup } from '../../registry.js';
import { isCimInstance, marshalValue, unmarshalValue, wirePath } from '../../marshal.js';
import { ACTION, ANONYMOUS, CIM_NAMESPACE_SELECTOR, NS, WQL_DIALECT, classResourceUri, invokeResponseAction, parseResourceUri, type ResourceUriDialect } from '../namespaces.js';
import { buildResponse, newMessageId, readEnvelope, type Envelope } from '../envelope.js';
import { eprContentXml, eprToReference, referenceToEpr, type Epr, type Selector } from '../epr.js';
import { instanceFromXml, instanceToXml, methodBody, methodOutputXml, propertiesFromXml, type InstanceXmlOptions } from '../instance-xml.js';
import { faultAction, faultXml } from '../fault.js';
import { attribute, child, type XmlElement } from '../../xml.js';
import { ServerFault, faultFromError, faults } from './faults.js';
import type { EnumerationContext, EnumerationStore } from './enumerations.js';
import { parseFilterQuery } from './query.js';
import type { HttpReply } from './http.js';
import { setOwn } from '../../own.js';

export interface HandlerOptions {
  readonly session: CimSession;
  readonly registry: ClassRegistry;
  readonly enumerations: EnumerationStore;
  /** Namespace for DMTF-form requests without `__cimnamespace`. */
  readonly defaultNamespace: string;
  /** Namespaces served (lower case, `/`-separated). */
  readonly namespaces: ReadonlySet<string>;
  /** `Machine` in `WSManFault`. */
  readonly machine: string;
  /** Reply size limit when the request gives no `w:MaxEnvelopeSize` (WinRM's default: 500 KB). */
  readonly maxEnvelopeSize: number;
  /** Cap on `MaxElements` (a client cannot make one page unbounded). */
  readonly maxElements: number;
  /** Limits for the request XML. */
  readonly maxDepth: number;
  /** Observes operations (tests, logs): the action and, for Release, the context. */
  readonly onOperation?: (event: { readonly action: string; readonly resourceUri: string | undefined; readonly context?: string }) => void;
}

/** Smallest MaxEnvelopeSize accepted (DSP0226 R6.2-4: services should accept 8192 and up). */
const MIN_ENVELOPE_SIZE = 8192;
/** Room kept for envelope headers around the items of a page. */
const ENVELOPE_OVERHEAD = 2048;

interface Target {
  readonly dialect: ResourceUriDialect;
  readonly resourceUri: string;
  readonly namespace: string;
  readonly descriptor: ClassDescriptor | undefined;
  readonly wildcard: boolean;
}

export function createHandler(options: HandlerOptions): (text: string, context: { readonly signal: AbortSignal }) => Promise<HttpReply> {
  return async (text, context) => {
    let envelope: Envelope | undefined;
    try {
      try {
        envelope = readEnvelope(text, { maxDepth: options.maxDepth });
      } catch (error) {
        if (error instanceof CimProtocolError) throw faults.malformed(error.message, error);
        throw error;
      }
      const { action, body } = await dispatch(envelope, options, context.signal);
      const xml = buildResponse({ action, messageId: newMessageId(), ...(envelope.messageId ? { relatesTo: envelope.messageId } : {}) }, body);
      const limit = envelopeLimit(envelope, options);
      const size = Buffer.byteLength(xml, 'utf8');
      if (size > limit) throw faults.replyTooLarge(size, limit);
      return { status: 200, body: xml };
    } catch (error) {
      const info = faultFromError(error, options.machine);
      const xml = buildResponse(
        { action: faultAction(info), messageId: newMessageId(), ...(envelope?.messageId ? { relatesTo: envelope.messageId } : {}) },
        faultXml(info),
      );
      return { status: 500, body: xml };
    }
  };
}

function envelopeLimit(envelope: Envelope, options: HandlerOptions): number {
  return Math.min(envelope.maxEnvelopeSize ?? options.maxEnvelopeSize, options.maxEnvelopeSize);
}

async function dispatch(envelope: Envelope, options: HandlerOptions, signal: AbortSignal): Promise<{ action: string; body: string }> {
  const action = envelope.action;
  if (action === undefined || action === '') throw faults.headerRequired('a:Action');
  if (envelope.messageId === undefined || envelope.messageId === '') throw faults.headerRequired('a:MessageID');
  checkMustUnderstand(envelope);
  const required = envelope.options.find((option) => option.mustComply);
  if (required) throw faults.optionNotSupported(required.name);
  if (envelope.replyTo !== undefined && envelope.replyTo !== ANONYMOUS) {
    throw faults.invalidBody(`a:ReplyTo must be the anonymous address, got ${envelope.replyTo}`);
  }
  if (envelope.maxEnvelopeSize !== undefined && envelope.maxEnvelopeSize < MIN_ENVELOPE_SIZE) {
    throw faults.envelopeLimitTooSmall(envelope.maxEnvelopeSize, MIN_ENVELOPE_SIZE);
  }
  const resourceUri = envelope.resourceUri;
  options.onOperation?.({ action, resourceUri });
  if (resourceUri === undefined || resourceUri === '') throw faults.headerRequired('w:ResourceURI');
  const target = resolveTarget(resourceUri, envelope.selectors, options);
  const call = { signal, ...(envelope.operationTimeoutMs !== undefined ? { timeoutMs: envelope.operationTimeoutMs } : {}) };
  const ctx: OperationContext = { envelope, options, target, call, xml: xmlOptions(target, options) };
  switch (action) {
    case ACTION.get:
      return { action: ACTION.getResponse, body: await get(ctx) };
    case ACTION.enumerate:
      return { action: ACTION.enumerateResponse, body: await enumerate(ctx) };
    case ACTION.pull:
      return { action: ACTION.pullResponse, body: await pull(ctx) };
    case ACTION.release:
      return { action: ACTION.releaseResponse, body: release(ctx) };
    case ACTION.put:
      return { action: ACTION.putResponse, body: await put(ctx) };
    case ACTION.create:
      return { action: ACTION.createResponse, body: await create(ctx) };
    case ACTION.delete:
      await remove(ctx);
      return { action: ACTION.deleteResponse, body: '' };
  }
  // Invoke: the action is `<resource URI>/<Method>` (DSP0226 §9); WinRM compares case-insensitively.
  const base = `${resourceUri.replace(/\/+$/, '')}/`;
  if (action.toLowerCase().startsWith(base.toLowerCase()) && /^[A-Za-z_][A-Za-z0-9_]*$/.test(action.slice(base.length))) {
    const methodName = action.slice(base.length);
    return { action: invokeResponseAction(resourceUri, methodName), body: await invoke(ctx, methodName) };
  }
  throw faults.actionNotSupported(action);
}

/** Headers this service acts on; any other marked `s:mustUnderstand` is refused (SOAP 1.2 §5.4.8). */
const UNDERSTOOD = new Set(
  [
    [NS.addressing, 'To'],
    [NS.addressing, 'ReplyTo'],
    [NS.addressing, 'Action'],
    [NS.addressing, 'MessageID'],
    [NS.wsman, 'ResourceURI'],
    [NS.wsman, 'MaxEnvelopeSize'],
    [NS.wsman, 'Locale'],
    [NS.wsman, 'SelectorSet'],
    // Read whatever its mustUnderstand (MS-WSMV 3.1.4.1.10): no option changes what this service
    // does, so one marked MustComply is refused (InvalidOptions) and any other is ignored.
    [NS.wsman, 'OptionSet'],
    [NS.wsman, 'OperationTimeout'],
    [NS.msWsman, 'DataLocale'],
    [NS.msWsman, 'SessionId'],
    [NS.msWsman, 'OperationID'],
    [NS.msWsman, 'SequenceId'],
  ].map(([ns, local]) => `${ns} ${local}`),
);

function checkMustUnderstand(envelope: Envelope): void {
  for (const h of envelope.header?.children ?? []) {
    const mu = attribute(h, NS.soap, 'mustUnderstand')?.trim();
    if ((mu === 'true' || mu === '1') && !UNDERSTOOD.has(`${h.ns} ${h.local}`)) throw faults.mustUnderstand(h.name);
  }
}

interface OperationContext {
  readonly envelope: Envelope;
  readonly options: HandlerOptions;
  readonly target: Target;
  readonly call: { readonly signal: AbortSignal; readonly timeoutMs?: number };
  readonly xml: InstanceXmlOptions;
}

function xmlOptions(target: Target, options: HandlerOptions): InstanceXmlOptions {
  return { dialect: target.dialect, defaultNamespace: target.namespace || options.defaultNamespace };
}

function normalizeNamespace(ns: string): string {
  return ns.replace(/\\/g, '/').replace(/^\/+|\/+$/g, '');
}

/** Resource URI (+ `__cimnamespace`) → class and namespace; unknown ones fault as WinRM does. */
function resolveTarget(resourceUri: string, selectors: readonly Selector[], options: HandlerOptions): Target {
  const parsed = parseResourceUri(resourceUri);
  if (!parsed) throw faults.invalidResourceUri(resourceUri);
  let namespace = parsed.namespace;
  const nsSelector = selectors.find((s) => s.name.toLowerCase() === CIM_NAMESPACE_SELECTOR);
  if (nsSelector) {
    if (typeof nsSelector.value !== 'string') throw faults.invalidSelectors(`${CIM_NAMESPACE_SELECTOR} must be text`, 'typeMismatch');
    if (parsed.dialect === 'wmi' && namespace !== undefined && normalizeNamespace(nsSelector.value).toLowerCase() !== namespace.toLowerCase()) {
      throw faults.invalidSelectors(`${CIM_NAMESPACE_SELECTOR} ${nsSelector.value} differs from the resource URI's namespace ${namespace}`, 'unexpected');
    }
    namespace = nsSelector.value;
  }
  const ns = normalizeNamespace(namespace ?? options.defaultNamespace);
  if (!options.namespaces.has(ns.toLowerCase())) {
    throw new CimSessionError(`namespace ${ns} is not served here`, CimStatus.INVALID_NAMESPACE);
  }
  let descriptor: ClassDescriptor | undefined;
  if (parsed.className !== undefined) {
    descriptor = options.registry.get(parsed.className);
    if (!descriptor || normalizeNamespace(descriptor.namespace).toLowerCase() !== ns.toLowerCase()) {
      throw new CimSessionError(`class ${parsed.className} does not exist in namespace ${ns}`, CimStatus.INVALID_CLASS);
    }
  }
  return { dialect: parsed.dialect, resourceUri, namespace: ns, descriptor, wildcard: parsed.wildcard };
}

function requireClass(target: Target, what: string): ClassDescriptor {
  if (!target.descriptor) throw faults.invalidResourceUri(`${target.resourceUri} (${what} needs a class resource URI, not a wildcard)`);
  return target.descriptor;
}

// ---- values ------------------------------------------------------------------------

/** A wire value read from XML (text, EPR, nested instance) → the typed wire value the descriptor says. */
function typedValue(desc: ValueDescriptor, value: CimValue, where: { className: string; member: string }, registry: ClassRegistry): CimValue {
  try {
    return marshalValue(desc, unmarshalValue(desc, value, where, registry), where, registry);
  } catch (error) {
    if (error instanceof CimError) throw faults.invalidRepresentation(error.message);
    throw error;
  }
}

/** Selectors → a typed instance path; checks they name exactly the keys. */
function pathFromSelectors(ctx: OperationContext, d: ClassDescriptor, allowClassPath: boolean): CimReference {
  const selectors = ctx.envelope.selectors.filter((s) => s.name.toLowerCase() !== CIM_NAMESPACE_SELECTOR);
  if (selectors.length === 0 && allowClassPath) return new CimReference(d.name, {}, { namespace: ctx.target.namespace });
  const seen = new Set<string>();
  const keys: Record<string, CimKeyValue> = {};
  for (const s of selectors) {
    const lower = s.name.toLowerCase();
    if (seen.has(lower)) throw faults.invalidSelectors(`selector ${s.name} appears twice`, 'duplicate');
    seen.add(lower);
    const keyName = d.keys.find((k) => k.toLowerCase() === lower);
    if (!keyName) throw faults.invalidSelectors(`${s.name} is not a key of ${d.name} (keys: ${d.keys.join(', ') || 'none'})`, 'unexpected');
    const p = findByName(d.properties, keyName)!;
    setOwn(keys, p.name, selectorValue(p, s, d, ctx.options.registry));
  }
  const missing = d.keys.filter((k) => !seen.has(k.toLowerCase()));
  if (missing.length > 0) throw faults.invalidSelectors(`missing selector(s) ${missing.join(', ')} for ${d.name}`, 'insufficient');
  return new CimReference(d.name, keys, { namespace: ctx.target.namespace, singleton: d.keys.length === 0 });
}

function selectorValue(p: PropertyDescriptor, s: Selector, d: ClassDescriptor, registry: ClassRegistry): CimKeyValue {
  const where = { className: d.name, member: p.name };
  let wire: CimValue;
  if (typeof s.value === 'string') wire = s.value;
  else {
    try {
      wire = eprToReference(s.value);
    } catch (error) {
      throw faults.invalidSelectors(`selector ${s.name}: ${(error as Error).message}`, 'typeMismatch');
    }
  }
  try {
    const typed = marshalValue(p, unmarshalValue(p, wire, where, registry), where, registry);
    if (typed === null || Array.isArray(typed) || isCimInstance(typed)) throw new CimProtocolError('not a key value');
    return typed as CimKeyValue;
  } catch (error) {
    throw faults.invalidSelectors(`selector ${s.name}: ${(error as Error).message}`, 'typeMismatch');
  }
}

/** An instance element from a Put/Create body → a typed wire instance of `d` (or the subclass its xsi:type names). */
function instanceFromBody(ctx: OperationContext, d: ClassDescriptor, payload: XmlElement | undefined): CimInstance {
  if (!payload) throw faults.invalidBody('the body holds no instance');
  let raw: CimInstance;
  try {
    raw = instanceFromXml(payload);
  } catch (error) {
    throw faults.invalidRepresentation((error as Error).message);
  }
  const registry = ctx.options.registry;
  const actual = registry.get(raw.className) ?? d;
  if (!isA(actual, actual.name, d.name)) throw faults.invalidRepresentation(`${raw.className} is not a ${d.name}`);
  const properties: Record<string, CimValue> = {};
  for (const [name, value] of Object.entries(raw.properties)) {
    const p = findByName(actual.properties, name);
    if (!p) throw faults.invalidRepresentation(`${actual.name} has no property ${name}`);
    setOwn(properties, p.name, value === null ? null : typedValue(p, value, { className: actual.name, member: p.name }, registry));
  }
  return { className: actual.name, namespace: ctx.target.namespace, properties };
}

// ---- instances out -----------------------------------------------------------------

function pathOf(instance: CimInstance, registry: ClassRegistry, namespace: string): CimReference | undefined {
  if (instance.path) return instance.path;
  const d = registry.get(instance.className);
  if (!d) return undefined;
  try {
    return wirePath(d, { ...instance, namespace: instance.namespace ?? namespace });
  } catch {
    return undefined;
  }
}

/**
 * An instance as WinRM writes it: every property of its class, alphabetically,
 * NULL ones as `xsi:nil` (so a client can tell "NULL" from "not in this schema").
 */
function instanceXml(ctx: OperationContext, instance: CimInstance): string {
  const d = ctx.options.registry.get(instance.className);
  if (!d) return instanceToXml(instance, ctx.xml);
  const properties: Record<string, CimValue> = {};
  for (const name of sortedNames(d)) setOwn(properties, name, lookup(instance.properties, name) ?? null);
  // Properties the class does not declare (a provider's extras) are sent after, as they came.
  for (const [name, value] of Object.entries(instance.properties)) if (lookup(properties, name) === undefined) setOwn(properties, name, value);
  return instanceToXml({ ...instance, properties }, ctx.xml);
}

const sortedNamesCache = new WeakMap<ClassDescriptor, readonly string[]>();

function sortedNames(d: ClassDescriptor): readonly string[] {
  let names = sortedNamesCache.get(d);
  if (!names) {
    names = d.properties.map((p) => p.name).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));
    sortedNamesCache.set(d, names);
  }
  return names;
}

function eprXml(ctx: OperationContext, ref: CimReference): string {
  const epr: Epr = referenceToEpr(ref, ctx.xml);
  return `<a:EndpointReference>${eprContentXml(epr)}</a:EndpointReference>`;
}

// ---- operations --------------------------------------------------------------------

async function get(ctx: OperationContext): Promise<string> {
  const d = requireClass(ctx.target, 'Get');
  const path = pathFromSelectors(ctx, d, false);
  const instance = await ctx.options.session.getInstance(path, ctx.call);
  return instanceXml(ctx, instance);
}

async function put(ctx: OperationContext): Promise<string> {
  const d = requireClass(ctx.target, 'Put');
  const path = pathFromSelectors(ctx, d, false);
  const instance = instanceFromBody(ctx, d, ctx.envelope.payload);
  // The selectors name the instance; key values in the body must agree with them.
  const properties: Record<string, CimValue> = { ...instance.properties };
  for (const [k, v] of Object.entries(path.keys)) {
    const sent = lookup(properties, k);
    if (sent !== undefined && sent !== null && !sameKey(sent, v)) throw faults.invalidRepresentation(`key ${k} in the body differs from its selector`);
    setOwn(properties, k, v as CimValue);
  }
  await ctx.options.session.modifyInstance({ ...instance, properties }, ctx.call);
  const updated = await ctx.options.session.getInstance(path, ctx.call);
  return instanceXml(ctx, updated);
}

function sameKey(a: CimValue, b: CimKeyValue): boolean {
  if (a instanceof CimReference && b instanceof CimReference) return a.equals(b);
  return String(a) === String(b);
}

async function create(ctx: OperationContext): Promise<string> {
  const d = requireClass(ctx.target, 'Create');
  const instance = instanceFromBody(ctx, d, ctx.envelope.payload);
  const path = await ctx.options.session.createInstance(instance, ctx.call);
  const epr = referenceToEpr(path.namespace ? path : path.with({ namespace: ctx.target.namespace }), ctx.xml);
  return `<x:ResourceCreated xmlns:x="${NS.transfer}">${eprContentXml(epr)}</x:ResourceCreated>`;
}

async function remove(ctx: OperationContext): Promise<void> {
  const d = requireClass(ctx.target, 'Delete');
  await ctx.options.session.deleteInstance(pathFromSelectors(ctx, d, false), ctx.call);
}

async function invoke(ctx: OperationContext, methodName: string): Promise<string> {
  const d = requireClass(ctx.target, 'Invoke');
  const method = findMethod(d, methodName);
  if (!method) throw new CimSessionError(`${d.name} has no method ${methodName}`, CimStatus.METHOD_NOT_FOUND);
  // A static method is called on the class (no selectors); any other on an instance, named by all its keys.
  const target = pathFromSelectors(ctx, d, method.isStatic === true);
  let input: XmlElement;
  try {
    input = methodBody(ctx.envelope.payload, '_INPUT');
  } catch (error) {
    throw faults.invalidBody((error as Error).message);
  }
  if (input.local.toLowerCase() !== `${method.name}_INPUT`.toLowerCase()) {
    throw faults.invalidBody(`expected <${method.name}_INPUT>, found <${input.local}>`);
  }
  let raw: Record<string, CimValue>;
  try {
    raw = propertiesFromXml(input);
  } catch (error) {
    throw faults.invalidBody((error as Error).message);
  }
  const registry = ctx.options.registry;
  const params: Record<string, CimValue> = {};
  for (const [name, value] of Object.entries(raw)) {
    const p = method.parameters.find((x) => x.in && x.name.toLowerCase() === name.toLowerCase());
    if (!p) throw new CimSessionError(`${d.name}.${method.name} has no input parameter ${name}`, CimStatus.INVALID_PARAMETER);
    if (value === null) continue;
    try {
      setOwn(params, p.name, marshalValue(p, unmarshalValue(p, value, { className: d.name, member: `${method.name}.${p.name}` }, registry), { className: d.name, member: `${method.name}.${p.name}` }, registry));
    } catch (error) {
      if (error instanceof CimError) throw new CimSessionError(error.message, CimStatus.INVALID_PARAMETER);
      throw error;
    }
  }
  const result = await ctx.options.session.invokeMethod(target, method.name, params, ctx.call);
  return methodOutputXml(classResourceUri(d.name, ctx.target.namespace, ctx.target.dialect), method.name, result.returnValue, result.outParameters, ctx.xml);
}

// ---- enumeration -------------------------------------------------------------------

interface EnumerateRequest {
  readonly optimize: boolean;
  readonly maxElements: number;
  readonly withEpr: boolean;
  readonly eprOnly: boolean;
  readonly filter: string | undefined;
}

function readEnumerate(ctx: OperationContext): EnumerateRequest {
  const body = ctx.envelope.payload;
  if (!body || body.local !== 'Enumerate' || body.ns !== NS.enumeration) throw faults.invalidBody('expected n:Enumerate');
  const optimize = child(body, NS.wsman, 'OptimizeEnumeration') !== undefined;
  const maxElements = readMaxElements(child(body, NS.wsman, 'MaxElements'), ctx.options.maxElements);
  const mode = child(body, NS.wsman, 'EnumerationMode')?.text.trim();
  if (mode !== undefined && mode !== 'EnumerateObjectAndEPR' && mode !== 'EnumerateEPR') throw faults.invalidBody(`unknown w:EnumerationMode ${mode}`);
  const filterEl = child(body, NS.wsman, 'Filter') ?? child(body, NS.enumeration, 'Filter');
  let filter: string | undefined;
  if (filterEl) {
    const dialect = attribute(filterEl, '', 'Dialect') ?? WQL_DIALECT;
    if (dialect !== WQL_DIALECT) throw faults.filterDialect(dialect);
    filter = filterEl.text.trim();
    if (filter === '') throw new CimSessionError('empty WQL filter', CimStatus.INVALID_QUERY);
  }
  return { optimize, maxElements, withEpr: mode !== undefined, eprOnly: mode === 'EnumerateEPR', filter };
}

function readMaxElements(el: XmlElement | undefined, cap: number): number {
  if (!el) return 1;
  const t = el.text.trim();
  if (!/^\d{1,9}$/.test(t) || Number(t) < 1) throw faults.invalidBody(`MaxElements must be a positive integer, got ${JSON.stringify(t)}`);
  return Math.min(Number(t), cap);
}

function openIterator(ctx: OperationContext, request: EnumerateRequest, signal: AbortSignal): AsyncIterator<CimInstance> {
  const session = ctx.options.session;
  const namespace = ctx.target.namespace;
  if (request.filter === undefined) {
    const d = requireClass(ctx.target, 'Enumerate without a filter');
    return session.enumerateInstances(d.name, { namespace, signal })[Symbol.asyncIterator]();
  }
  const query = parseFilterQuery(request.filter);
  if (query.kind === 'select') {
    const known = ctx.options.registry.get(query.className);
    if (!known) throw new CimSessionError(`class ${query.className} in the filter does not exist`, CimStatus.INVALID_CLASS);
    // On a class URI, the filter must select from that class (or a subclass of it).
    if (ctx.target.descriptor && !isA(known, known.name, ctx.target.descriptor.name)) {
      throw new CimSessionError(`the filter selects from ${known.name}, not from ${ctx.target.descriptor.name}`, CimStatus.INVALID_QUERY);
    }
    return session.enumerateInstances(known.name, { namespace, filter: request.filter, signal })[Symbol.asyncIterator]();
  }
  const source = query.source.namespace === undefined ? query.source.with({ namespace }) : query.source;
  const sourceClass = ctx.options.registry.get(source.className);
  if (!sourceClass) throw new CimSessionError(`class ${source.className} in the filter does not exist`, CimStatus.INVALID_CLASS);
  const typedSource = new CimReference(sourceClass.name, typedKeys(source, sourceClass, ctx.options.registry), { namespace: source.namespace });
  if (query.kind === 'associators') {
    const { source: _source, kind: _kind, ...rest } = query;
    return session.associators(typedSource, { ...rest, signal })[Symbol.asyncIterator]();
  }
  const { source: _source, kind: _kind, ...rest } = query;
  return session.references(typedSource, { ...rest, signal })[Symbol.asyncIterator]();
}

/** Keys of a parsed object path typed by the class (`"3"` → 3); bad values are a filter error. */
function typedKeys(ref: CimReference, d: ClassDescriptor, registry: ClassRegistry): Record<string, CimKeyValue> {
  const out: Record<string, CimKeyValue> = {};
  for (const [name, value] of Object.entries(ref.keys)) {
    const p = findByName(d.properties, name);
    if (!p?.key) throw new CimSessionError(`${name} is not a key of ${d.name}`, CimStatus.INVALID_QUERY);
    if (typeof value !== 'string') {
      setOwn(out, p.name, value);
      continue;
    }
    try {
      setOwn(out, p.name, marshalValue(p, unmarshalValue(p, value, { className: d.name, member: p.name }, registry), { className: d.name, member: p.name }, registry) as CimKeyValue);
    } catch (error) {
      throw new CimSessionError(`key ${d.name}.${p.name}: ${(error as Error).message}`, CimStatus.INVALID_QUERY);
    }
  }
  return out;
}

/** Items as XML for one page, within `maxElements` and the byte budget; a first item over the budget is a fault. */
async function fillPage(
  ctx: OperationContext,
  state: EnumerationContext,
  request: { readonly maxElements: number; readonly withEpr: boolean; readonly eprOnly: boolean },
  budget: number,
): Promise<string[]> {
  const items: string[] = [];
  let size = 0;
  const deadline = ctx.call.timeoutMs === undefined ? undefined : Date.now() + ctx.call.timeoutMs;
  while (items.length < request.maxElements) {
    let instance = state.pending.shift();
    if (instance === undefined) {
      if (state.done) break;
      const next = await nextWithin(state, deadline, ctx.call.signal);
      if (next === 'timeout') {
        // Nothing yet: WinRM's TimedOut, and the context stays usable for the next Pull.
        if (items.length === 0) throw faults.timedOut();
        break;
      }
      if (next.done) {
        state.done = true;
        break;
      }
      instance = next.value;
    }
    const xml = itemXml(ctx, instance, request);
    const bytes = Buffer.byteLength(xml, 'utf8');
    if (size + bytes > budget) {
      if (items.length === 0) throw faults.replyTooLarge(bytes + ENVELOPE_OVERHEAD, budget + ENVELOPE_OVERHEAD);
      state.pending.unshift(instance);
      break;
    }
    items.push(xml);
    size += bytes;
  }
  // Look one ahead so the page that holds the last item says EndOfSequence (no empty last Pull);
  // only what is ready now: a slow next item must not hold back a full page.
  if (!state.done && state.pending.length === 0) {
    const next = await nextWithin(state, Date.now(), ctx.call.signal);
    if (next !== 'timeout') {
      if (next.done) state.done = true;
      else state.pending.push(next.value);
    }
  }
  return items;
}

function itemXml(ctx: OperationContext, instance: CimInstance, request: { readonly withEpr: boolean; readonly eprOnly: boolean }): string {
  if (!request.withEpr) return instanceXml(ctx, instance);
  const path = pathOf(instance, ctx.options.registry, ctx.target.namespace);
  if (!path) throw new CimSessionError(`cannot tell the path of a ${instance.className} instance`, CimStatus.FAILED);
  if (request.eprOnly) return eprXml(ctx, path);
  return `<w:Item>${instanceXml(ctx, instance)}${eprXml(ctx, path)}</w:Item>`;
}

/** The iterator's next result, or `'timeout'`; a result that arrives late is kept for the next Pull. */
async function nextWithin(state: EnumerationContext, deadline: number | undefined, signal: AbortSignal): Promise<IteratorResult<CimInstance> | 'timeout'> {
  const pending = (state.inflight ??= state.iterator.next());
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  try {
    const raced = await Promise.race([
      pending,
      new Promise<'timeout'>((resolve) => {
        if (deadline !== undefined) timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()));
      }),
      new Promise<never>((_, reject) => {
        onAbort = () => reject(signal.reason);
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
    if (raced !== 'timeout') state.inflight = undefined;
    return raced;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

function pageBudget(ctx: OperationContext): number {
  return envelopeLimit(ctx.envelope, ctx.options) - ENVELOPE_OVERHEAD;
}

async function enumerate(ctx: OperationContext): Promise<string> {
  const request = readEnumerate(ctx);
  if (!ctx.target.wildcard && request.filter === undefined) requireClass(ctx.target, 'Enumerate');
  if (ctx.target.wildcard && request.filter === undefined) {
    throw new CimSessionError('an enumeration of the wildcard resource URI needs a WQL filter', CimStatus.INVALID_QUERY);
  }
  const controller = new AbortController();
  const iterator = openIterator(ctx, request, controller.signal);
  const state = ctx.options.enumerations.open(iterator, ctx.target.resourceUri, request, controller);
  if (!state) {
    void iterator.return?.().catch(() => undefined);
    throw faults.quotaLimit(`The maximum number of open enumerations (${ctx.options.enumerations.maxOpen}) has been reached; release or finish some first.`);
  }
  let items: string[] = [];
  try {
    if (request.optimize) items = await fillPage(ctx, state, request, pageBudget(ctx));
    else await primeIterator(ctx, state);
  } catch (error) {
    // An enumeration that failed at once leaves nothing open (the first `next()` is where sessions validate).
    ctx.options.enumerations.end(state.id);
    throw error;
  }
  const finished = state.done && state.pending.length === 0;
  if (finished) ctx.options.enumerations.end(state.id);
  let out = `<n:EnumerateResponse><n:EnumerationContext>${finished ? '' : state.id}</n:EnumerationContext>`;
  if (request.optimize) {
    out += `<w:Items>${items.join('')}</w:Items>`;
    if (finished) out += '<w:EndOfSequence/>';
  }
  return `${out}</n:EnumerateResponse>`;
}

/** Without OptimizeEnumeration no items are sent, but errors (bad filter, unknown class) must still surface now: read one ahead. */
async function primeIterator(ctx: OperationContext, state: EnumerationContext): Promise<void> {
  const deadline = ctx.call.timeoutMs === undefined ? undefined : Date.now() + ctx.call.timeoutMs;
  const next = await nextWithin(state, deadline, ctx.call.signal);
  if (next === 'timeout') return;
  if (next.done) state.done = true;
  else state.pending.push(next.value);
}

function contextIdOf(ctx: OperationContext, local: 'Pull' | 'Release'): string {
  const body = ctx.envelope.payload;
  if (!body || body.local !== local || body.ns !== NS.enumeration) throw faults.invalidBody(`expected n:${local}`);
  const id = child(body, NS.enumeration, 'EnumerationContext')?.text.trim();
  if (!id) throw faults.invalidEnumerationContext('no n:EnumerationContext');
  return id;
}

function openContext(ctx: OperationContext, id: string): EnumerationContext {
  const state = ctx.options.enumerations.get(id);
  if (state === undefined) throw faults.invalidEnumerationContext(`${id} was never issued by this service`);
  if (state === 'expired') throw faults.invalidEnumerationContext(`${id} has expired or was released`);
  if (state.resourceUri.toLowerCase() !== ctx.target.resourceUri.toLowerCase()) {
    throw faults.invalidEnumerationContext(`${id} belongs to another resource URI`);
  }
  return state;
}

async function pull(ctx: OperationContext): Promise<string> {
  const id = contextIdOf(ctx, 'Pull');
  const state = openContext(ctx, id);
  if (state.busy) throw faults.pullInProgress();
  const body = ctx.envelope.payload!;
  const maxElements = readMaxElements(child(body, NS.enumeration, 'MaxElements'), ctx.options.maxElements);
  const maxCharacters = child(body, NS.enumeration, 'MaxCharacters')?.text.trim();
  let budget = pageBudget(ctx);
  if (maxCharacters !== undefined && /^\d{1,9}$/.test(maxCharacters)) budget = Math.min(budget, Number(maxCharacters));
  state.busy = true;
  let items: string[];
  try {
    items = await fillPage(ctx, state, { maxElements, withEpr: state.request.withEpr, eprOnly: state.request.eprOnly }, budget);
  } catch (error) {
    state.busy = false;
    // A timeout keeps the context (the client may Pull again); any other failure ends it.
    if (!(error instanceof ServerFault && error.info.subcode === 'TimedOut')) ctx.options.enumerations.end(id);
    throw error;
  }
  state.busy = false;
  ctx.options.enumerations.touch(state);
  const finished = state.done && state.pending.length === 0;
  if (finished) ctx.options.enumerations.end(id);
  let out = '<n:PullResponse>';
  if (!finished) out += `<n:EnumerationContext>${id}</n:EnumerationContext>`;
  out += `<n:Items>${items.join('')}</n:Items>`;
  if (finished) out += '<n:EndOfSequence/>';
  return `${out}</n:PullResponse>`;
}

function release(ctx: OperationContext): string {
  const id = contextIdOf(ctx, 'Release');
  openContext(ctx, id);
  ctx.options.onOperation?.({ action: ACTION.release, resourceUri: ctx.target.resourceUri, context: id });
  ctx.options.enumerations.end(id, 'released');
  return '';
}

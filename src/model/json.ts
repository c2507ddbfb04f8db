/**
 * Model JSON (docs/model-json.md): the repository as JSON, 2-space indented,
 * with a final newline, written piece by piece. Deterministic: namespaces, classes
 * and qualifier types are sorted by name (case-insensitively, then by code
 * unit); members keep their flattened declaration order, which is
 * meaningful; every object is built with its keys in one fixed order.
 */
import { sortInstances } from './instances.js';
import type { ClassState } from './context.js';
import { methodsOf, ownMembersOf, propertiesOf } from './flatten.js';
import type { ClassModel, MethodModel, NamespaceModel, PropertyModel, QualifierType, Repository } from './types.js';

export function compareNames(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function byName<T extends { readonly name: string }>(a: T, b: T): number {
  return compareNames(a.name, b.name);
}

/** The resolved class behind each class model, so the JSON writer can make its lists without keeping them. */
const stateOfModel = new WeakMap<ClassModel, ClassState>();

function ancestorsOf(state: ClassState): string[] {
  const out: string[] = [];
  for (let c = state.superclass; c; c = c.superclass) out.push(c.name);
  return out;
}

function keysOf(properties: readonly PropertyModel[]): string[] {
  return properties.filter((p) => p.key).map((p) => p.name);
}

/**
 * Defines `key` on `target` as a value computed on first read and kept. The
 * flattened lists of a deep hierarchy add up to depth × width, so they are
 * made only for what reads them (codegen reads a few classes; `check` none).
 */
function lazy<T>(target: object, key: string, compute: () => T): void {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = compute();
      // Redefining an existing property keeps its place in the key order.
      Object.defineProperty(target, key, { value, enumerable: true, writable: false, configurable: false });
      return value;
    },
  });
}

/**
 * The model of a resolved class. `ancestors`, `keys`, `properties` and
 * `methods` are computed when first read.
 */
export function classModel(state: ClassState): ClassModel {
  const model = {
    name: state.name,
    superclass: state.superclass?.name ?? state.entry.decl.superclass?.name ?? null,
  } as Record<string, unknown>;
  lazy(model, 'ancestors', () => ancestorsOf(state));
  model['isAssociation'] = state.isAssociation;
  model['isIndication'] = state.isIndication;
  model['isAbstract'] = state.isAbstract;
  model['qualifiers'] = Object.fromEntries(state.qualifiers.map((q) => [q.name, q.value]));
  lazy(model, 'keys', () => keysOf((model as unknown as ClassModel).properties));
  lazy(model, 'properties', () => propertiesOf(state).map((p) => p.model));
  lazy(model, 'methods', () => methodsOf(state).map((m) => m.model));
  model['instances'] = sortInstances(state.instances);
  model['amendments'] = state.amendments;
  const result = model as unknown as ClassModel;
  stateOfModel.set(result, state);
  return result;
}

export function namespaceModel(
  name: string,
  locale: string | null,
  qualifierTypes: Iterable<QualifierType>,
  classes: readonly ClassModel[],
): NamespaceModel {
  return {
    name,
    locale,
    qualifierTypes: [...qualifierTypes].sort(byName),
    classes: [...classes].sort(byName),
  };
}

export interface ModelJsonOptions {
  /**
   * The compact form (docs/model-json.md): each class lists only the members
   * it declares, overrides or changes, and no `ancestors` or `keys`; its size
   * grows with the schema, not with depth × width.
   */
  readonly compact?: boolean;
}

/** The repository as model JSON text (small repositories, tests). Same bytes as `writeModelJson`. */
export function modelToJson(repository: Repository, options: ModelJsonOptions = {}): string {
  const pieces: string[] = [];
  writeModelJson(repository, (piece) => pieces.push(piece), options);
  return pieces.join('');
}

/**
 * Writes the repository as model JSON through `write`, piece by piece (a
 * member, a separator), never as one string: the flattened model of a deep
 * hierarchy is larger than the longest string V8 can make. A sink that writes
 * to a file or a pipe should gather the pieces (the CLI's does, as bytes).
 * The text is exactly `JSON.stringify(sorted, null, 2) + '\n'`: the
 * containers down to each member are written here, and each member, qualifier
 * type or instance is `JSON.stringify` re-indented (it holds no newline but
 * the ones indentation adds, since strings escape theirs).
 */
export function writeModelJson(repository: Repository, write: Write, options: ModelJsonOptions = {}): void {
  const members = new MemberTexts();
  const compact = options.compact === true;
  const namespaces = [...repository.namespaces].sort(byName);
  write(compact ? '{\n  "form": "compact",\n  "namespaces": ' : '{\n  "namespaces": ');
  writeArray(write, namespaces, '  ', (ns, indent) => {
    const inner = indent + '  ';
    write(`{\n${inner}"name": ${JSON.stringify(ns.name)},\n${inner}"locale": ${JSON.stringify(ns.locale)},\n${inner}"qualifierTypes": `);
    writeArray(write, [...ns.qualifierTypes].sort(byName), inner, (type, at) => writeLeaf(write, type, at));
    write(`,\n${inner}"classes": `);
    writeArray(write, [...ns.classes].sort(byName), inner, (cls, at) => writeClass(write, members, cls, at, compact));
    write(`\n${indent}}`);
  });
  write('\n}\n');
}

/** Where the text goes, piece by piece. */
type Write = (piece: string) => void;

/** `JSON.stringify(value, null, 2)` as it reads nested at `indent`. */
function leafText(value: unknown, indent: string): string {
  return (JSON.stringify(value, null, 2) ?? 'null').replaceAll('\n', '\n' + indent);
}

function writeLeaf(write: Write, value: unknown, indent: string): void {
  write(leafText(value, indent));
}

/**
 * Members' text, kept for one write. The flattened form repeats every
 * inherited member in every subclass (DMTF 2.49: 67.5 MB of JSON), and an
 * inherited member's model is the declaring class's own object, so each member
 * is serialized once per write and then copied.
 */
class MemberTexts {
  private readonly texts = new Map<object, { indent: string; text: string }>();

  text(member: object, indent: string): string {
    const kept = this.texts.get(member);
    if (kept !== undefined && kept.indent === indent) return kept.text;
    const text = leafText(member, indent);
    this.texts.set(member, { indent, text });
    return text;
  }
}

function writeArray<T>(write: Write, items: readonly T[], indent: string, item: (value: T, indent: string) => void): void {
  if (items.length === 0) {
    write('[]');
    return;
  }
  const inner = indent + '  ';
  write('[');
  for (let i = 0; i < items.length; i++) {
    write(i === 0 ? `\n${inner}` : `,\n${inner}`);
    item(items[i]!, inner);
  }
  write(`\n${indent}]`);
}

function writeClass(write: Write, members: MemberTexts, cls: ClassModel, indent: string, compact: boolean): void {
  const state = stateOfModel.get(cls);
  // Made here, written and dropped, rather than kept by the model's lazy properties.
  let properties: readonly PropertyModel[] | undefined;
  let methods: readonly MethodModel[] | undefined;
  if (state && compact) {
    const own = ownMembersOf(state);
    properties = own.props.map((p) => p.model);
    methods = own.methods.map((m) => m.model);
  } else if (state) {
    properties = propertiesOf(state).map((p) => p.model);
    methods = methodsOf(state).map((m) => m.model);
  } else {
    properties = cls.properties;
    methods = cls.methods;
  }
  const inner = indent + '  ';
  let first = true;
  for (const key of Object.keys(cls)) {
    if (compact && (key === 'ancestors' || key === 'keys')) continue;
    let value: unknown;
    if (key === 'properties') value = properties;
    else if (key === 'methods') value = methods;
    else if (key === 'ancestors' && state) value = ancestorsOf(state);
    else if (key === 'keys' && state) value = keysOf(properties);
    else value = (cls as unknown as Record<string, unknown>)[key];
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    write(`${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `);
    first = false;
    if (key === 'properties' || key === 'methods') writeArray(write, value as readonly object[], inner, (member, at) => write(members.text(member, at)));
    else writeLeaf(write, value, inner);
  }
  write(first ? '{}' : `\n${indent}}`);
}

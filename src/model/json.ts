/**
 * Model JSON (docs/model-json.md): the repository as JSON, 2-space indented,
 * with a final newline. Deterministic: namespaces, classes and qualifier
 * types are sorted by name (case-insensitively, then by code unit); members
 * keep their flattened declaration order, which is meaningful; every object
 * is built with its keys in one fixed order.
 */
import { sortInstances } from './instances.js';
import type { ClassState } from './context.js';
import type { ClassModel, NamespaceModel, QualifierType, Repository } from './types.js';

export function compareNames(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function byName<T extends { readonly name: string }>(a: T, b: T): number {
  return compareNames(a.name, b.name);
}

/** The model of a resolved class. */
export function classModel(state: ClassState): ClassModel {
  return {
    name: state.name,
    superclass: state.superclass?.name ?? state.entry.decl.superclass?.name ?? null,
    ancestors: state.ancestors,
    isAssociation: state.isAssociation,
    isIndication: state.isIndication,
    isAbstract: state.isAbstract,
    qualifiers: Object.fromEntries(state.qualifiers.map((q) => [q.name, q.value])),
    keys: state.props.filter((p) => p.model.key).map((p) => p.model.name),
    properties: state.props.map((p) => p.model),
    methods: state.methods.map((m) => m.model),
    instances: sortInstances(state.instances),
    amendments: state.amendments,
  };
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

/**
 * The repository as model JSON text. Native `JSON.stringify` is used as is:
 * a hand-written serializer that reuses the text of members shared by
 * subclasses was measured slower (allocation dominates, not serializing).
 */
export function modelToJson(repository: Repository): string {
  const sorted: Repository = {
    namespaces: [...repository.namespaces].sort(byName).map((ns) => ({
      name: ns.name,
      locale: ns.locale,
      qualifierTypes: [...ns.qualifierTypes].sort(byName),
      classes: [...ns.classes].sort(byName),
    })),
  };
  return JSON.stringify(sorted, null, 2) + '\n';
}

/**
 * Resolution state shared by the stages: per namespace, the qualifier types
 * in effect, the resolved (flattened) classes memoized by lower-cased name,
 * and the amendments waiting to be merged. Plus the internal shapes of a
 * resolved class, which keep the resolved qualifier lists (with spans and
 * flavors) that the JSON model drops.
 */
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import type { Dialect } from './dialect.js';
import type { ResolvedQualifier, QualifierTypeLookup } from './qualifiers.js';
import { applyFlavorDeclaration } from './qualifiers.js';
import { sameName } from './names.js';
import type { AliasUse } from './values.js';
import type { MemberTable } from './members.js';
import type { NamespaceState, ClassEntry } from './state.js';
import type {
  AmendedQualifiers,
  InstanceModel,
  MethodModel,
  ParameterModel,
  PropertyModel,
  QualifierType,
} from './types.js';
import type * as ast from '../ast/nodes.js';

export interface PropState {
  readonly model: PropertyModel;
  /** Effective qualifiers of the property in this class. */
  readonly qualifiers: readonly ResolvedQualifier[];
  /** Name of the latest (re)declaration, for related information. */
  readonly nameSpan: Span;
  /** The class whose declaration this is (the latest one that redeclared it). */
  readonly declaringClass: string;
  /** The same property as a subclass inherits it (memoized; shared by every subclass). */
  inherited?: PropState;
}

export interface ParamState {
  readonly model: ParameterModel;
  readonly qualifiers: readonly ResolvedQualifier[];
  readonly nameSpan: Span;
}

export interface MethodState {
  readonly model: MethodModel;
  readonly qualifiers: readonly ResolvedQualifier[];
  readonly params: readonly ParamState[];
  readonly nameSpan: Span;
  readonly declaringClass: string;
  inherited?: MethodState;
}

export interface ClassState {
  readonly name: string;
  readonly key: string;
  readonly entry: ClassEntry;
  readonly superclass: ClassState | null;
  readonly qualifiers: readonly ResolvedQualifier[];
  readonly isAssociation: boolean;
  readonly isIndication: boolean;
  readonly isAbstract: boolean;
  /** Flattened members, shared with the superclass (members.ts); read them with flatten.ts's `propertiesOf`, `propertyOf`, … */
  readonly props: MemberTable<PropState>;
  readonly methods: MemberTable<MethodState>;
  readonly instances: InstanceModel[];
  readonly amendments: Record<string, AmendedQualifiers>;
}

/** Amended qualifiers of one class for one locale, resolved (from an `.mfl`). */
export interface AmendmentData {
  readonly locale: string;
  readonly className: ast.Identifier;
  readonly classQualifiers: readonly ResolvedQualifier[];
  readonly properties: ReadonlyMap<string, { readonly name: ast.Identifier; readonly qualifiers: readonly ResolvedQualifier[] }>;
  readonly methods: ReadonlyMap<
    string,
    {
      readonly name: ast.Identifier;
      readonly qualifiers: readonly ResolvedQualifier[];
      readonly params: ReadonlyMap<string, { readonly name: ast.Identifier; readonly qualifiers: readonly ResolvedQualifier[] }>;
    }
  >;
}

export interface ModelOptions {
  readonly dialect: Dialect;
  /** Normalized locale (`0x409`) whose amendments the model's qualifiers take, if any. */
  readonly locale: string | null;
}

export class ModelContext {
  readonly namespaces = new Map<string, NamespaceContext>();
  readonly aliasUses: AliasUse[] = [];

  constructor(
    readonly options: ModelOptions,
    readonly diagnostics: Diagnostic[],
  ) {}
}

export class NamespaceContext {
  readonly lookup: QualifierTypeLookup;
  /** Every qualifier type in effect (input declarations over built-ins), by lower-cased name. */
  readonly qualifierTypes: ReadonlyMap<string, QualifierType>;
  readonly resolved = new Map<string, ClassState>();
  readonly inProgress = new Set<string>();
  /** Classes that cannot be resolved (in an inheritance cycle). */
  readonly broken = new Set<string>();
  /** By lower-cased class name, then locale. */
  readonly amendments = new Map<string, Map<string, AmendmentData>>();
  /** Set by the resolver: resolves a class on demand. */
  resolveClass: (key: string) => ClassState | undefined = () => undefined;

  constructor(
    readonly model: ModelContext,
    readonly ns: NamespaceState,
    builtins: ReadonlyMap<string, QualifierType>,
    /** Input declarations of the parent namespace, which a localized namespace (`ms_409`) sees too. */
    parent: NamespaceState | undefined,
  ) {
    const types = new Map(builtins);
    if (parent) for (const [key, entry] of parent.qualifiers) types.set(key, entry.type);
    for (const [key, entry] of ns.qualifiers) types.set(key, entry.type);
    for (const decl of ns.flavorDeclarations) {
      const key = decl.name.name.toLowerCase();
      const applied = applyFlavorDeclaration(types.get(key), decl, model.options.dialect);
      for (const item of applied.diagnostics) model.diagnostics.push(item);
      if (applied.type) types.set(key, applied.type);
    }
    this.qualifierTypes = types;
    // By spelling as written: a schema writes a few hundred spellings tens of thousands of times.
    const bySpelling = new Map<string, QualifierType | null>();
    this.lookup = (name) => {
      let type = bySpelling.get(name);
      if (type === undefined) {
        type = types.get(name.toLowerCase()) ?? null;
        bySpelling.set(name, type);
      }
      return type ?? undefined;
    };
  }

  get dialect(): Dialect {
    return this.model.options.dialect;
  }

  get diagnostics(): Diagnostic[] {
    return this.model.diagnostics;
  }

  /** The class's name as declared, for a name written in any case; undefined when not declared. */
  canonical(name: string): string | undefined {
    return this.ns.classes.get(name.toLowerCase())?.decl.name.name;
  }

  getClass(name: string): ClassState | undefined {
    const key = name.toLowerCase();
    return this.resolved.get(key) ?? this.resolveClass(key);
  }

  /** Whether `sub` is `sup` or derives from it, by the declarations (no resolution needed). */
  isSubclassOf(sub: string, sup: string): boolean {
    const target = sup.toLowerCase();
    let key: string | undefined = sub.toLowerCase();
    // Bounded by the number of classes, so a cycle ends the walk and no real chain is cut short.
    for (let guard = 0; key !== undefined && guard <= this.ns.classes.size; guard++) {
      if (key === target) return true;
      key = this.ns.classes.get(key)?.decl.superclass?.name.toLowerCase();
    }
    return false;
  }
}

/** Finds a qualifier by lower-cased name. */
export function findQualifier(list: readonly ResolvedQualifier[], lowerName: string): ResolvedQualifier | undefined {
  for (const q of list) {
    if (q.name.length === lowerName.length && sameName(q.name, lowerName)) return q;
  }
  return undefined;
}

/** Whether a boolean qualifier is present and true. */
export function isTrue(list: readonly ResolvedQualifier[], lowerName: string): boolean {
  return findQualifier(list, lowerName)?.value === true;
}

/** `list` with each qualifier that `amended` also has replaced by the amended one, then the amended ones it lacked. */
export function overlayQualifiers(
  list: readonly ResolvedQualifier[],
  amended: readonly ResolvedQualifier[] | undefined,
): readonly ResolvedQualifier[] {
  if (!amended || amended.length === 0) return list;
  const byName = new Map(amended.map((q) => [q.name.toLowerCase(), q] as const));
  const used = new Set<string>();
  const out = list.map((q) => {
    const key = q.name.toLowerCase();
    const replacement = byName.get(key);
    if (!replacement) return q;
    used.add(key);
    return replacement;
  });
  for (const [key, q] of byName) if (!used.has(key)) out.push(q);
  return out;
}

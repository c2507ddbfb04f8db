/**
 * Which classes a package gets: the namespace to generate, the classes the
 * globs select, and their closure. Pure: model in, selection and diagnostics out.
 */
import type { ClassModel, NamespaceModel, Repository } from '../model/types.js';
import { createDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { codegenDiagnostics } from '../diagnostics/codes/codegen.js';
import { compareStrings, globToRegExp } from './names.js';

/** Pick the namespace to generate. */
export function chooseNamespace(repository: Repository, requested: string | undefined, diagnostics: Diagnostic[]): NamespaceModel | null {
  const normalize = (n: string) => n.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();
  if (requested) {
    const found = repository.namespaces.find((ns) => normalize(ns.name) === normalize(requested));
    if (!found) {
      diagnostics.push(createDiagnostic(codegenDiagnostics.MOF4001, undefined, [requested]));
      return null;
    }
    return found;
  }
  const candidates = repository.namespaces.filter((ns) => ns.locale === null && ns.classes.some((c) => !isSystemClass(c.name)));
  if (candidates.length === 0) {
    diagnostics.push(createDiagnostic(codegenDiagnostics.MOF4002, undefined));
    return null;
  }
  if (candidates.length === 1) return candidates[0]!;
  // Several: the one with the most classes, ties broken by name; say so.
  const sorted = [...candidates].sort((a, b) => b.classes.length - a.classes.length || compareStrings(a.name, b.name));
  diagnostics.push(
    createDiagnostic(codegenDiagnostics.MOF4003, undefined, [sorted[0]!.name, sorted.map((n) => n.name).join(', ')]),
  );
  return sorted[0]!;
}

/** Every class name the generated code for `cls` refers to (its closure edges). */
function referencedClasses(cls: ClassModel): string[] {
  const out: string[] = [];
  if (cls.superclass) out.push(cls.superclass);
  const element = (e: { refClass: string | null; embeddedInstance: string | null }) => {
    if (e.refClass) out.push(e.refClass);
    if (e.embeddedInstance) out.push(e.embeddedInstance);
  };
  for (const p of cls.properties) element(p);
  for (const m of cls.methods) {
    if (m.returnRefClass) out.push(m.returnRefClass);
    if (m.returnEmbeddedInstance) out.push(m.returnEmbeddedInstance);
    for (const p of m.parameters) element(p);
  }
  return out;
}

/** The classes to generate and every class of the namespace by name. */
export interface Selection {
  readonly byName: ReadonlyMap<string, ClassModel>;
  /** The globs' matches (every class but WMI system classes when none) plus their closure. */
  readonly selected: ReadonlySet<string>;
}

/**
 * Selects classes by glob and closes the selection over what generated code refers to
 * (superclasses, REF and embedded targets); reports globs that match nothing and
 * references to classes the namespace does not have.
 */
export function selectClasses(namespace: NamespaceModel, classGlobs: readonly string[], diagnostics: Diagnostic[]): Selection | null {
  const byName = new Map<string, ClassModel>();
  for (const cls of namespace.classes) byName.set(cls.name, cls);

  // Selection and closure.
  const selected = new Set<string>();
  const queue: string[] = [];
  const globs = classGlobs.filter((g) => g.trim() !== '');
  if (globs.length === 0) {
    // WMI system classes (`__Namespace`, `__Win32Provider`…) only when a glob names them or a class needs them.
    for (const name of byName.keys()) if (!isSystemClass(name)) queue.push(name);
  } else {
    for (const glob of globs) {
      const re = globToRegExp(glob.trim());
      const matches = [...byName.keys()].filter((n) => re.test(n) && (!isSystemClass(n) || glob.trim().startsWith('__')));
      if (matches.length === 0) diagnostics.push(createDiagnostic(codegenDiagnostics.MOF4004, undefined, [glob]));
      for (const item of matches) queue.push(item);
    }
  }
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (selected.has(name)) continue;
    const cls = byName.get(name);
    if (!cls) continue;
    selected.add(name);
    for (const ref of referencedClasses(cls)) if (!selected.has(ref) && byName.has(ref)) queue.push(ref);
  }
  if (selected.size === 0) {
    diagnostics.push(createDiagnostic(codegenDiagnostics.MOF4002, undefined));
    return null;
  }

  // Every referenced class must be known (a missing one degrades to an untyped reference / object).
  const reportedMissing = new Set<string>();
  for (const name of [...selected].sort(compareStrings)) {
    for (const ref of referencedClasses(byName.get(name)!)) {
      if (!byName.has(ref) && !reportedMissing.has(`${name}\0${ref}`)) {
        reportedMissing.add(`${name}\0${ref}`);
        diagnostics.push(createDiagnostic(codegenDiagnostics.MOF4005, undefined, [name, ref]));
      }
    }
  }

  return { byName, selected };
}

/** WMI system classes: `__Namespace`, `__Win32Provider`, `__Event`… */
export function isSystemClass(name: string): boolean {
  return name.startsWith('__');
}

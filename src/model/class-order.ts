/**
 * Class dependency order: superclasses before subclasses, whatever the order
 * of the input (a class may come after its subclass). Only a superclass that
 * is declared nowhere in the namespace (MOF3002) or a real inheritance cycle
 * (MOF3003, reported once per cycle, on its first class by name) is an error.
 * Classes in a cycle are marked broken and left out of the model; a class
 * whose superclass is missing is kept, without inherited members.
 */
import { createDiagnostic, type RelatedInformation } from '../diagnostics/diagnostic.js';
import { semanticModelDiagnostics as codes } from '../diagnostics/codes/semantic.js';
import type { NamespaceContext } from './context.js';
import type { ClassEntry } from './state.js';
import type * as ast from '../ast/nodes.js';

/** Keys of the namespace's classes (amendment classes excluded by the caller), parents first, ties by name. */
export function orderClasses(nsx: NamespaceContext, keys: readonly string[]): string[] {
  const classes = nsx.ns.classes;
  const order: string[] = [];
  const done = new Set<string>();
  // One chain at a time, emptied for each start.
  const chain: string[] = [];
  const onChain = new Set<string>();
  for (const start of [...keys].sort()) {
    if (done.has(start)) continue;
    // Walk up until a class already placed, a root, a missing superclass, or a cycle.
    chain.length = 0;
    onChain.clear();
    let key: string | undefined = start;
    while (key !== undefined && !done.has(key)) {
      if (onChain.has(key)) {
        reportCycle(nsx, chain.slice(chain.indexOf(key)));
        break;
      }
      chain.push(key);
      onChain.add(key);
      const entry: ClassEntry = classes.get(key)!;
      const superclass: ast.Identifier | undefined = entry.decl.superclass;
      if (!superclass) break;
      const superKey: string = superclass.name.toLowerCase();
      if (!classes.has(superKey)) {
        nsx.diagnostics.push(
          createDiagnostic(codes.missingSuperclass, superclass.span, [superclass.name, entry.decl.name.name, nsx.ns.name]),
        );
        break;
      }
      key = superKey;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const k = chain[i]!;
      done.add(k);
      if (!nsx.broken.has(k) && !brokenAncestor(nsx, k)) order.push(k);
      else nsx.broken.add(k);
    }
  }
  return order;
}

function brokenAncestor(nsx: NamespaceContext, key: string): boolean {
  const superKey = nsx.ns.classes.get(key)?.decl.superclass?.name.toLowerCase();
  return superKey !== undefined && nsx.broken.has(superKey);
}

function reportCycle(nsx: NamespaceContext, cycle: readonly string[]): void {
  for (const k of cycle) nsx.broken.add(k);
  const sorted = [...cycle].sort();
  const first = sorted[0]!;
  const start = cycle.indexOf(first);
  const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
  const names = rotated.map((k) => nsx.ns.classes.get(k)!.decl.name.name);
  const firstDecl = nsx.ns.classes.get(first)!.decl;
  const related: RelatedInformation[] = rotated.slice(1).map((k) => {
    const decl = nsx.ns.classes.get(k)!.decl;
    return { message: `'${decl.name.name}' derives from '${decl.superclass!.name}' here`, span: decl.superclass!.span };
  });
  nsx.diagnostics.push(
    createDiagnostic(codes.inheritanceCycle, firstDecl.superclass!.span, [firstDecl.name.name, [...names, names[0]].join(' -> ')], related),
  );
}

/**
 * Association rules: an association has at least two references, its own or
 * inherited (DSP0004 2.x). Reported once, on the first class of a chain that
 * breaks the rule, not again on each subclass. (REF targets are checked where
 * each reference is declared, elements.ts; references outside associations in
 * flatten.ts.)
 */
import { createDiagnostic } from '../diagnostics/diagnostic.js';
import { semanticModelDiagnostics as codes } from '../diagnostics/codes/semantic.js';
import type { ClassState, NamespaceContext } from './context.js';
import { referenceCountOf } from './flatten.js';

export function referenceCount(state: ClassState): number {
  return referenceCountOf(state);
}

export function checkAssociation(nsx: NamespaceContext, state: ClassState): void {
  if (!state.isAssociation) return;
  const count = referenceCount(state);
  if (count >= 2) return;
  const parent = state.superclass;
  if (parent && parent.isAssociation && referenceCount(parent) < 2) return;
  nsx.diagnostics.push(createDiagnostic(codes.associationTooFewReferences, state.entry.decl.name.span, [state.name, count]));
}

/**
 * The runtime's class descriptors for a compiled schema, built the way the
 * code generator builds the ones it emits (`createPlan` + `classDescriptor`),
 * so a server started from MOF sees exactly the classes a generated SDK sees.
 * Superclass links are real object links, as the runtime expects.
 */
import type { ClassDescriptor } from '@mofc/runtime';
import type { Repository } from '../model/types.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { createPlan } from '../codegen/plan.js';
import { classDescriptor } from '../codegen/class-module/descriptor.js';

export interface SchemaDescriptors {
  /** The namespace served (`/`-separated). */
  readonly namespace: string;
  /** Superclasses before subclasses. */
  readonly descriptors: readonly ClassDescriptor[];
  readonly diagnostics: readonly Diagnostic[];
}

export function schemaDescriptors(repository: Repository, namespace?: string): SchemaDescriptors | { readonly diagnostics: readonly Diagnostic[] } {
  const { plan, diagnostics } = createPlan(repository, namespace ? { namespace } : {});
  if (!plan) return { diagnostics };
  const built = new Map<string, ClassDescriptor>();
  const build = (name: string): ClassDescriptor | undefined => {
    const done = built.get(name);
    if (done) return done;
    const classPlan = plan.classes.get(name);
    if (!classPlan) return undefined;
    const superclass = classPlan.model.superclass ? build(classPlan.model.superclass) : undefined;
    const d: ClassDescriptor = { ...classDescriptor(classPlan.model, plan.namespace, classPlan), ...(superclass ? { superclass } : {}) };
    built.set(name, d);
    return d;
  };
  for (const name of plan.classes.keys()) build(name);
  return { namespace: plan.namespace, descriptors: [...built.values()], diagnostics };
}

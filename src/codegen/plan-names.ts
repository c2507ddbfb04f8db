/**
 * The names a class's generated module declares, checked before anything is
 * rendered: MOF names may be anything an identifier of U+0080–U+FFEF allows, in
 * any spelling, so a schema can name a class `delete`, a method `descriptor`
 * or an output parameter `ReturnValue`. What can be written differently is
 * (quoted keys, `_` for characters an identifier cannot hold, a method member
 * renamed with a warning); what cannot is an error naming the class, so that
 * no package is written that does not compile.
 */
import { createDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { codegenDiagnostics as codes } from '../diagnostics/codes/codegen.js';
import type { PropertyModel } from '../model/types.js';
import { identifierPart, isDeclarationName, isIdentifierName } from './names.js';
import type { ClassPlan, MethodPlan } from './plan.js';
import { RT } from './runtime-api.js';

/** What every companion object (`const X`) has besides the class's methods (the runtime's `InstanceOperations`, and `bindProvider`). */
const COMPANION_MEMBERS: ReadonlySet<string> = new Set(['descriptor', 'ref', 'get', 'enumerate', 'create', 'modify', 'delete', 'bindProvider']);

/** What every provider interface has besides the class's methods (the runtime's `InstanceProvider`). */
const PROVIDER_MEMBERS: readonly string[] = ['getInstance', 'enumerateInstances', 'createInstance', 'modifyInstance', 'deleteInstance'];

/**
 * Names the generated code declares, imports or takes from the global scope: what the
 * package's own modules export (the barrel, `schema.ts`, `brand.ts`, `registry.ts`), what
 * every class module declares (`descriptor`, its registry), what it imports from the
 * runtime, and the global types it writes.
 */
export const GENERATED_CODE_NAMES: ReadonlySet<string> = new Set([
  'EmbeddedObject',
  'EmbeddedObjectInit',
  'InitOf',
  'SchemaClasses',
  'SchemaClassInits',
  'schema',
  'cimClass',
  'registry',
  'descriptor',
  'embeddedClasses',
  ...Object.values(RT).map((ref) => ref.name),
  // Globals the generated code names, which a class of the same name would shadow in its module
  'Promise',
  'AsyncIterable',
  'Record',
  'Omit',
  'NonNullable',
  'Object',
]);

/** The companion member of a method: its name, or with `_` appended while that is a member every class has. */
export function companionMember(methodName: string): string {
  let member = methodName;
  while (COMPANION_MEMBERS.has(member)) member += '_';
  return member;
}

/** The association traversal member from end `from` to end `to` (`followFromX`, or `followFromXToY` with more than two ends). */
function followMember(endCount: number, from: string, to: string): string {
  return endCount === 2 ? `followFrom${identifierPart(from)}` : `followFrom${identifierPart(from)}To${identifierPart(to)}`;
}

/** The member listing the associations whose end `from` is a given instance. */
function referencesMember(from: string): string {
  return `referencesFrom${identifierPart(from)}`;
}

/** The ends of an association its companion object traverses: reference properties to classes that are generated. */
function traversableEnds(plan: ClassPlan, classes: ReadonlyMap<string, ClassPlan>): readonly PropertyModel[] {
  const ends = plan.associationEnds.filter((e) => e.refClass && classes.has(e.refClass));
  return ends.length < 2 ? [] : ends;
}

/** A traversal member of an association's companion object, and the ends it goes from and to. */
export type Traversal =
  | { readonly kind: 'follow'; readonly member: string; readonly from: PropertyModel; readonly to: PropertyModel }
  | { readonly kind: 'references'; readonly member: string; readonly from: PropertyModel };

/**
 * The traversal members of an association's companion object, in the order they are written:
 * for each end `from`, a `follow` member to each other end `to`, then its `references` member.
 * None for other classes. The naming check and the companion's writer both read this list.
 */
export function traversals(plan: ClassPlan, classes: ReadonlyMap<string, ClassPlan>): Traversal[] {
  if (!plan.model.isAssociation) return [];
  const ends = traversableEnds(plan, classes);
  const result: Traversal[] = [];
  for (const from of ends) {
    for (const to of ends) if (to !== from) result.push({ kind: 'follow', member: followMember(ends.length, from.name, to.name), from, to });
    result.push({ kind: 'references', member: referencesMember(from.name), from });
  }
  return result;
}

/** Why a class name cannot be declared as it is, or undefined when it can. */
function declarationProblem(name: string): string | undefined {
  if (GENERATED_CODE_NAMES.has(name)) return 'one the generated code itself declares or uses';
  if (isDeclarationName(name)) return undefined;
  return isIdentifierName(name) ? 'a reserved word or a built-in type name in TypeScript' : 'not a TypeScript identifier';
}

/** The first name `names` holds twice, if any. */
function firstDuplicate(names: Iterable<string>): string | undefined {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}

/**
 * Checks the names every selected class's module would declare; reports MOF4014/MOF4016
 * (errors) and MOF4015 (a method member renamed). Returns false when the package cannot be generated.
 */
export function checkGeneratedNames(classes: ReadonlyMap<string, ClassPlan>, diagnostics: Diagnostic[]): boolean {
  let ok = true;
  const exported: string[] = [];
  const renamed = new Set<MethodPlan>();
  for (const [name, plan] of classes) {
    const problem = declarationProblem(name);
    if (problem) {
      diagnostics.push(createDiagnostic(codes.MOF4014, undefined, [name, problem]));
      ok = false;
      continue;
    }
    exported.push(name, `${name}Init`, `${name}Keys`, `${name}Provider`);
    const companion = [...COMPANION_MEMBERS, ...traversals(plan, classes).map((t) => t.member)];
    for (const m of plan.methods) {
      companion.push(m.member);
      if (m.jobParameter) companion.push(`${m.member}AndWait`);
      if (m.member !== m.model.name && !renamed.has(m)) {
        renamed.add(m);
        diagnostics.push(createDiagnostic(codes.MOF4015, undefined, [m.home, m.model.name, m.member]));
      }
    }
    const clashes: [string, Iterable<string>][] = [
      // Typed instances carry their class in `__CLASS` (the runtime's CLASS_PROPERTY).
      [`its interface '${name}'`, ['__CLASS', ...plan.model.properties.map((p) => p.name)]],
      [`its companion object '${name}'`, companion],
    ];
    if (plan.isConcrete) clashes.push([`its provider interface '${name}Provider'`, [...PROVIDER_MEMBERS, ...plan.methods.map((m) => m.model.name)]]);
    for (const m of plan.methods) {
      if (m.home !== name) continue;
      const outputs = m.model.parameters.filter((p) => p.out).map((p) => p.name);
      clashes.push([`the result of '${name}.${m.model.name}'`, m.model.returnType === 'void' ? outputs : ['ReturnValue', ...outputs]]);
    }
    for (const [what, members] of clashes) {
      const twice = firstDuplicate(members);
      if (twice === undefined) continue;
      diagnostics.push(createDiagnostic(codes.MOF4016, undefined, [name, what, twice]));
      ok = false;
    }
  }
  const twice = firstDuplicate(exported);
  if (twice !== undefined) {
    diagnostics.push(createDiagnostic(codes.MOF4016, undefined, [twice.replace(/(Init|Keys|Provider)$/, ''), 'the package', twice]));
    ok = false;
  }
  return ok;
}

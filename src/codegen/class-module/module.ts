/**
 * One class → its module (`src/classes/<Class>.ts`) as a ts-morph
 * `SourceFileStructure`: header, imports, the enums the class introduces, its
 * types (see ./types.ts), its descriptor and its companion object. Pure: plan
 * in, structure out; printing and formatting happen in the render stage.
 */
import { ModuleDeclarationKind, StructureKind, type SourceFileStructure, type StatementStructures } from 'ts-morph';
import type { SchemaPlan } from '../plan.js';
import { companionStatements } from './companion.js';
import { ModuleContext } from './context.js';
import { descriptorStatement } from './descriptor.js';
import { enumStatements } from './enums.js';
import { initInterface, instanceInterface, keysType, methodTypes, providerInterface } from './types.js';

export function classModuleStructure(plan: SchemaPlan, className: string, header: string): SourceFileStructure {
  const ctx = new ModuleContext(plan, plan.classes.get(className)!);
  const groups: Statement[][] = [...enumStatements(ctx), [instanceInterface(ctx)], [initInterface(ctx)], [keysType(ctx)]];
  for (const m of ctx.classPlan.methods) if (m.home === ctx.name) for (const s of methodTypes(ctx, m)) groups.push([s]);
  if (ctx.classPlan.isConcrete) groups.push([providerInterface(ctx)]);
  groups.push([descriptorStatement(ctx)]);
  for (const group of companionStatements(ctx)) groups.push(group);
  groups.push([schemaAugmentation(ctx.name)]);
  // Imports last: building the body is what collects them.
  groups.unshift(ctx.importDeclarations().map((d) => ({ kind: StructureKind.ImportDeclaration, ...d })));
  return { kind: StructureKind.SourceFile, statements: [header, ...separated(groups)] };
}

type Statement = StatementStructures | string;

/** Statements with a blank line after each group (a group's statements stay together). */
function separated(groups: readonly Statement[][]): Statement[] {
  const out: Statement[] = [];
  for (const group of groups) {
    if (group.length === 0) continue;
    for (const s of group.slice(0, -1)) out.push(s);
    const last = group[group.length - 1]!;
    out.push(typeof last === 'string' ? `${last}\n` : { ...last, trailingTrivia: (w) => void w.blankLineIfLastNot() });
  }
  return out;
}

/**
 * The class adds itself to the package's `SchemaClasses` / `SchemaClassInits` maps (declaration
 * merging), so `schema.ts` needs no import of every class and one class type-checks on its own.
 */
function schemaAugmentation(name: string): StatementStructures {
  return {
    kind: StructureKind.Module,
    name: "'../schema.js'",
    hasDeclareKeyword: true,
    declarationKind: ModuleDeclarationKind.Module,
    statements: [
      { kind: StructureKind.Interface, name: 'SchemaClasses', properties: [{ name, type: name, isReadonly: true }] },
      { kind: StructureKind.Interface, name: 'SchemaClassInits', properties: [{ name, type: `${name}Init`, isReadonly: true }] },
    ],
  };
}

/**
 * The companion object `const X`: the class's typed instance operations, a
 * working implementation of every method (and the job-aware `…AndWait`
 * forms), association traversal, and `bindProvider` — all delegating to the
 * runtime with the class's descriptor. Also the lazily built registry of the
 * classes its values embed.
 */
import { StructureKind, VariableDeclarationKind, type StatementStructures } from 'ts-morph';
import type { ClassModel, Qualifiers } from '../../model/types.js';
import { docComment, elementDocLines, jsDocs } from '../jsdoc.js';
import { memberAccess, objectKey, propertyKey } from '../names.js';
import { traversals } from '../plan-names.js';
import type { MethodPlan } from '../plan.js';
import { hasQualifier, qualifierString } from '../qualifier-values.js';
import { RT } from '../runtime-api.js';
import type { ModuleContext } from './context.js';

/** Classes whose values this class's members embed (transitively): the module registry marshals them. */
function embeddedClosure(ctx: ModuleContext): string[] {
  const seen = new Set<string>();
  const visit = (cls: ClassModel) => {
    const consider = (target: string | null) => {
      if (!target || seen.has(target) || !ctx.plan.classes.has(target)) return;
      seen.add(target);
      visit(ctx.plan.classes.get(target)!.model);
    };
    for (const p of cls.properties) if (p.type === 'object' || p.type === 'string') consider(p.embeddedInstance);
    for (const m of cls.methods) {
      consider(m.returnEmbeddedInstance);
      for (const p of m.parameters) if (p.type === 'object' || p.type === 'string') consider(p.embeddedInstance);
    }
  };
  visit(ctx.cls);
  seen.delete(ctx.name);
  return [...seen].sort();
}

/** The cache and its accessor, kept together as one piece of text (a structure printer would part them). */
function registryStatement(ctx: ModuleContext, embedded: readonly string[]): string {
  const registryType = ctx.rt(RT.ClassRegistry);
  const descriptors = ['descriptor', ...embedded.map((n) => `${ctx.companion(n)}.descriptor`)].join(', ');
  return (
    docComment(["The descriptors of the classes embedded in this class's values, created on first use."]) +
    `let embeddedClasses: ${registryType} | undefined;
` +
    `function registry(): ${registryType} {
return (embeddedClasses ??= new ${registryType}([${descriptors}]));
}`
  );
}

function deprecatedValue(q: Qualifiers): Qualifiers[string] {
  for (const [k, v] of Object.entries(q)) if (k.toLowerCase() === 'deprecated') return v;
  return true;
}

/** `options`, or `{ registry: registry(), ...options }` when the module has embedded classes to resolve. */
function optionsExpr(withRegistry: boolean): string {
  return withRegistry ? '{ registry: registry(), ...options }' : 'options';
}

function methodMembers(ctx: ModuleContext, m: MethodPlan, withRegistry: boolean): string[] {
  const name = m.model.name;
  // The companion's key: the method's name unless every class has that member (MOF4015).
  const member = m.member;
  const wait = `${member}AndWait`;
  if (m.home !== ctx.name) {
    // Inherited unchanged: the superclass's implementation serves (a subclass path is a base path).
    const home = ctx.companion(m.home);
    const members = [`${objectKey(member)}: ${memberAccess(home, member)},`];
    if (m.jobParameter) members.push(`${objectKey(wait)}: ${memberAccess(home, wait)},`);
    return members;
  }
  const session = ctx.rt(RT.CimSession);
  const ref = ctx.rt(RT.CimReference);
  const q = ctx.methodQualifiers(m.model, ctx.homeClass(m));
  const description = qualifierString(q, 'Description');
  const hasIn = m.model.parameters.some((p) => p.in);
  const targetParam = m.isStatic ? '' : `target: ${ref}<${ctx.name}>, `;
  const targetExpr = m.isStatic ? `${ref}.to(descriptor.name, {}, { namespace: descriptor.namespace })` : 'target';
  const argsExpr = hasIn ? 'args' : '{}';
  // `args` may be left out when every parameter may be NULL.
  const argsDefault = m.model.parameters.some((p) => p.in && hasQualifier(p.qualifiers, 'Required')) ? '' : ' = {}';
  const docLines = [...(description ? description.split(/\r?\n/) : [])];
  if (member !== name) docLines.push(...(docLines.length ? [''] : []), `Calls the method \`${name}\` (a member of every generated class has that name).`);
  if (m.returnEnum) docLines.push('', `Resolves to \`ReturnValue\` (see {@link ${m.returnEnum.name}}) and the \`[Out]\` parameters.`);
  if (m.jobParameter) docLines.push(`A \`ReturnValue\` of 4096 means a job was started: \`${wait}\` waits for it.`);
  if (hasQualifier(q, 'Deprecated')) for (const line of elementDocLines({ Deprecated: deprecatedValue(q) })) docLines.push(line);
  const members = [
    docComment(docLines) +
      `${propertyKey(member)}(session: ${session}, ${targetParam}${hasIn ? `args: ${m.argsType}${argsDefault}, ` : ''}options?: ${ctx.rt(RT.TypedCallOptions)}): Promise<${m.resultType}> {\n` +
      `return ${ctx.rt(RT.callMethod)}<${m.resultType}>(session, descriptor, ${JSON.stringify(name)}, ${targetExpr}, ${argsExpr}, ${optionsExpr(withRegistry)});\n},`,
  ];
  if (m.jobParameter) {
    // The finished job comes back typed as the job parameter's class (its real class in `__CLASS`).
    const jobClass = m.jobParameter.refClass!;
    const known = ctx.plan.classes.has(jobClass);
    const jobType = known ? ctx.classType(jobClass, 'out') : 'Record<string, unknown>';
    const jobDescriptor = known ? `${ctx.companion(jobClass)}.descriptor` : 'undefined';
    members.push(
      docComment([
        `Calls \`${name}\` and, when it starts a job (\`ReturnValue\` 4096), waits for the job (\`timeoutMs\` required;`,
        '`pollIntervalMs`, `signal`, `onProgress`, `onWarning`…). Rejects with `CimMethodError` for other return values,',
        '`CimJobError` when the job fails, `CimJobTimeoutError` / `CimJobAbortedError` (saying whether the job was cancelled).',
        '`finishedJob` is the job as it ended.',
      ]) +
        `${propertyKey(wait)}(session: ${session}, ${targetParam}${hasIn ? `args: ${m.argsType}, ` : ''}options: ${ctx.rt(RT.JobCallOptions)}): Promise<${ctx.rt(RT.JobResult)}<${m.resultType}, ${jobType}>> {\n` +
        `return ${ctx.rt(RT.callMethodAndWaitTyped)}<${m.resultType}, ${jobType}>(session, descriptor, ${JSON.stringify(name)}, ${targetExpr}, ${argsExpr}, ${jobDescriptor}, ${optionsExpr(withRegistry)});\n},`,
    );
  }
  return members;
}

function traversalMembers(ctx: ModuleContext, withRegistry: boolean): string[] {
  const members = traversals(ctx.classPlan, ctx.plan.classes);
  // ctx.rt imports what it names: only a module that writes these members may ask.
  if (members.length === 0) return [];
  const session = ctx.rt(RT.CimSession);
  const ref = ctx.rt(RT.CimReference);
  const opts = ctx.rt(RT.TypedCallOptions);
  return members.map((t) => {
    const fromType = ctx.classType(t.from.refClass!, 'out');
    if (t.kind === 'references') {
      return (
        docComment([`The ${ctx.name} associations whose \`${t.from.name}\` is \`source\`.`]) +
        `${t.member}(session: ${session}, source: ${ref}<${fromType}>, options?: ${opts}): AsyncIterable<${ctx.name}> {\n` +
        `return ${ctx.rt(RT.typedReferences)}<${ctx.name}>(session, source, descriptor, ${JSON.stringify(t.from.name)}, ${optionsExpr(withRegistry)});\n},`
      );
    }
    const toType = ctx.classType(t.to.refClass!, 'out');
    return (
      docComment([`The \`${t.to.name}\` ends (${t.to.refClass}) of the ${ctx.name} associations whose \`${t.from.name}\` is \`source\`.`]) +
      `${t.member}(session: ${session}, source: ${ref}<${fromType}>, options?: ${opts}): AsyncIterable<${toType}> {\n` +
      `return ${ctx.rt(RT.typedAssociators)}<${toType}>(session, source, descriptor, ${JSON.stringify(t.from.name)}, ${ctx.companion(t.to.refClass!)}.descriptor, ${JSON.stringify(t.to.name)}, ${optionsExpr(withRegistry)});\n},`
    );
  });
}

/** The module registry (when values embed other classes) and `export const X = { … }`, one group each. */
export function companionStatements(ctx: ModuleContext): (StatementStructures | string)[][] {
  const name = ctx.name;
  const embedded = embeddedClosure(ctx);
  const withRegistry = embedded.length > 0;
  const groups: (StatementStructures | string)[][] = withRegistry ? [[registryStatement(ctx, embedded)]] : [];
  const members = [`...${ctx.rt(RT.instanceOperations)}<${name}, ${name}Init, ${name}Keys>(descriptor${withRegistry ? ', registry' : ''}),`];
  for (const m of ctx.classPlan.methods) for (const member of methodMembers(ctx, m, withRegistry)) members.push(member);
  for (const member of traversalMembers(ctx, withRegistry)) members.push(member);
  if (ctx.classPlan.isConcrete) {
    members.push(
      docComment([`Adapts a typed {@link ${name}Provider} to the runtime's provider contract.`]) +
        `bindProvider(provider: ${name}Provider): ${ctx.rt(RT.CimProvider)} {\n` +
        `return ${ctx.rt(RT.bindProvider)}(descriptor, provider${withRegistry ? ', registry()' : ''});\n},`,
    );
  }
  groups.push([{
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: jsDocs([
      `Operations on {@link ${name}}: its descriptor, typed reads and writes, its methods`,
      ctx.cls.isAssociation ? 'and traversal from one end of the association to the other.' : 'and their job-aware forms.',
    ]),
    declarations: [{ name, initializer: `{\n${members.join('\n')}\n}` }],
  }]);
  return groups;
}

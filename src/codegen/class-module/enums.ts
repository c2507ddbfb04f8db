/**
 * The enums a class introduces (ValueMap/Values), as ts-morph structures: a
 * constants object and an *open* type of the same name, ranges documented and
 * never numbered. An enum with the same values as one already written in the
 * module is an alias of it.
 */
import { StructureKind, VariableDeclarationKind, type StatementStructures } from 'ts-morph';
import { docComment, jsDocs } from '../jsdoc.js';
import type { EnumPlan } from '../plan.js';
import type { ModuleContext } from './context.js';

export function rangeText(from: number | string | null, to: number | string | null): string {
  return `${from ?? ''}..${to ?? ''}`;
}

function enumLiteral(kind: EnumPlan['kind'], value: number | string): string {
  if (kind === 'string') return JSON.stringify(String(value));
  if (kind === 'bigint') return `${String(value)}n`;
  return String(value);
}

function constStatement(name: string, docs: string[], initializer: string): StatementStructures {
  return {
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs,
    declarations: [{ name, initializer }],
  };
}

function alias(e: EnumPlan, sameAs: EnumPlan): StatementStructures[] {
  return [
    constStatement(e.name, jsDocs([`${e.describes}: the same values as {@link ${sameAs.name}}.`]), sameAs.name),
    { kind: StructureKind.TypeAlias, name: e.name, isExported: true, type: sameAs.name },
  ];
}

function definition(e: EnumPlan): StatementStructures[] {
  const lines = [`${e.describes}.`, '', 'The type is open: values the schema does not name (reserved, vendor ranges) stay representable.'];
  if (e.ranges.length > 0) {
    lines.push('', 'Ranges:');
    for (const r of e.ranges) lines.push(`- \`${rangeText(r.from, r.to)}\`: ${r.name || '(unnamed)'}`);
  }
  const members = e.members.map((m) => {
    // A Values text that the member name does not already say is kept as the member's doc.
    const doc = m.text && !/^[A-Za-z0-9 ]*$/.test(m.text) ? docComment([m.text]) : '';
    return `${doc}${m.key}: ${enumLiteral(e.kind, m.value)},`;
  });
  const open = e.kind === 'string' ? '(string & {})' : e.kind === 'bigint' ? '(bigint & {})' : '(number & {})';
  return [
    constStatement(e.name, jsDocs(lines), `{\n${members.join('\n')}\n} as const`),
    {
      kind: StructureKind.TypeAlias,
      name: e.name,
      isExported: true,
      docs: jsDocs([`One of {@link ${e.name}}, or any other ${e.kind === 'string' ? 'string' : 'value'}.`]),
      type: `(typeof ${e.name})[keyof typeof ${e.name}] | ${open}`,
    },
  ];
}

/** The enums introduced by the module's class, in plan order: constants and type of one enum per group. */
export function enumStatements(ctx: ModuleContext): StatementStructures[][] {
  const groups: StatementStructures[][] = [];
  const written = new Map<string, EnumPlan>();
  for (const e of ctx.classPlan.ownEnums) {
    const shape = JSON.stringify([e.kind, e.members, e.ranges]);
    const sameAs = written.get(shape);
    groups.push(sameAs ? alias(e, sameAs) : definition(e));
    if (!sameAs) written.set(shape, e);
  }
  return groups;
}

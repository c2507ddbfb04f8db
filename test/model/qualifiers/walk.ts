/**
 * Test support: parse MOF text and visit every qualifier list in it with the
 * scope of the element it qualifies, the way the model stage resolves them.
 */
import { readFileSync } from 'node:fs';
import { parseSource } from '../../../src/ast/parse.js';
import type * as ast from '../../../src/ast/nodes.js';
import { SourceFile } from '../../../src/source/source-file.js';
import type { QualifierScope } from '../../../src/model/types.js';

export function parseText(path: string, text: string): { file: ast.MofFile; errors: string[] } {
  const { file, diagnostics } = parseSource(new SourceFile(path, text));
  return {
    file,
    errors: diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => `${d.code} ${d.message} @${d.span?.start.line}:${d.span?.start.column}`),
  };
}

export function parseFixture(path: string): { file: ast.MofFile; errors: string[] } {
  return parseText(path, readFileSync(path, 'utf8'));
}

export interface QualifierSite {
  readonly list: readonly ast.Qualifier[];
  readonly scope: QualifierScope;
  /** Where the list is, for messages: `Class.Member(Parameter)`. */
  readonly where: string;
  /** The qualified element's type, for ValueMap/Values; undefined for classes and instances. */
  readonly type?: ast.DataType | undefined;
}

const has = (list: readonly ast.Qualifier[], name: string): boolean =>
  list.some((q) => q.name.name.toLowerCase() === name && (q.value === undefined || (q.value.kind === 'BooleanValue' && q.value.value)));

/**
 * Every qualifier list of the files, in order. A class is an association
 * (indication) when it or a superclass declared earlier says so — the
 * Association and Indication qualifiers propagate.
 */
export function qualifierSites(files: readonly ast.MofFile[]): QualifierSite[] {
  const kinds = new Map<string, QualifierScope>();
  const sites: QualifierSite[] = [];
  const instance = (decl: ast.InstanceDeclaration): void => {
    const where = `instance of ${decl.className.name}`;
    if (decl.qualifiers.length > 0) sites.push({ list: decl.qualifiers, scope: 'class', where });
    for (const p of decl.properties) {
      if (p.qualifiers.length > 0) sites.push({ list: p.qualifiers, scope: 'property', where: `${where}.${p.name.name}` });
      if (p.value?.kind === 'InstanceValue') instance(p.value.instance);
    }
  };
  for (const file of files) {
    for (const statement of file.statements) {
      if (statement.kind === 'InstanceDeclaration') instance(statement);
      if (statement.kind !== 'ClassDeclaration') continue;
      const name = statement.name.name;
      const inherited = statement.superclass ? kinds.get(statement.superclass.name.toLowerCase()) : undefined;
      const kind: QualifierScope = has(statement.qualifiers, 'association')
        ? 'association'
        : has(statement.qualifiers, 'indication')
          ? 'indication'
          : inherited ?? 'class';
      kinds.set(name.toLowerCase(), kind);
      sites.push({ list: statement.qualifiers, scope: kind, where: name });
      for (const member of statement.members) {
        const where = `${name}.${member.name.name}`;
        if (member.kind === 'PropertyDeclaration') {
          sites.push({
            list: member.qualifiers,
            scope: member.type.kind === 'ReferenceType' ? 'reference' : 'property',
            where,
            type: member.type,
          });
          continue;
        }
        sites.push({ list: member.qualifiers, scope: 'method', where, type: member.returnType });
        for (const p of member.parameters) {
          sites.push({ list: p.qualifiers, scope: 'parameter', where: `${where}(${p.name.name})`, type: p.type });
        }
      }
    }
  }
  return sites;
}

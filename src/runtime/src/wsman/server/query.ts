/**
 * What a WQL filter of an Enumerate asks for. Three forms (MS-WSMV 3.1.4.8,
 * WMI's WQL): `SELECT … FROM Class …` (an instance query, evaluated by the
 * session), `ASSOCIATORS OF {path} [WHERE AssocClass = A ResultClass = R Role = X
 * ResultRole = Y …]` and `REFERENCES OF {path} [WHERE ResultClass = A Role = X …]`.
 * WMI's keyword-only flags (`ClassDefsOnly`, `SchemaOnly`) ask for classes, which
 * this server does not serve: they are refused by name.
 */
import { CimReference } from '../../reference.js';
import { CimSessionError, CimStatus } from '../../errors.js';
import { parseWql } from '../../wql.js';

export type FilterQuery =
  | { readonly kind: 'select'; readonly className: string; readonly text: string }
  | {
      readonly kind: 'associators';
      readonly source: CimReference;
      readonly assocClass?: string;
      readonly resultClass?: string;
      readonly role?: string;
      readonly resultRole?: string;
    }
  | { readonly kind: 'references'; readonly source: CimReference; readonly resultClass?: string; readonly role?: string };

function invalid(query: string, why: string): CimSessionError {
  return new CimSessionError(`invalid WQL ${JSON.stringify(query.length > 200 ? `${query.slice(0, 197)}...` : query)}: ${why}`, CimStatus.INVALID_QUERY);
}

const ASSOCIATORS_KEYS = ['AssocClass', 'ResultClass', 'Role', 'ResultRole', 'RequiredQualifier', 'RequiredAssocQualifier'] as const;
const REFERENCES_KEYS = ['ResultClass', 'Role', 'RequiredQualifier'] as const;

/** Parses a WQL filter. Errors are `CimSessionError` with `INVALID_QUERY`. */
export function parseFilterQuery(query: string): FilterQuery {
  const text = query.trim();
  const head = /^(ASSOCIATORS|REFERENCES)\s+OF\s*\{/i.exec(text);
  if (!head) {
    const parsed = parseWql(text);
    return { kind: 'select', className: parsed.className, text };
  }
  const kind = head[1]!.toUpperCase() === 'ASSOCIATORS' ? 'associators' : 'references';
  // The path ends at the '}' outside quotes (key values may hold braces).
  let i = head[0].length;
  let quote = false;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && quote) i++;
    else if (c === '"') quote = !quote;
    else if (c === '}' && !quote) break;
  }
  if (i >= text.length) throw invalid(query, "missing '}' after the object path");
  let source: CimReference;
  try {
    source = CimReference.parse(text.slice(head[0].length, i).trim());
  } catch (cause) {
    throw invalid(query, `invalid object path: ${(cause as Error).message}`);
  }
  if (source.isClassPath) throw invalid(query, 'the object path names a class, not an instance');
  const rest = text.slice(i + 1).trim();
  const allowed: readonly string[] = kind === 'associators' ? ASSOCIATORS_KEYS : REFERENCES_KEYS;
  const values: Record<string, string> = {};
  if (rest !== '') {
    const where = /^WHERE\s+/i.exec(rest);
    if (!where) throw invalid(query, `expected WHERE after the object path, found ${JSON.stringify(rest.slice(0, 20))}`);
    const clauses = rest.slice(where[0].length);
    const clause = /\s*([A-Za-z]+)\s*(?:=\s*([A-Za-z_][A-Za-z0-9_]*))?/y;
    let pos = 0;
    while (pos < clauses.length) {
      clause.lastIndex = pos;
      const m = clause.exec(clauses);
      if (!m || m[0].trim() === '') throw invalid(query, `unexpected ${JSON.stringify(clauses.slice(pos).trim().slice(0, 20))}`);
      pos = clause.lastIndex;
      const name = allowed.find((k) => k.toLowerCase() === m[1]!.toLowerCase());
      if (!name) {
        if (/^(ClassDefsOnly|SchemaOnly|KeysOnly)$/i.test(m[1]!)) throw invalid(query, `${m[1]} is not supported`);
        throw invalid(query, `unknown ${kind === 'associators' ? 'ASSOCIATORS' : 'REFERENCES'} OF clause ${m[1]}`);
      }
      if (m[2] === undefined) throw invalid(query, `${name} needs "= value"`);
      if (name.startsWith('Required')) throw invalid(query, `${name} is not supported`);
      if (values[name] !== undefined) throw invalid(query, `${name} given twice`);
      values[name] = m[2];
    }
  }
  const opt = (k: string): Record<string, string> => (values[k] === undefined ? {} : { [k.charAt(0).toLowerCase() + k.slice(1)]: values[k]! });
  if (kind === 'associators') {
    return { kind, source, ...opt('AssocClass'), ...opt('ResultClass'), ...opt('Role'), ...opt('ResultRole') };
  }
  return { kind, source, ...opt('ResultClass'), ...opt('Role') };
}

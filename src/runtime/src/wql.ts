/**
 * The WQL subset the in-memory session evaluates:
 * `SELECT * | P1, P2 FROM Class [WHERE P op literal [AND ...]]`, with
 * `=`, `<>`, `!=`, `<`, `<=`, `>`, `>=`, `IS [NOT] NULL`, and literals
 * 'text', "text", numbers, TRUE, FALSE. Anything else is rejected by name,
 * never silently mis-evaluated.
 */
import type { CimInstance, CimValue } from './session.js';
import { CimDateTime } from './datetime.js';
import { CimReference } from './reference.js';
import { CimSessionError, CimStatus } from './errors.js';
import { lookup } from './registry.js';

export type WqlLiteral = string | number | boolean | null;

export interface WqlCondition {
  readonly property: string;
  readonly operator: '=' | '<>' | '<' | '<=' | '>' | '>=' | 'IS NULL' | 'IS NOT NULL';
  readonly value: WqlLiteral;
}

export interface WqlQuery {
  readonly className: string;
  /** `undefined` for `*`. */
  readonly properties: readonly string[] | undefined;
  readonly where: readonly WqlCondition[];
}

type Token = { kind: 'word' | 'string' | 'number' | 'op' | 'punct'; text: string; value?: WqlLiteral };

function invalid(query: string, why: string): CimSessionError {
  return new CimSessionError(`unsupported or invalid WQL ${JSON.stringify(query)}: ${why}`, CimStatus.INVALID_QUERY);
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      let out = '';
      let j = i + 1;
      for (; j < query.length && query[j] !== c; j++) {
        if (query[j] === '\\' && j + 1 < query.length) j++;
        out += query[j];
      }
      if (j >= query.length) throw invalid(query, 'unterminated string');
      tokens.push({ kind: 'string', text: out, value: out });
      i = j + 1;
      continue;
    }
    const num = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(query.slice(i));
    if (num && (tokens.length === 0 || tokens[tokens.length - 1]!.kind === 'op')) {
      tokens.push({ kind: 'number', text: num[0], value: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const op = /^(<>|!=|<=|>=|=|<|>)/.exec(query.slice(i));
    if (op) {
      tokens.push({ kind: 'op', text: op[0] === '!=' ? '<>' : op[0] });
      i += op[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(query.slice(i));
    if (word) {
      tokens.push({ kind: 'word', text: word[0] });
      i += word[0].length;
      continue;
    }
    if (c === '*' || c === ',') {
      tokens.push({ kind: 'punct', text: c });
      i++;
      continue;
    }
    throw invalid(query, `unexpected ${JSON.stringify(c)}`);
  }
  return tokens;
}

export function parseWql(query: string): WqlQuery {
  const tokens = tokenize(query);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const word = (w: string): boolean => peek()?.kind === 'word' && peek()!.text.toUpperCase() === w;
  const expectWord = (w: string): void => {
    if (!word(w)) throw invalid(query, `expected ${w}`);
    pos++;
  };
  const ident = (what: string): string => {
    const t = peek();
    if (t?.kind !== 'word') throw invalid(query, `expected ${what}`);
    pos++;
    return t.text;
  };
  expectWord('SELECT');
  let properties: string[] | undefined;
  if (peek()?.text === '*') pos++;
  else {
    properties = [ident('a property name or *')];
    while (peek()?.text === ',') {
      pos++;
      properties.push(ident('a property name'));
    }
  }
  expectWord('FROM');
  const className = ident('a class name');
  const where: WqlCondition[] = [];
  if (word('WHERE')) {
    pos++;
    for (;;) {
      if (word('NOT') || word('OR')) throw invalid(query, `${peek()!.text.toUpperCase()} is not supported`);
      const property = ident('a property name');
      const t = peek();
      if (t?.kind === 'word' && t.text.toUpperCase() === 'IS') {
        pos++;
        const not = word('NOT');
        if (not) pos++;
        expectWord('NULL');
        where.push({ property, operator: not ? 'IS NOT NULL' : 'IS NULL', value: null });
      } else if (t?.kind === 'op') {
        pos++;
        const v = peek();
        let value: WqlLiteral;
        if (v?.kind === 'string' || v?.kind === 'number') value = v.value!;
        else if (v?.kind === 'word' && /^(TRUE|FALSE)$/i.test(v.text)) value = v.text.toUpperCase() === 'TRUE';
        else throw invalid(query, `expected a literal after ${t.text}`);
        pos++;
        where.push({ property, operator: t.text as WqlCondition['operator'], value });
      } else {
        throw invalid(query, `expected a comparison after ${property}${t ? ` (${t.text} is not supported)` : ''}`);
      }
      if (word('AND')) {
        pos++;
        continue;
      }
      break;
    }
  }
  if (pos !== tokens.length) throw invalid(query, `unexpected ${JSON.stringify(tokens[pos]!.text)}${word('OR') ? ' (OR is not supported)' : ''}`);
  return { className, properties, where };
}

function compare(a: CimValue, b: WqlLiteral): number | undefined {
  if (a === null || b === null || Array.isArray(a)) return undefined;
  if (typeof b === 'boolean') return typeof a === 'boolean' ? Number(a) - Number(b) : undefined;
  if (typeof b === 'number') {
    const n = typeof a === 'number' ? a : typeof a === 'bigint' ? Number(a) : typeof a === 'string' && a.trim() !== '' ? Number(a) : NaN;
    return Number.isNaN(n) ? undefined : Math.sign(n - b);
  }
  // Strings compare without regard to case, as WMI does.
  let text: string;
  if (typeof a === 'string') text = a;
  else if (a instanceof CimDateTime) text = a.toString();
  else if (a instanceof CimReference) {
    try {
      return a.equals(CimReference.parse(b)) ? 0 : 1;
    } catch {
      return 1;
    }
  } else if (typeof a === 'number' || typeof a === 'bigint' || typeof a === 'boolean') text = String(a);
  else return undefined;
  const x = text.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

export function matchesWql(instance: CimInstance, where: readonly WqlCondition[]): boolean {
  return where.every((c) => {
    const v = lookup(instance.properties, c.property) ?? null;
    if (c.operator === 'IS NULL') return v === null;
    if (c.operator === 'IS NOT NULL') return v !== null;
    const r = compare(v, c.value);
    if (r === undefined) return false;
    switch (c.operator) {
      case '=':
        return r === 0;
      case '<>':
        return r !== 0;
      case '<':
        return r < 0;
      case '<=':
        return r <= 0;
      case '>':
        return r > 0;
      case '>=':
        return r >= 0;
    }
  });
}

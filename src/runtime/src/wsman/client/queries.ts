/**
 * WQL for associations: `ASSOCIATORS OF {path} WHERE …` and `REFERENCES OF {path} WHERE …`,
 * which WinRM answers when sent as a WQL filter to the namespace's wildcard resource URI.
 */
import { CimValueError } from '../../errors.js';
import type { CimReference } from '../../reference.js';
import type { AssociatorsOptions, ReferencesOptions } from '../../session.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checked(what: string, name: string): string {
  // Names go into the query unquoted; anything but an identifier could change its meaning.
  if (!NAME.test(name)) throw new CimValueError(`invalid ${what} ${JSON.stringify(name)} for a WQL association query`);
  return name;
}

/** The object path inside `{…}`: WMI form without host or namespace (the resource URI carries the namespace). */
export function wqlObjectPath(path: CimReference): string {
  return path.with({ namespace: null, host: null }).toString('wmi');
}

function where(clauses: [string, string | undefined][]): string {
  const parts = clauses.filter((c): c is [string, string] => c[1] !== undefined).map(([k, v]) => `${k} = ${checked(k, v)}`);
  return parts.length === 0 ? '' : ` WHERE ${parts.join(' ')}`;
}

export function associatorsQuery(path: CimReference, options: AssociatorsOptions = {}): string {
  return `ASSOCIATORS OF {${wqlObjectPath(path)}}${where([
    ['AssocClass', options.assocClass],
    ['ResultClass', options.resultClass],
    ['Role', options.role],
    ['ResultRole', options.resultRole],
  ])}`;
}

export function referencesQuery(path: CimReference, options: ReferencesOptions = {}): string {
  return `REFERENCES OF {${wqlObjectPath(path)}}${where([
    ['ResultClass', options.resultClass],
    ['Role', options.role],
  ])}`;
}

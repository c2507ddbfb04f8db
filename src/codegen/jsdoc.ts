/** Doc comments from schema qualifiers. */
import type { ClassModel, Qualifiers } from '../model/types.js';
import { qualifierString, qualifierStrings } from './qualifier-values.js';

/** A `/** … *\/` block from lines (empty lines kept inside, none at the ends); `''` when there is nothing. */
export function docComment(lines: readonly string[]): string {
  const cleaned = docLines(lines);
  if (cleaned.length === 0) return '';
  if (cleaned.length === 1) return `/** ${cleaned[0]} */\n`;
  return `/**\n${cleaned.map((l) => (l === '' ? ' *' : ` * ${l}`)).join('\n')}\n */\n`;
}

/** The `docs` of a ts-morph structure: one JSDoc text from lines, or none when there is nothing. */
export function jsDocs(lines: readonly string[]): string[] {
  const cleaned = docLines(lines);
  return cleaned.length === 0 ? [] : [cleaned.join('\n')];
}

/** Lines of doc text: split, right-trimmed, `*\/` escaped, blank runs collapsed, none at the ends. */
function docLines(lines: readonly string[]): string[] {
  return trimBlank(lines.flatMap((l) => l.split(/\r?\n/)).map((l) => escapeDoc(l.replace(/\s+$/, ''))));
}

/**
 * The first sentence of a description, at most 200 characters (`...` when cut): what a
 * table row or a provider member shows, pointing at the full text elsewhere.
 */
export function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const m = /^(.{1,200}?[.!?])(\s|$)/.exec(flat);
  if (m) return m[1]!;
  return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat;
}

function trimBlank(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === '') start += 1;
  while (end > start && lines[end - 1]!.trim() === '') end -= 1;
  // Collapse runs of blank lines.
  const out: string[] = [];
  for (const l of lines.slice(start, end)) {
    if (l.trim() === '' && out.length > 0 && out[out.length - 1] === '') continue;
    out.push(l.trim() === '' ? '' : l);
  }
  return out;
}

function escapeDoc(text: string): string {
  return text.replace(/\*\//g, '*\\/');
}

/** Schema text must not start a JSDoc tag: a leading `@` is escaped. */
function escapeTags(text: string): string {
  return text.replace(/^(\s*)@/, '$1\\@');
}

/** Qualifiers with the locale's amended ones (Microsoft `.mfl`) laid over the base ones. */
export function amended(base: Qualifiers, amendment: Qualifiers | undefined): Qualifiers {
  return amendment ? { ...base, ...amendment } : base;
}

export function classQualifiers(cls: ClassModel, locale: string | null): Qualifiers {
  return amended(cls.qualifiers, locale ? cls.amendments[locale]?.class : undefined);
}

/** Description, units, deprecation, as doc lines. */
export function elementDocLines(qualifiers: Qualifiers, extra: readonly string[] = []): string[] {
  const lines: string[] = [];
  const description = qualifierString(qualifiers, 'Description');
  if (description) for (const item of description.split(/\r?\n/).map(escapeTags)) lines.push(item);
  const units = qualifierString(qualifiers, 'Units');
  const punit = qualifierString(qualifiers, 'PUnit');
  if (punit || units) {
    lines.push('');
    lines.push(`Unit: ${punit ? `\`${punit}\`` : ''}${punit && units ? ' ' : ''}${units ? (punit ? `(${units})` : units) : ''}.`);
  }
  for (const item of extra) lines.push(item);
  const deprecated = qualifierStrings(qualifiers, 'Deprecated');
  if (deprecated) {
    lines.push('');
    const replacements = deprecated.filter((d) => d && d !== 'No value');
    lines.push(replacements.length > 0 ? `@deprecated Use ${replacements.join(', ')} instead.` : '@deprecated');
  }
  return lines;
}

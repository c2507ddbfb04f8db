import { describe, expect, test } from 'vitest';
import { allDiagnostics } from '../../src/diagnostics/codes/index.js';

/** docs/diagnostics.md is rendered from the code tables; this keeps the two in step (`vitest -u` rewrites it). */
function renderCatalogue(): string {
  const sorted = [...allDiagnostics].sort((a, b) => (a.code < b.code ? -1 : 1));
  const ranges: [string, string, string][] = [
    ['MOF10', 'Reading sources (files, encodings, includes)', '`src/diagnostics/codes/source.ts`'],
    ['MOF11', 'Lexical (tokens, literals)', '`src/diagnostics/codes/lexical.ts`'],
    ['MOF2', 'Syntax', '`src/diagnostics/codes/syntax.ts`'],
    ['MOF30', 'Semantic: classes, members, instances, namespaces', '`src/diagnostics/codes/semantic.ts`'],
    ['MOF31', 'Semantic: classes, members, instances, namespaces', '`src/diagnostics/codes/semantic.ts`'],
    ['MOF3', 'Semantic: qualifiers, flavors, enumerations', '`src/diagnostics/codes/semantic-qualifiers.ts`'],
    ['MOF4', 'Code generation', '`src/diagnostics/codes/codegen.ts`'],
  ];
  const lines = [
    '# Diagnostics',
    '',
    'Every diagnostic mofc reports, by code. Codes are stable: a code keeps its meaning once released.',
    'Messages show `{0}`, `{1}`… where the actual names and values go.',
    'This page is rendered from the code tables by `test/diagnostics/catalogue.test.ts`.',
  ];
  let currentTitle = '';
  for (const d of sorted) {
    const [, title, file] = ranges.find(([prefix]) => d.code.startsWith(prefix))!;
    if (title !== currentTitle) {
      currentTitle = title;
      lines.push('', `## ${title}`, '', `Defined in ${file}.`, '', '| code | severity | message |', '|---|---|---|');
    }
    lines.push(`| ${d.code} | ${d.severity} | ${d.message.replaceAll('|', '\\|')} |`);
  }
  return lines.join('\n') + '\n';
}

describe('diagnostic catalogue', () => {
  test('every code is unique', () => {
    const codes = allDiagnostics.map((d) => d.code);
    expect(codes.filter((code, i) => codes.indexOf(code) !== i)).toEqual([]);
  });

  /**
   * One message style for every table, the compilers' (gcc, clang, rustc): a lower-case
   * start and no closing period, so messages read the same whichever stage reports them.
   * A message may start with a placeholder, a quoted name or punctuation, or with a name
   * that is always written capitalised (a qualifier, an acronym).
   */
  test.each(allDiagnostics.map((d) => [d.code, d.message] as const))('%s message is in the house style: %s', (_code, message) => {
    const capitalisedStarts = ['ValueMap', 'Values', 'Override(', 'MOF', 'DMTF', 'WMI'];
    const startsCapitalised = /^[A-Z]/.test(message) && !capitalisedStarts.some((word) => message.startsWith(word));
    expect(startsCapitalised, 'starts with an upper-case letter').toBe(false);
    expect(message.endsWith('.'), 'ends with a period').toBe(false);
    expect(message, 'sentences are joined by "; ", not ". "').not.toMatch(/\. [A-Z]/);
    expect(message, 'no surrounding white space').toBe(message.trim());
  });

  test('docs/diagnostics.md lists every code with its severity and message', async () => {
    await expect(renderCatalogue()).toMatchFileSnapshot('../../docs/diagnostics.md');
  });
});

import { expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from './helpers/memory-io.js';

async function helpOf(argv: string[]): Promise<string> {
  const io = memoryIo();
  expect(await main(argv, io)).toBe(0);
  return io.out;
}

/** docs/cli.md is rendered from the commands' own help, so the reference cannot drift from the code (`vitest -u` rewrites it). */
test('docs/cli.md shows the help of mofc and of every command', async () => {
  const sections = [
    '# `mofc` command-line reference',
    '',
    'This page is rendered from the CLI\'s own `--help` output by `test/cli/reference-doc.test.ts`.',
    'Diagnostics are printed as `file:line:col: severity CODE: message` with a code frame (colour only on a',
    'terminal, and not when `NO_COLOR` is set), or as JSON with `--format json`; the codes are listed in',
    '[diagnostics.md](diagnostics.md).',
    '',
    '## mofc',
    '',
    '```text',
    (await helpOf(['--help'])).trimEnd(),
    '```',
  ];
  for (const command of ['parse', 'check', 'compile', 'generate', 'serve']) {
    sections.push('', `## mofc ${command}`, '', '```text', (await helpOf([command, '--help'])).trimEnd(), '```');
  }
  await expect(sections.join('\n') + '\n').toMatchFileSnapshot('../../docs/cli.md');
});

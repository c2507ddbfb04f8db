import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { ParseFunction } from '../../src/source/load.js';
import { fakeParse } from '../source/helpers/fake-parser.js';
import { memoryIo } from './helpers/memory-io.js';

const services = { loadParser: async (): Promise<ParseFunction> => fakeParse };
const dir = 'fixtures/mof/source';

async function run(argv: string[], io = memoryIo(), extra = services) {
  const code = await main(argv, io, extra);
  return { code, out: io.out, err: io.err };
}

describe('mofc: help, version and usage errors', () => {
  it('--help lists the commands, exit 0', async () => {
    const { code, out, err } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: mofc <command> \[options\]/);
    expect(out).toMatch(/\n {2}parse {2}.+\n {2}check {2}/);
    expect(err).toBe('');
  });

  it('<command> --help shows that command, exit 0', async () => {
    expect((await run(['parse', '--help'])).out).toMatch(/^Usage: mofc parse <files\.\.\.>/);
    const check = await run(['check', '-h']);
    expect(check.code).toBe(0);
    expect(check.out).toContain('--strict');
  });

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(await run(['--version'])).toEqual({ code: 0, out: `${version}\n`, err: '' });
  });

  it.each([
    [[], /^Usage: mofc/],
    [['frob'], /^mofc: unknown command 'frob'\nRun 'mofc --help' for usage\.\n$/],
    [['--frob'], /^mofc: unknown option '--frob'\n/],
    [['parse', '--frob', 'a.mof'], /^mofc: unknown option '--frob'\nRun 'mofc parse --help' for usage\.\n$/],
    [['parse', '--strict', 'a.mof'], /^mofc: unknown option '--strict'/],
    [['parse', '--format', 'xml', 'a.mof'], /^mofc: invalid --format 'xml' \(expected 'human' or 'json'\)/],
    [['parse', '-I'], /^mofc: option '-I, --include <value>' argument missing/],
    [['check'], /^mofc: no input files\nRun 'mofc check --help'/],
  ])('%j is a usage error: exit 2', async (argv, message) => {
    const { code, out, err } = await run(argv);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(message);
  });
});

describe('mofc parse / check', () => {
  it('exit 0 and a summary when there are no errors, following includes', async () => {
    const io = memoryIo();
    const { code, out } = await run(['parse', `${dir}/includes/root.mof`, '-I', `${dir}/includes/lib`], io);
    expect({ code, out }).toEqual({ code: 0, out: '0 errors, 0 warnings\n' });
  });

  it('exit 1 with a framed error for a missing include', async () => {
    const { code, out } = await run(['parse', `${dir}/missing-include.mof`]);
    expect(code).toBe(1);
    expect(out).toBe(
      `${dir}/missing-include.mof:5:1: error MOF1006: included file 'does-not-exist.mof' not found (searched '${dir}/does-not-exist.mof')\n` +
        ' 5 | #pragma include ("does-not-exist.mof")\n' +
        '   | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n' +
        '1 error, 0 warnings\n',
    );
  });

  it('--format json prints the JSON report on stdout', async () => {
    const { code, out } = await run(['check', '--format', 'json', `${dir}/cycle/a.mof`, 'nope.mof']);
    expect(code).toBe(1);
    const report = JSON.parse(out);
    expect(report.summary).toEqual({ errors: 2, warnings: 0, infos: 0 });
    expect(report.diagnostics.map((d: { code: string; message: string; file: string | null }) => [d.code, d.file, d.message])).toEqual([
      ['MOF1001', null, "cannot open 'nope.mof': no such file"],
      ['MOF1007', `${dir}/cycle/b.mof`, `include cycle: ${dir}/cycle/a.mof -> ${dir}/cycle/b.mof -> ${dir}/cycle/a.mof`],
    ]);
  });

  it('check --strict fails on warnings; without it they pass', async () => {
    const warning: ParseFunction = (source) => ({
      ...fakeParse(source),
      diagnostics: [{ code: 'MOF2999', severity: 'warning', message: 'hmm', span: source.span(0, 1) }],
    });
    const withWarning = { loadParser: async () => warning };
    const file = `${dir}/includes/sub/a.mof`;
    expect((await run(['check', file], memoryIo(), withWarning)).code).toBe(0);
    expect((await run(['check', '--strict', file], memoryIo(), withWarning)).code).toBe(1);
    expect((await run(['check', '--strict', file], memoryIo(), withWarning)).out).toMatch(/0 errors, 1 warning\n$/);
  });

  it('colours output on a terminal, unless NO_COLOR is set', async () => {
    const args = ['parse', `${dir}/missing-include.mof`];
    expect((await run(args, memoryIo({ stdoutIsTty: true }))).out).toContain('\u001b[31m');
    expect((await run(args, memoryIo({ stdoutIsTty: true, env: { NO_COLOR: '1' } }))).out).not.toContain('\u001b[');
  });

  it('an unexpected exception is an internal error, exit 3, with the stack only under --debug', async () => {
    const broken = { loadParser: async (): Promise<ParseFunction> => () => { throw new Error('kaboom'); } };
    const plain = await run(['parse', `${dir}/includes/sub/a.mof`], memoryIo(), broken);
    expect(plain.code).toBe(3);
    expect(plain.err).toBe(
      'mofc: internal error: kaboom\nThis is a bug in mofc; please report it with the input that caused it.\n' +
        'Run with --debug to see the stack trace.\n',
    );
    const debug = await run(['parse', '--debug', `${dir}/includes/sub/a.mof`], memoryIo(), broken);
    expect(debug.code).toBe(3);
    expect(debug.err).toMatch(/internal error: kaboom\n[^]*Error: kaboom\n\s+at /);
  });
});

/**
 * Includes of untrusted MOF: only files inside the include roots, identified
 * by real path, read with a bound and without blocking; names matched as
 * Windows matches them; ANSI files read as mofcomp reads them. Real files in
 * a temporary directory (the checks are about the file system).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseSource } from '../../src/ast/parse.js';
import { decodeWindows1252 } from '../../src/source/decode.js';
import { loadProgram, type LoadOptions, type Program } from '../../src/source/load.js';
import { readSourceBytes } from '../../src/source/read.js';
import { memoryIo } from '../cli/helpers/memory-io.js';
import { fakeParse } from './helpers/fake-parser.js';

let base: string;
let project: string;
let outside: string;

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'mofc-includes-')));
  project = join(base, 'project');
  outside = join(base, 'outside');
  mkdirSync(join(project, 'sub'), { recursive: true });
  mkdirSync(join(project, 'inc'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.mof'), 'root:x:0:0:secret\n');
  writeFileSync(join(project, 'common.mof'), '// common\n');
  writeFileSync(join(project, 'inc', 'shared.mof'), '// shared\n');
  symlinkSync(join(outside, 'secret.mof'), join(project, 'link-out.mof'));
  symlinkSync(project, join(project, 'loop'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

function write(name: string, content: string | Uint8Array): string {
  const path = join(project, name);
  writeFileSync(path, content);
  return path;
}

function load(root: string, options: Partial<LoadOptions> = {}): Program {
  return loadProgram({ roots: [root], parse: fakeParse, cwd: project, ...options });
}

function codes(program: Program): [string, string][] {
  return program.diagnostics.map((d) => [d.code, d.message]);
}

describe('include roots', () => {
  it('MOF1011: an absolute include outside the roots is refused, naming the roots; --allow-include-outside reads it', () => {
    write('abs.mof', `#pragma include("${join(outside, 'secret.mof')}")\n`);
    const refused = load('abs.mof', { includePaths: ['inc'] });
    expect(codes(refused)).toEqual([
      ['MOF1011', `included file '${join(outside, 'secret.mof')}' is outside the include roots ('.', 'inc'); pass --allow-include-outside to read it`],
    ]);
    expect([...refused.files.keys()]).toEqual(['abs.mof']);
    const allowed = load('abs.mof', { allowIncludeOutside: true });
    expect(codes(allowed)).toEqual([]);
    expect([...allowed.files.keys()]).toEqual(['abs.mof', join(outside, 'secret.mof')]);
  });

  it('refuses `..` that leaves the roots, allows `..` that stays inside, and reads -I directories', () => {
    write('sub/up.mof', '#pragma include("../common.mof")\n#pragma include("../../outside/secret.mof")\n#pragma include("shared.mof")\n');
    const program = load('sub/up.mof', { includePaths: ['inc'] });
    // The root's own directory is sub/: ../common.mof is outside it, and so is ../../outside.
    expect(codes(program).map(([code]) => code)).toEqual(['MOF1011', 'MOF1011']);
    const wider = load('sub/up.mof', { includePaths: ['inc', '.'] });
    expect(codes(wider).map(([code]) => code)).toEqual(['MOF1011']);
    expect([...wider.files.keys()]).toEqual(['sub/up.mof', 'common.mof', 'inc/shared.mof']);
  });

  it('refuses a symlink inside the roots that points outside them', () => {
    write('via-link.mof', '#pragma include("link-out.mof")\n');
    expect(codes(load('via-link.mof')).map(([code]) => code)).toEqual(['MOF1011']);
    expect(codes(load('via-link.mof', { allowIncludeOutside: true }))).toEqual([]);
  });
});

describe('files identified by real path', () => {
  it('a symlink loop reaches the same file, not a new one per level', () => {
    write('self.mof', '#pragma include("loop/self.mof")\n#pragma include("common.mof")\n#pragma include("loop/loop/common.mof")\n');
    const program = load('self.mof');
    expect(codes(program).map(([code]) => code)).toEqual(['MOF1007', 'MOF1008']);
    expect([...program.files.keys()]).toEqual(['self.mof', 'common.mof']);
  });
});

describe('reading with bounds', () => {
  it('MOF1002: a FIFO is refused at once', () => {
    expect(spawnSync('mkfifo', [join(project, 'fifo.mof')]).status).toBe(0);
    write('fifo-user.mof', '#pragma include("fifo.mof")\n');
    expect(codes(load('fifo-user.mof'))).toEqual([['MOF1002', "cannot read 'fifo.mof': it is a FIFO, not a regular file"]]);
  });

  it('MOF1002: /dev/zero is outside the roots, and not a regular file when allowed', () => {
    write('zero.mof', '#pragma include("/dev/zero")\n');
    expect(codes(load('zero.mof')).map(([code]) => code)).toEqual(['MOF1011']);
    expect(codes(load('zero.mof', { allowIncludeOutside: true }))).toEqual([
      ['MOF1002', "cannot read '/dev/zero': it is a character device, not a regular file"],
    ]);
  });

  it('MOF1010: a file above the size limit, included or named on the command line', () => {
    write('large.mof', '// ' + 'x'.repeat(200) + '\n');
    write('large-user.mof', '#pragma include("large.mof")\n');
    expect(codes(load('large-user.mof', { maxFileSize: 100 }))).toEqual([
      ['MOF1010', "'large.mof' is larger than the limit of 100 bytes (set by --max-file-size)"],
    ]);
    const root = load('large.mof', { maxFileSize: 100 });
    expect(root.diagnostics.map((d) => [d.code, d.span])).toEqual([['MOF1010', undefined]]);
    // An injected reader that ignores the limit is held to it too.
    const injected = load('large.mof', { maxFileSize: 100, readFile: () => new Uint8Array(101) });
    expect(codes(injected).map(([code]) => code)).toEqual(['MOF1010']);
  });
});

describe('include names as Windows resolves them', () => {
  it('MOF1012: no exact name, one match ignoring case: used, with a warning naming the file on disk', () => {
    write('sub/Common.Mof', '// sub common\n');
    write('case.mof', '#pragma include("SUB\\\\common.MOF")\n');
    const program = load('case.mof');
    expect(codes(program)).toEqual([
      ['MOF1012', "included file 'SUB\\common.MOF' not found with that case; using 'sub/Common.Mof', which matches it ignoring case (as on Windows)"],
    ]);
    expect([...program.files.keys()]).toEqual(['case.mof', 'sub/Common.Mof']);
  });

  it('the exact name wins over case variants', () => {
    write('exact.mof', '#pragma include("common.mof")\n');
    write('COMMON.MOF', '// another\n');
    const program = load('exact.mof');
    expect(codes(program)).toEqual([]);
    expect([...program.files.keys()]).toEqual(['exact.mof', 'common.mof']);
  });

  it('MOF1013: several matches ignoring case and no exact one: an error listing them', () => {
    write('ambiguous.mof', '#pragma include("Common.mof")\n');
    const [code, message] = codes(load('ambiguous.mof'))[0]!;
    expect(code).toBe('MOF1013');
    expect(message).toContain("included file 'Common.mof' not found with that case, and several files match it ignoring case:");
    expect(message).toContain("'COMMON.MOF'");
    expect(message).toContain("'common.mof'");
  });
});

/** `prefix`, then "// café “quoted”" as Windows-1252 writes it (0xE9, 0x93, 0x94): not valid UTF-8. */
function ansi(prefix: string): Buffer {
  return Buffer.concat([Buffer.from(`${prefix}// caf`), Buffer.from([0xe9, 0x20, 0x93]), Buffer.from('quoted'), Buffer.from([0x94, 0x0a])]);
}

describe('ANSI files', () => {
  it('decodes bytes as the WHATWG windows-1252 index maps them', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const text = decodeWindows1252(all);
    expect(text).toHaveLength(256);
    // ASCII and 0xA0–0xFF are their own code points; 0x80–0x9F are the typographic characters,
    // except the five bytes Windows-1252 leaves unassigned, which keep their C1 code points.
    for (let b = 0; b < 256; b++) if (b < 0x80 || b >= 0xa0) expect(text.charCodeAt(b)).toBe(b);
    expect(text.slice(0x80, 0xa0)).toBe('€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ');
  });

  it('MOF1014: read as Windows-1252 in the Microsoft dialect, as UTF-8 with errors in the DMTF one', () => {
    write('ansi.mof', ansi(''));
    const microsoft = load('ansi.mof', { dialect: 'microsoft' });
    expect(codes(microsoft)).toEqual([['MOF1014', 'not valid UTF-8 and no byte-order mark: read as Windows-1252 (ANSI), as mofcomp reads it']]);
    expect(microsoft.files.get('ansi.mof')).toMatchObject({ encoding: 'windows-1252' });
    expect(microsoft.files.get('ansi.mof')!.source.text).toBe('// café \u201Cquoted\u201D\n');
    const dmtf = load('ansi.mof', { dialect: 'dmtf' });
    expect(codes(dmtf).map(([code]) => code)).toEqual(['MOF1003', 'MOF1003', 'MOF1003']);
    expect(dmtf.files.get('ansi.mof')).toMatchObject({ encoding: 'utf-8' });
  });

  it('without --dialect: ANSI when the file or one loaded before it has a Microsoft pragma, or it is an .mfl', () => {
    write('ansi-pragma.mof', ansi('#pragma classflags("forceupdate")\n'));
    expect(load('ansi-pragma.mof').files.get('ansi-pragma.mof')!.encoding).toBe('windows-1252');
    write('ms-first.mof', '#pragma autorecover\n#pragma include("ansi.mof")\n');
    expect(load('ms-first.mof').files.get('ansi.mof')!.encoding).toBe('windows-1252');
    write('ansi.mfl', ansi(''));
    expect(load('ansi.mfl').files.get('ansi.mfl')!.encoding).toBe('windows-1252');
    expect(load('ansi.mof').files.get('ansi.mof')!.encoding).toBe('utf-8');
  });

  it('--encoding forces one encoding, skipping only its own BOM', () => {
    write('forced.mof', ansi(''));
    const forced = load('forced.mof', { encoding: 'windows-1252' });
    expect(codes(forced)).toEqual([]);
    expect(forced.files.get('forced.mof')!.source.text).toBe('// café \u201Cquoted\u201D\n');
    write('utf16.mof', Buffer.from('\uFEFFclass A {};', 'utf16le'));
    const utf16 = load('utf16.mof', { encoding: 'utf-16le' });
    expect(utf16.files.get('utf16.mof')!.source.text).toBe('class A {};');
    // Forced UTF-8 on UTF-16 bytes: read as UTF-8 (NULs and all), no detection.
    expect(load('utf16.mof', { encoding: 'utf-8' }).files.get('utf16.mof')!.encoding).toBe('utf-8');
  });
});

describe('the CLI options', () => {
  async function run(argv: string[]) {
    const io = memoryIo({ cwd: project, readFile: readSourceBytes });
    const code = await main(argv, io, { loadParser: async () => parseSource });
    return { code, out: io.out, err: io.err };
  }

  it('--max-file-size, --allow-include-outside and --encoding reach the loader', async () => {
    write('cli-large.mof', 'class Large { string S; };\n' + '// padding\n'.repeat(20));
    const large = await run(['parse', 'cli-large.mof', '--max-file-size', '100', '--format', 'json']);
    expect(large.code).toBe(1);
    expect(large.out).toContain('"MOF1010"');
    expect((await run(['parse', 'cli-large.mof', '--max-file-size', '1K'])).code).toBe(0);
    write('cli-abs.mof', `#pragma include("${join(outside, 'secret.mof')}")\n`);
    const refused = await run(['parse', 'cli-abs.mof']);
    expect(refused.out).toContain('error MOF1011');
    expect(refused.out).not.toContain('secret\n');
    write('cli-ansi.mof', ansi('class A { string S = "x"; };\n'));
    expect((await run(['check', 'cli-ansi.mof', '--encoding', 'windows-1252'])).out).toBe('0 errors, 0 warnings\n');
    expect((await run(['check', 'cli-ansi.mof', '--dialect', 'microsoft'])).out).toContain('info MOF1014');
  });

  it('--max-file-size above the default reaches the reader (the default is only a default)', async () => {
    write('small.mof', 'class S { };\n');
    const limits: unknown[] = [];
    const io = memoryIo({ cwd: project, readFile: (path, limit) => (limits.push(limit), readSourceBytes(path, limit)) });
    expect(await main(['check', 'small.mof', '--max-file-size', '100M'], io, { loadParser: async () => parseSource })).toBe(0);
    expect(limits).toEqual([{ maxBytes: 100 * 1024 * 1024 }]);
  });

  it.each([
    [['parse', 'a.mof', '--encoding', 'latin-9'], "invalid --encoding 'latin-9' (expected 'utf-8', 'utf-16le', 'utf-16be', 'windows-1252')"],
    [['check', 'a.mof', '--max-file-size', '12X'], "invalid --max-file-size '12X' (expected a number of bytes, optionally with K, M or G)"],
    [['compile', 'a.mof', '--max-file-size', '0'], "invalid --max-file-size '0'"],
  ])('%j is a usage error', async (argv, message) => {
    const { code, err } = await run(argv);
    expect(code).toBe(2);
    expect(err).toContain(message);
  });
});

import { describe, expect, it } from 'vitest';
import { sourceDiagnostics } from '../../src/diagnostics/codes/source.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { compilationOrder, loadProgram, MAX_INCLUDE_DEPTH, type Program } from '../../src/source/load.js';
import { fakeParse, memoryFiles } from './helpers/fake-parser.js';

const cwd = '/proj';

function load(
  files: Record<string, string | Uint8Array>,
  roots: string[],
  includePaths: string[] = [],
  directories: string[] = [],
  options: { allowIncludeOutside?: boolean } = {},
) {
  const fs = memoryFiles(files, directories);
  const program = loadProgram({ roots, includePaths, parse: fakeParse, readFile: fs.readFile, cwd, ...options });
  return { program, reads: fs.reads };
}

function includeTargets(program: Program, file: string): (string | undefined)[] {
  return program.files.get(file)!.ast.statements.map((s) => (s.kind === 'IncludePragma' ? program.includes.get(s) : 'not an include'));
}

/** Codes seen by the tests below, checked against the table at the end. */
const pinned = new Set<string>();
function pin(diagnostics: readonly Diagnostic[]): readonly Diagnostic[] {
  for (const diagnostic of diagnostics) pinned.add(diagnostic.code);
  return diagnostics;
}

describe('loadProgram: resolving includes', () => {
  it('resolves an include relative to the including file, and reads each file once', () => {
    const { program, reads } = load(
      {
        '/proj/root.mof': '#pragma include ("sub/a.mof")\n',
        '/proj/sub/a.mof': '#pragma include("b.mof")\n',
        '/proj/sub/b.mof': '// b\n',
      },
      ['root.mof'],
    );
    expect(program.diagnostics).toEqual([]);
    expect(program.roots).toEqual(['root.mof']);
    expect([...program.files.keys()]).toEqual(['root.mof', 'sub/a.mof', 'sub/b.mof']);
    expect(includeTargets(program, 'root.mof')).toEqual(['sub/a.mof']);
    expect(includeTargets(program, 'sub/a.mof')).toEqual(['sub/b.mof']);
    expect(reads).toEqual(['/proj/root.mof', '/proj/sub/a.mof', '/proj/sub/b.mof']);
    expect(program.files.get('sub/b.mof')).toMatchObject({ path: 'sub/b.mof', absolutePath: '/proj/sub/b.mof', encoding: 'utf-8' });
  });

  it('searches the including directory first, then each -I directory in order', () => {
    const files = {
      '/proj/root.mof': '#pragma include("common.mof")\n#pragma include("only2.mof")\n',
      '/proj/inc1/common.mof': '',
      '/proj/inc2/common.mof': '',
      '/proj/inc2/only2.mof': '',
    };
    const { program } = load(files, ['root.mof'], ['inc1', '/proj/inc2']);
    expect(program.diagnostics).toEqual([]);
    expect(includeTargets(program, 'root.mof')).toEqual(['inc1/common.mof', 'inc2/only2.mof']);

    const reversed = load(files, ['root.mof'], ['inc2', 'inc1']).program;
    expect(includeTargets(reversed, 'root.mof')).toEqual(['inc2/common.mof', 'inc2/only2.mof']);

    const local = load({ ...files, '/proj/common.mof': '' }, ['root.mof'], ['inc1']).program;
    expect(includeTargets(local, 'root.mof')[0]).toBe('common.mof');
  });

  it("follows Microsoft's #include and Windows backslashes", () => {
    const { program } = load(
      {
        '/proj/root.mof': '#include("sub\\\\a.mof")\n#pragma include ("sub\\\\dir\\\\b.mof")\n',
        '/proj/sub/a.mof': '',
        '/proj/sub/dir/b.mof': '',
      },
      ['root.mof'],
    );
    expect(program.diagnostics).toEqual([]);
    expect(includeTargets(program, 'root.mof')).toEqual(['sub/a.mof', 'sub/dir/b.mof']);
  });

  it('keeps root paths as given, and names included files relative to cwd, or absolute outside it', () => {
    const { program } = load(
      { '/proj/x/root.mof': '#pragma include("../../shared/q.mof")\n#pragma include("y.mof")', '/shared/q.mof': '', '/proj/x/y.mof': '' },
      ['./x/root.mof'],
      [],
      [],
      { allowIncludeOutside: true },
    );
    expect([...program.files.keys()]).toEqual(['./x/root.mof', '/shared/q.mof', 'x/y.mof']);
    expect(program.files.get('./x/root.mof')!.source.path).toBe('./x/root.mof');
    expect(program.files.get('x/y.mof')!.ast.span.file).toBe('x/y.mof');
  });

  it('loads a root once even when named twice or already included', () => {
    const { program, reads } = load({ '/proj/a.mof': '#pragma include("b.mof")', '/proj/b.mof': '' }, ['a.mof', 'b.mof', './a.mof']);
    expect(program.roots).toEqual(['a.mof', 'b.mof']);
    expect(reads).toEqual(['/proj/a.mof', '/proj/b.mof']);
  });

  it('reports decoding problems against the file with its display path', () => {
    const { program } = load(
      { '/proj/a.mof': '#pragma include("sub/b.mof")', '/proj/sub/b.mof': new Uint8Array([0x0a, 0x41, 0xff]) },
      ['a.mof'],
    );
    expect(pin(program.diagnostics)).toEqual([
      {
        code: 'MOF1003',
        severity: 'error',
        message: 'invalid UTF-8 byte sequence 0xFF (replaced by U+FFFD)',
        span: { file: 'sub/b.mof', start: { line: 2, column: 2, offset: 2 }, end: { line: 2, column: 3, offset: 3 } },
      },
    ]);
  });

  it('passes the parser diagnostics through', () => {
    const parse = (source: Parameters<typeof fakeParse>[0]) => ({
      ...fakeParse(source),
      diagnostics: [{ code: 'MOF2001', severity: 'error' as const, message: 'boom', span: source.span(0, 1) }],
    });
    const fs = memoryFiles({ '/proj/a.mof': 'x' });
    const program = loadProgram({ roots: ['a.mof'], parse, readFile: fs.readFile, cwd });
    expect(program.diagnostics.map((d) => d.code)).toEqual(['MOF2001']);
  });
});

describe('loadProgram: include problems', () => {
  it('MOF1001: a root file that does not exist (no span)', () => {
    const { program } = load({}, ['nope.mof']);
    expect(pin(program.diagnostics)).toEqual([
      { code: 'MOF1001', severity: 'error', message: "cannot open 'nope.mof': no such file" },
    ]);
    expect(program.roots).toEqual([]);
    expect(program.files.size).toBe(0);
  });

  it('MOF1002: a root that is a directory', () => {
    const { program } = load({}, ['dir'], [], ['/proj/dir']);
    expect(pin(program.diagnostics)).toEqual([
      { code: 'MOF1002', severity: 'error', message: "cannot read 'dir': it is a directory" },
    ]);
  });

  it('MOF1002: an included file that cannot be read, at the pragma', () => {
    const fs = memoryFiles({ '/proj/a.mof': 'x\n  #pragma include("secret.mof")' });
    const readFile = (path: string) => {
      if (path === '/proj/secret.mof') throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
      return fs.readFile(path);
    };
    const program = loadProgram({ roots: ['a.mof'], parse: fakeParse, readFile, cwd });
    expect(pin(program.diagnostics)).toEqual([
      {
        code: 'MOF1002',
        severity: 'error',
        message: "cannot read 'secret.mof': permission denied",
        span: { file: 'a.mof', start: { line: 2, column: 3, offset: 4 }, end: { line: 2, column: 32, offset: 33 } },
      },
    ]);
  });

  it('MOF1006: an include found nowhere, at the pragma span, listing where it looked', () => {
    const { program } = load({ '/proj/a.mof': 'class A {};\r\n#pragma include ("missing.mof")\r\n' }, ['a.mof'], ['inc']);
    expect(pin(program.diagnostics)).toEqual([
      {
        code: 'MOF1006',
        severity: 'error',
        message: "included file 'missing.mof' not found (searched 'missing.mof', 'inc/missing.mof')",
        span: { file: 'a.mof', start: { line: 2, column: 1, offset: 13 }, end: { line: 2, column: 32, offset: 44 } },
      },
    ]);
    expect(includeTargets(program, 'a.mof')).toEqual([undefined]);
  });

  it('MOF1002: a directory with the included name is not read; a file of that name further on is', () => {
    const { program } = load({ '/proj/a.mof': '#pragma include("d.mof")' }, ['a.mof'], [], ['/proj/d.mof']);
    expect(pin(program.diagnostics).map((d) => [d.code, d.message])).toEqual([['MOF1002', "cannot read 'd.mof': it is a directory"]]);
    const further = load({ '/proj/a.mof': '#pragma include("d.mof")', '/proj/inc/d.mof': '' }, ['a.mof'], ['inc'], ['/proj/d.mof']);
    expect(further.program.diagnostics).toEqual([]);
    expect(includeTargets(further.program, 'a.mof')).toEqual(['inc/d.mof']);
  });

  it('MOF1007: an include cycle, naming the chain, at the include that closes it', () => {
    const { program, reads } = load(
      {
        '/proj/a.mof': '#pragma include("b.mof")\n',
        '/proj/b.mof': '\n#pragma include("c.mof")\n',
        '/proj/c.mof': '\n\n#pragma include("b.mof")\n',
      },
      ['a.mof'],
    );
    const span = (file: string, line: number, offset: number) => ({
      file,
      start: { line, column: 1, offset },
      end: { line, column: 25, offset: offset + 24 },
    });
    expect(pin(program.diagnostics)).toEqual([
      {
        code: 'MOF1007',
        severity: 'error',
        message: 'include cycle: b.mof -> c.mof -> b.mof',
        span: span('c.mof', 3, 2),
        related: [{ message: "includes 'c.mof'", span: span('b.mof', 2, 1) }],
      },
    ]);
    expect(includeTargets(program, 'c.mof')).toEqual([undefined]);
    expect(reads).toHaveLength(3);
  });

  it('MOF1007: a file that includes itself', () => {
    const { program } = load({ '/proj/a.mof': '#pragma include("a.mof")' }, ['a.mof']);
    expect(program.diagnostics.map((d) => d.message)).toEqual(['include cycle: a.mof -> a.mof']);
  });

  it('MOF1008: a file included twice is read once, compiled at its first inclusion, and noted', () => {
    const { program, reads } = load(
      {
        '/proj/root.mof': '#pragma include("a.mof")\n#pragma include("b.mof")\n',
        '/proj/a.mof': '#pragma include("common.mof")\n',
        '/proj/b.mof': '#pragma include("common.mof")\n',
        '/proj/common.mof': '',
      },
      ['root.mof'],
    );
    const span = (file: string) => ({ file, start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 30, offset: 29 } });
    expect(pin(program.diagnostics)).toEqual([
      {
        code: 'MOF1008',
        severity: 'info',
        message: "'common.mof' is already included; it is compiled once, at its first inclusion",
        span: span('b.mof'),
        related: [{ message: 'first included here', span: span('a.mof') }],
      },
    ]);
    expect(reads.filter((path) => path === '/proj/common.mof')).toHaveLength(1);
    expect(includeTargets(program, 'b.mof')).toEqual(['common.mof']);
  });

  it('MOF1009: includes nested too deeply, at the pragma that goes one level too far', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i <= MAX_INCLUDE_DEPTH + 5; i++) files[`/proj/f${i}.mof`] = `#pragma include("f${i + 1}.mof")`;
    const { program } = load(files, ['f0.mof']);
    const last = `f${MAX_INCLUDE_DEPTH}.mof`;
    expect(pin(program.diagnostics)).toEqual([
      {
        code: 'MOF1009',
        severity: 'error',
        message: `includes are nested too deeply (more than ${MAX_INCLUDE_DEPTH} levels)`,
        span: { file: last, start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: files[`/proj/${last}`]!.length + 1, offset: files[`/proj/${last}`]!.length } },
      },
    ]);
    expect(program.files.size).toBe(MAX_INCLUDE_DEPTH + 1);
  });

  it('every MOF10xx code has a pinned test (here or in decode.test.ts)', () => {
    // Pinned in decode.test.ts, and (reading limits, include roots, names by case, ANSI) in read.test.ts and include-safety.test.ts.
    const decodeTested = ['MOF1004', 'MOF1005', 'MOF1010', 'MOF1011', 'MOF1012', 'MOF1013', 'MOF1014'];
    const codes = Object.values(sourceDiagnostics).map((definition) => definition.code);
    expect(codes.filter((code) => !pinned.has(code) && !decodeTested.includes(code))).toEqual([]);
  });
});

describe('compilationOrder', () => {
  it('walks statements depth-first, each file once, skipping failed includes', () => {
    // With the fake parser the only statements are includes, so yield nothing; check the file order instead.
    const { program } = load(
      {
        '/proj/root.mof': '#pragma include("a.mof")\n#pragma include("b.mof")\n#pragma include("a.mof")',
        '/proj/a.mof': '#pragma include("root.mof")',
        '/proj/b.mof': '#pragma include("missing.mof")',
      },
      ['root.mof', 'b.mof'],
    );
    // Replace every file's statements with the include list plus a marker so the order is visible.
    for (const file of program.files.values()) {
      const marker = { kind: 'Pragma', name: file.path, nameSpan: file.ast.span, arguments: [], span: file.ast.span } as const;
      (file.ast as unknown as { statements: unknown[] }).statements = [marker, ...file.ast.statements];
    }
    const order = [...compilationOrder(program)].map(({ root, statement }) => `${root}: ${statement.kind === 'Pragma' ? statement.name : '?'}`);
    // b.mof is a root too, but already compiled through root.mof's include: it is not compiled again.
    expect(order).toEqual(['root.mof: root.mof', 'root.mof: a.mof', 'root.mof: b.mof']);
    // The tree is not written to: which file an include names is the loader's side table.
    const rootInclude = program.files.get('root.mof')!.ast.statements.find((s) => s.kind === 'IncludePragma')!;
    expect(Object.keys(rootInclude)).not.toContain('resolvedPath');
    expect(program.includes.get(rootInclude as never)).toBe('a.mof');
  });
});

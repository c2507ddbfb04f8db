import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassDeclaration } from '../../src/ast/nodes.js';
import { main } from '../../src/cli/main.js';
import { loadProgram, type ParseFunction, type Program } from '../../src/source/load.js';
import { memoryIo } from './helpers/memory-io.js';

/**
 * The source loader and the CLI with the real parser, on the real inputs.
 * Skipped until the parser (src/ast/parse.ts) exists.
 */

const dmtfRoot = 'fixtures/dmtf/cim-schema-2.49.0/cim_schema_2.49.0.mof';
const hypervMof = 'fixtures/hyperv/WindowsVirtualization.V2.mof';

function classes(program: Program): { file: string; name: string; line: number; column: number }[] {
  const found = [];
  for (const file of program.files.values()) {
    for (const statement of file.ast.statements) {
      if (statement.kind !== 'ClassDeclaration') continue;
      const declaration = statement as ClassDeclaration;
      found.push({ file: file.path, name: declaration.name.name, line: declaration.name.span.start.line, column: declaration.name.span.start.column });
    }
  }
  return found;
}

describe('with the real parser', () => {
  let parse: ParseFunction;
  let tmp: string;
  beforeAll(async () => {
    parse = (await import('../../src/ast/parse.js')).parseSource;
    tmp = mkdtempSync(join(tmpdir(), 'mofc-e2e-'));
  });
  afterAll(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  it('mofc parse: the DMTF CIM 2.49 tree, 1,634 files, no errors', async () => {
    const io = memoryIo();
    const code = await main(['parse', '--format', 'json', dmtfRoot], io);
    const report = JSON.parse(io.out);
    expect(report.diagnostics.filter((d: { severity: string }) => d.severity === 'error').slice(0, 5)).toEqual([]);
    expect(code).toBe(0);
    const program = loadProgram({ roots: [dmtfRoot], parse });
    expect(program.files.size).toBe(1634);
    expect(classes(program)).toHaveLength(1631);
  });

  it('mofc parse: the Hyper-V schema as Windows ships it (UTF-16LE, BOM, CRLF) gives the same classes at the same lines', async () => {
    const utf8 = readFileSync(hypervMof, 'utf8');
    const windowsText = '\uFEFF' + utf8.replace(/\n/g, '\r\n');
    const windowsPath = join(tmp, 'WindowsVirtualization.V2.mof');
    writeFileSync(windowsPath, Buffer.from(windowsText, 'utf16le'));

    const io = memoryIo();
    expect(await main(['parse', windowsPath], io)).toBe(0);
    expect(io.out).toMatch(/^0 errors, \d+ warnings?\n$|0 errors, 0 warnings\n$/);

    const original = loadProgram({ roots: [hypervMof], parse });
    const windows = loadProgram({ roots: [windowsPath], parse });
    expect(windows.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(windows.files.get(windowsPath)!.encoding).toBe('utf-16le');
    const strip = (list: ReturnType<typeof classes>) => list.map(({ name, line, column }) => ({ name, line, column }));
    const originalClasses = strip(classes(original));
    expect(originalClasses).toHaveLength(437);
    expect(strip(classes(windows))).toEqual(originalClasses);
  });

  it('follows relative, -I, Microsoft #include and backslash includes', async () => {
    const io = memoryIo();
    const code = await main(['parse', 'fixtures/mof/source/includes/root.mof', '-I', 'fixtures/mof/source/includes/lib'], io);
    expect({ code, out: io.out }).toEqual({ code: 0, out: '0 errors, 0 warnings\n' });
    const program = loadProgram({ roots: ['fixtures/mof/source/includes/root.mof'], includePaths: ['fixtures/mof/source/includes/lib'], parse });
    expect(classes(program).map((c) => c.name)).toEqual(['Root_Thing', 'A_Base', 'Lib_Thing', 'B_Thing']);
  });

  it('reports a missing include at the pragma, and a cycle naming the chain', async () => {
    const missing = loadProgram({ roots: ['fixtures/mof/source/missing-include.mof'], parse });
    expect(missing.diagnostics.map((d) => [d.code, d.span?.start.line, d.span?.start.column])).toEqual([['MOF1006', 5, 1]]);
    const cycle = loadProgram({ roots: ['fixtures/mof/source/cycle/a.mof'], parse });
    expect(cycle.diagnostics.map((d) => [d.code, d.message, d.span?.file, d.span?.start.line])).toEqual([
      [
        'MOF1007',
        'include cycle: fixtures/mof/source/cycle/a.mof -> fixtures/mof/source/cycle/b.mof -> fixtures/mof/source/cycle/a.mof',
        'fixtures/mof/source/cycle/b.mof',
        1,
      ],
    ]);
  });

  it('gives the same positions whatever the encoding and line endings', () => {
    const lines = ['// positions', 'class A', '{', '    uint32 x', '    [Key] string Name;', '};', 'class B : A { };', '@'];
    const variants: [string, Uint8Array][] = [
      ['utf-8, LF', Buffer.from(lines.join('\n'), 'utf8')],
      ['utf-8 BOM, CRLF', Buffer.from('\uFEFF' + lines.join('\r\n'), 'utf8')],
      ['utf-16le BOM, CRLF', Buffer.from('\uFEFF' + lines.join('\r\n'), 'utf16le')],
      ['utf-16le, CR', Buffer.from(lines.join('\r'), 'utf16le')],
      ['utf-16be BOM, LF', Buffer.from('\uFEFF' + lines.join('\n'), 'utf16le').swap16()],
      ['utf-16be, CRLF', Buffer.from(lines.join('\r\n'), 'utf16le').swap16()],
    ];
    const positions = variants.map(([name, bytes]) => {
      const program = loadProgram({ roots: ['p.mof'], parse, readFile: () => bytes, cwd: tmp });
      return [name, program.diagnostics.map((d) => [d.code, d.span?.start.line, d.span?.start.column, d.span?.end.line, d.span?.end.column])];
    });
    const expected = positions[0]![1];
    expect(expected).not.toEqual([]);
    expect(positions).toEqual(variants.map(([name]) => [name, expected]));
  });

  it('mofc parse: frames an undecodable byte in a CRLF file at its line and column', async () => {
    const path = join(tmp, 'latin1.mof');
    writeFileSync(path, Buffer.concat([Buffer.from('class A\r\n{\r\n  string S = "caf'), Buffer.from([0xe9]), Buffer.from('";\r\n};\r\n')]));
    const io = memoryIo({ cwd: tmp });
    expect(await main(['parse', 'latin1.mof'], io)).toBe(1);
    expect(io.out).toBe(
      'latin1.mof:3:18: error MOF1003: invalid UTF-8 byte sequence 0xE9 (replaced by U+FFFD)\n' +
        ' 3 |   string S = "caf\uFFFD";\n' +
        '   |                  ^\n' +
        '1 error, 0 warnings\n',
    );
  });
});

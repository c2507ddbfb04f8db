import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { renderHuman } from '../../src/diagnostics/render-human.js';
import { formatSummary } from '../../src/diagnostics/summary.js';
import { SourceFile } from '../../src/source/source-file.js';

const a = new SourceFile('a.mof', 'class A\r\n{\r\n\tstring Name\r\n};\r\n');
const b = new SourceFile('dir/b.mof', 'class B {\n  uint8 x;\n};\n');
const lookup = (path: string) => [a, b].find((source) => source.path === path);

const expectedSemicolon: Diagnostic = {
  code: 'MOF2003',
  severity: 'error',
  message: "expected ';'",
  span: a.span(20, 24), // "Name"
};

describe('renderHuman', () => {
  it('prints location, severity, code and message, then the line and carets under the span (tabs kept)', () => {
    expect(renderHuman([expectedSemicolon], lookup)).toBe(
      "a.mof:3:9: error MOF2003: expected ';'\n" + //
        ' 3 | \tstring Name\n' +
        '   | \t       ^^^^\n',
    );
  });

  it('underlines a multi-line span to the end of its first line only, and prints related spans as notes', () => {
    const diagnostic: Diagnostic = {
      code: 'MOF3001',
      severity: 'warning',
      message: 'class B is odd',
      span: b.span(6, 24),
      related: [{ message: 'A is here', span: a.span(6, 7) }],
    };
    expect(renderHuman([diagnostic], lookup)).toBe(
      'dir/b.mof:1:7: warning MOF3001: class B is odd\n' +
        ' 1 | class B {\n' +
        '   |       ^^^\n' +
        'a.mof:1:7: note: A is here\n',
    );
  });

  it('puts one caret under an empty span, including at the end of a line', () => {
    const diagnostic: Diagnostic = { code: 'MOF2001', severity: 'error', message: 'x', span: b.span(9, 9) };
    expect(renderHuman([diagnostic], lookup)).toBe('dir/b.mof:1:10: error MOF2001: x\n 1 | class B {\n   |          ^\n');
  });

  it('widens the gutter for long line numbers', () => {
    const source = new SourceFile('c.mof', '\n'.repeat(99) + 'x;');
    const diagnostic: Diagnostic = { code: 'MOF2001', severity: 'error', message: 'x', span: source.span(99, 100) };
    expect(renderHuman([diagnostic], () => source)).toBe('c.mof:100:1: error MOF2001: x\n 100 | x;\n     | ^\n');
  });

  it('leaves the frame out when the source is not known, and the location when there is no span', () => {
    const diagnostics: Diagnostic[] = [
      { code: 'MOF2001', severity: 'error', message: 'x', span: { file: 'gone.mof', start: expectedSemicolon.span!.start, end: expectedSemicolon.span!.end } },
      { code: 'MOF1001', severity: 'error', message: "cannot open 'x.mof': no such file" },
    ];
    expect(renderHuman(diagnostics, lookup)).toBe(
      'gone.mof:3:9: error MOF2001: x\n' + "mofc: error MOF1001: cannot open 'x.mof': no such file\n",
    );
  });

  it('colours only when asked', () => {
    const esc = '\u001b';
    expect(renderHuman([expectedSemicolon], lookup, { color: true })).toBe(
      `${esc}[1ma.mof:3:9:${esc}[0m ${esc}[1m${esc}[31merror${esc}[0m MOF2003: expected ';'\n` +
        `${esc}[34m 3 |${esc}[0m \tstring Name\n` +
        `${esc}[34m   |${esc}[0m \t       ${esc}[1m${esc}[31m^^^^${esc}[0m\n`,
    );
    expect(renderHuman([expectedSemicolon], lookup, { color: false })).not.toContain(esc);
  });
});

describe('formatSummary', () => {
  it('counts errors and warnings, and infos when there are some', () => {
    const d = (severity: Diagnostic['severity']): Diagnostic => ({ code: 'X', severity, message: '' });
    expect(formatSummary([])).toBe('0 errors, 0 warnings');
    expect(formatSummary([d('error'), d('error'), d('warning')])).toBe('2 errors, 1 warning');
    expect(formatSummary([d('error'), d('info')])).toBe('1 error, 0 warnings, 1 info');
  });
});

describe('renderHuman on an empty file', () => {
  it('prints no frame', () => {
    const empty = new SourceFile('e.mof', '');
    const diagnostic: Diagnostic = { code: 'MOF1005', severity: 'error', message: 'x', span: empty.span(0, 0) };
    expect(renderHuman([diagnostic], () => empty)).toBe('e.mof:1:1: error MOF1005: x\n');
  });
});

describe('renderHuman on hostile lines', () => {
  it('cuts a long line around the span, keeping the carets under it', () => {
    const line = 'x'.repeat(300) + 'HERE' + 'y'.repeat(300);
    const source = new SourceFile('long.mof', line);
    const diagnostic: Diagnostic = { code: 'MOF2001', severity: 'error', message: 'x', span: source.span(300, 304) };
    const [, frame, carets] = renderHuman([diagnostic], () => source).split('\n');
    const shown = '…' + 'x'.repeat(20) + 'HERE' + 'y'.repeat(96) + '…';
    expect(frame).toBe(` 1 | ${shown}`);
    expect(carets).toBe(`   | ${' '.repeat(21)}^^^^`);
  });

  it('shows the end of a long line when the span is there', () => {
    const source = new SourceFile('long.mof', 'x'.repeat(200));
    const diagnostic: Diagnostic = { code: 'MOF2001', severity: 'error', message: 'x', span: source.span(200, 200) };
    const [, frame, carets] = renderHuman([diagnostic], () => source).split('\n');
    expect(frame).toBe(` 1 | …${'x'.repeat(120)}`);
    expect(carets).toBe(`   | ${' '.repeat(121)}^`);
  });

  it('never prints control characters or bidi overrides from the source', () => {
    const source = new SourceFile('evil.mof', 'a\u001b[2Jb\u202ec\u0007d');
    const diagnostic: Diagnostic = { code: 'MOF1101', severity: 'error', message: 'x', span: source.span(8, 9) };
    expect(renderHuman([diagnostic], () => source)).toBe(
      'evil.mof:1:9: error MOF1101: x\n 1 | a\uFFFD[2Jb\uFFFDc\uFFFDd\n   |         ^\n',
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { renderJson } from '../../src/diagnostics/render-json.js';
import { SourceFile } from '../../src/source/source-file.js';

describe('renderJson', () => {
  const source = new SourceFile('a.mof', 'class A\n{};');
  const diagnostics: Diagnostic[] = [
    {
      code: 'MOF1007',
      severity: 'error',
      message: 'include cycle: a.mof -> a.mof',
      span: source.span(8, 10),
      related: [{ message: 'here', span: source.span(0, 5) }],
    },
    { code: 'MOF1001', severity: 'error', message: 'no such file' },
    { code: 'MOF1008', severity: 'info', message: 'again', span: source.span(0, 0) },
  ];

  it('has a stable, documented shape', () => {
    expect(JSON.parse(renderJson(diagnostics))).toEqual({
      version: 1,
      diagnostics: [
        {
          code: 'MOF1007',
          severity: 'error',
          message: 'include cycle: a.mof -> a.mof',
          file: 'a.mof',
          start: { line: 2, column: 1, offset: 8 },
          end: { line: 2, column: 3, offset: 10 },
          related: [
            { message: 'here', file: 'a.mof', start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 6, offset: 5 } },
          ],
        },
        { code: 'MOF1001', severity: 'error', message: 'no such file', file: null, start: null, end: null, related: [] },
        {
          code: 'MOF1008',
          severity: 'info',
          message: 'again',
          file: 'a.mof',
          start: { line: 1, column: 1, offset: 0 },
          end: { line: 1, column: 1, offset: 0 },
          related: [],
        },
      ],
      summary: { errors: 2, warnings: 0, infos: 1 },
    });
  });

  it('orders keys the same way whatever the input objects hold, and ends with a newline', () => {
    const text = renderJson([{ message: 'm', severity: 'warning', code: 'C' } as Diagnostic]);
    expect(text).toBe(
      '{\n  "version": 1,\n  "diagnostics": [\n    {\n      "code": "C",\n      "severity": "warning",\n      "message": "m",\n' +
        '      "file": null,\n      "start": null,\n      "end": null,\n      "related": []\n    }\n  ],\n' +
        '  "summary": {\n    "errors": 0,\n    "warnings": 1,\n    "infos": 0\n  }\n}\n',
    );
  });
});

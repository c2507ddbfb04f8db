import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { semanticQualifierDiagnostics } from '../../../src/diagnostics/codes/semantic-qualifiers.js';

const definitions = Object.values(semanticQualifierDiagnostics);

function testSources(dir: string): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return testSources(path);
      return entry.name.endsWith('.test.ts') && entry.name !== 'codes.test.ts' ? readFileSync(path, 'utf8') : '';
    })
    .join('\n');
}

describe('semanticQualifierDiagnostics', () => {
  it('uses unique codes within MOF3200–MOF3399', () => {
    const codes = definitions.map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) {
      expect(code).toMatch(/^MOF3[23]\d\d$/);
    }
  });

  it('has a test pinning each code', () => {
    const here = import.meta.dirname;
    const sources = testSources(here) + testSources(join(here, '..', 'enums'));
    const untested = definitions.map((d) => d.code).filter((code) => !sources.includes(`code: '${code}'`));
    expect(untested).toEqual([]);
  });
});

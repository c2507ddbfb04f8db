/**
 * Lists longer than a call takes arguments (about 125,000 on V8): no stage may
 * spread them into a call (`push(...list)`), which throws "Maximum call stack
 * size exceeded". 130,000 qualifiers on one class, and as many diagnostics
 * from one qualifier list.
 */
import { describe, expect, it } from 'vitest';
import { compileText } from './helpers.js';

const COUNT = 130_000;

function manyQualifiers(prefix: string): string {
  return Array.from({ length: COUNT }, (_, i) => `${prefix}${i}`).join(', ');
}

describe('hard limits: very long lists', () => {
  it('130,000 undeclared qualifiers in the DMTF dialect: 130,000 errors, no crash', () => {
    const { diagnostics } = compileText(`[${manyQualifiers('Q')}] class X { [Key] string Id; };\n`, { dialect: 'dmtf' });
    expect(diagnostics.filter((d) => d.code === 'MOF3200')).toHaveLength(COUNT);
  });

  it('130,000 qualifiers kept in the Microsoft dialect, inherited by a subclass and a property override', () => {
    const text = [
      `[${manyQualifiers('Q')}] class X { [Key] string Id; [${manyQualifiers('P')}] uint32 V; };`,
      'class Y : X { [Override("V")] uint32 V; };',
    ].join('\n');
    const { repository, diagnostics } = compileText(text, { dialect: 'microsoft' });
    expect(diagnostics.filter((d) => d.code === 'MOF3201').length).toBe(2 * COUNT);
    const y = repository.namespaces[0]!.classes.find((c) => c.name === 'Y')!;
    // WMI qualifiers without a declaration do not propagate; the override's are its own.
    expect(Object.keys(repository.namespaces[0]!.classes.find((c) => c.name === 'X')!.qualifiers)).toHaveLength(COUNT);
    expect(y.properties.map((p) => p.name)).toEqual(['Id', 'V']);
  });
});

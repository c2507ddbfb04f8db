/**
 * Model JSON as a stream (writeModelJson) and its compact form: the same
 * bytes as one `JSON.stringify` of the sorted repository, handed out in
 * bounded chunks; the compact form rebuilds the flattened one exactly.
 */
import { describe, expect, it } from 'vitest';
import { modelToJson, writeModelJson } from '../../src/model/compile.js';
import { byName } from '../../src/model/json.js';
import type { ClassModel, MethodModel, PropertyModel, Repository } from '../../src/model/types.js';
import { compileFiles, compileText } from './helpers.js';

const HYPERV = ['fixtures/hyperv/WindowsVirtualization.V2.mof', 'fixtures/hyperv/WindowsVirtualization.V2.mfl'];
const DMTF = ['fixtures/dmtf/cim-schema-2.49.0/cim_schema_2.49.0.mof'];

/** What `modelToJson` was before it streamed: one stringify of the sorted repository. */
function stringifyAtOnce(repository: Repository): string {
  const sorted: Repository = {
    namespaces: [...repository.namespaces].sort(byName).map((ns) => ({
      name: ns.name,
      locale: ns.locale,
      qualifierTypes: [...ns.qualifierTypes].sort(byName),
      classes: [...ns.classes].sort(byName),
    })),
  };
  return JSON.stringify(sorted, null, 2) + '\n';
}

/** Each schema is compiled once for the tests below. */
const compiled = new Map<string, Repository>();
function repositoryOf(roots: readonly string[], options: { locale?: string }): Repository {
  const key = JSON.stringify([roots, options]);
  let repository = compiled.get(key);
  if (!repository) {
    const result = compileFiles(roots, options);
    expect(result.problems.filter((d) => d.severity === 'error')).toEqual([]);
    repository = result.repository;
    compiled.set(key, repository);
  }
  return repository;
}

function piecesOf(repository: Repository, compact = false): string[] {
  const pieces: string[] = [];
  writeModelJson(repository, (piece) => pieces.push(piece), { compact });
  return pieces;
}

interface CompactDocument {
  form: string;
  namespaces: { name: string; classes: (Omit<ClassModel, 'ancestors' | 'keys'> & { ancestors?: unknown; keys?: unknown })[] }[];
}

/** The flattened members from the compact form, by the rule docs/model-json.md gives. */
function rebuildFlattened(document: CompactDocument): Map<string, { properties: PropertyModel[]; methods: MethodModel[] }> {
  const out = new Map<string, { properties: PropertyModel[]; methods: MethodModel[] }>();
  for (const ns of document.namespaces) {
    const byKey = new Map(ns.classes.map((c) => [c.name.toLowerCase(), c] as const));
    const flat = (name: string): { properties: PropertyModel[]; methods: MethodModel[] } => {
      const key = `${ns.name}:${name.toLowerCase()}`;
      const done = out.get(key);
      if (done) return done;
      const cls = byKey.get(name.toLowerCase())!;
      const parent = cls.superclass !== null && byKey.has(cls.superclass.toLowerCase()) ? flat(cls.superclass) : { properties: [], methods: [] };
      const merge = <T extends { name: string }>(inherited: readonly T[], own: readonly T[]): T[] => {
        const list = [...inherited];
        for (const member of own) {
          const at = list.findIndex((m) => m.name.toLowerCase() === member.name.toLowerCase());
          if (at === -1) list.push(member);
          else list[at] = member;
        }
        return list;
      };
      const result = { properties: merge(parent.properties, cls.properties), methods: merge(parent.methods, cls.methods) };
      out.set(key, result);
      return result;
    };
    for (const cls of ns.classes) flat(cls.name);
  }
  return out;
}

describe('writeModelJson', () => {
  it.each([
    ['Hyper-V, with its amendments in 0x409', HYPERV, { locale: '0x409' }],
    ['DMTF CIM 2.49', DMTF, {}],
  ])('%s: the same bytes as one JSON.stringify, in small pieces', (_, roots, options) => {
    const repository = repositoryOf(roots, options);
    const pieces = piecesOf(repository);
    const whole = stringifyAtOnce(repository);
    expect(pieces.join('')).toBe(whole);
    expect(modelToJson(repository)).toBe(whole);
    // Streamed: pieces are members and separators, never a class's worth of text or more.
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(whole.length / 100);
    expect(pieces.length).toBeGreaterThan(1000);
  });

  it.each([
    ['Hyper-V, with its amendments in 0x409', HYPERV, { locale: '0x409' }],
    ['DMTF CIM 2.49', DMTF, {}],
  ])('%s: the compact form rebuilds every flattened class exactly', (_, roots, options) => {
    const repository = repositoryOf(roots, options);
    const compactText = piecesOf(repository, true).join('');
    const compact = JSON.parse(compactText) as CompactDocument;
    expect(compact.form).toBe('compact');
    const full = JSON.parse(stringifyAtOnce(repository)) as Repository;
    const rebuilt = rebuildFlattened(compact);
    let checked = 0;
    for (const ns of full.namespaces) {
      for (const cls of ns.classes) {
        expect(rebuilt.get(`${ns.name}:${cls.name.toLowerCase()}`), `${ns.name}:${cls.name}`).toEqual({
          properties: cls.properties,
          methods: cls.methods,
        });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
    for (const ns of compact.namespaces) for (const cls of ns.classes) expect([cls.ancestors, cls.keys]).toEqual([undefined, undefined]);
    expect(compactText.length).toBeLessThan(stringifyAtOnce(repository).length / 2);
  });

  it('compact model JSON grows with the schema, flattened with depth × width', () => {
    const chain = (levels: number) => {
      let text = 'class C0 { [Key] string Id; };\n';
      for (let i = 1; i < levels; i++) text += `class C${i} : C${i - 1} { uint32 P${i}; };\n`;
      return compileText(text).repository;
    };
    const [small, large] = [chain(200), chain(400)];
    const size = (repository: Repository, compact: boolean) => piecesOf(repository, compact).join('').length;
    // Twice the classes: about twice the compact text, about four times the flattened text.
    expect(size(large, true) / size(small, true)).toBeLessThan(2.1);
    expect(size(large, false) / size(small, false)).toBeGreaterThan(3.5);
  });

  it('a class keeps its flattened lists, computed when first read', () => {
    const { repository } = compileText('class A { [Key] string Id; uint32 X; };\nclass B : A { [Override("X")] uint32 X = 2; string Y; };\n');
    const b = repository.namespaces[0]!.classes.find((c) => c.name === 'B')!;
    expect(b.ancestors).toEqual(['A']);
    expect(b.keys).toEqual(['Id']);
    expect(b.properties.map((p) => [p.name, p.classOrigin, p.propagated, p.default])).toEqual([
      ['Id', 'A', true, null],
      ['X', 'B', false, 2],
      ['Y', 'B', false, null],
    ]);
    expect(b.properties).toBe(b.properties);
    expect(Object.keys(b)).toEqual([
      'name', 'superclass', 'ancestors', 'isAssociation', 'isIndication', 'isAbstract',
      'qualifiers', 'keys', 'properties', 'methods', 'instances', 'amendments',
    ]);
  });
});

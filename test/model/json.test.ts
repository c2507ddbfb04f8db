/** modelToJson: sorted, 2-space, final newline, whatever order the repository lists things in. */
import { describe, expect, it } from 'vitest';
import { modelToJson } from '../../src/model/compile.js';
import type { ClassModel, NamespaceModel, QualifierType, Repository } from '../../src/model/types.js';

function cls(name: string): ClassModel {
  return {
    name,
    superclass: null,
    ancestors: [],
    isAssociation: false,
    isIndication: false,
    isAbstract: false,
    qualifiers: {},
    keys: [],
    properties: [],
    methods: [],
    instances: [],
    amendments: {},
  };
}

function qt(name: string): QualifierType {
  return { name, type: 'boolean', isArray: false, scopes: ['any'], flavors: {}, default: false, origin: 'input' };
}

function ns(name: string, classes: string[], qualifiers: string[] = []): NamespaceModel {
  return { name, locale: null, qualifierTypes: qualifiers.map(qt), classes: classes.map(cls) };
}

describe('modelToJson', () => {
  it('sorts namespaces, classes and qualifier types by name, case-insensitively', () => {
    const repository: Repository = { namespaces: [ns('root/b', ['b_Two', 'a_Zero', 'A_One', 'a_one'], ['Z', 'a']), ns('root/A', [])] };
    const parsed = JSON.parse(modelToJson(repository)) as Repository;
    expect(parsed.namespaces.map((n) => n.name)).toEqual(['root/A', 'root/b']);
    expect(parsed.namespaces[1]!.classes.map((c) => c.name)).toEqual(['A_One', 'a_one', 'a_Zero', 'b_Two']);
    expect(parsed.namespaces[1]!.qualifierTypes.map((q) => q.name)).toEqual(['a', 'Z']);
  });

  it('is 2-space indented with a final newline, and does not change its input', () => {
    const repository: Repository = { namespaces: [ns('root/x', ['B', 'A'])] };
    const text = modelToJson(repository);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "namespaces": [');
    expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2) + '\n');
    expect(repository.namespaces[0]!.classes.map((c) => c.name)).toEqual(['B', 'A']);
  });
});

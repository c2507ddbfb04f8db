import type { ImportDeclarationStructure, OptionalKind } from 'ts-morph';
import { compareStrings } from './names.js';

/** Collects the imports of one generated module and prints them sorted. */
export class ImportCollector {
  /** module → name → 'value' | 'type' */
  private readonly modules = new Map<string, Map<string, 'value' | 'type'>>();

  add(moduleSpecifier: string, name: string, kind: 'value' | 'type'): string {
    let names = this.modules.get(moduleSpecifier);
    if (!names) {
      names = new Map();
      this.modules.set(moduleSpecifier, names);
    }
    if (names.get(name) !== 'value') names.set(name, kind);
    return name;
  }

  /** Packages first, then relative modules; each sorted. */
  private specifiers(): string[] {
    return [...this.modules.keys()].sort((a, b) => {
      const ra = a.startsWith('.') ? 1 : 0;
      const rb = b.startsWith('.') ? 1 : 0;
      return ra - rb || compareStrings(a, b);
    });
  }

  /** The imports as ts-morph structures (a module whose names are all types is a type-only import). */
  declarations(): OptionalKind<ImportDeclarationStructure>[] {
    return this.specifiers().map((spec) => {
      const names = this.modules.get(spec)!;
      const sorted = [...names.keys()].sort(compareStrings);
      const allTypes = sorted.every((n) => names.get(n) === 'type');
      return {
        moduleSpecifier: spec,
        isTypeOnly: allTypes,
        namedImports: sorted.map((n) => ({ name: n, isTypeOnly: !allTypes && names.get(n) === 'type' })),
      };
    });
  }

  /** Import statements as text, in the order of `declarations`. */
  print(): string {
    const lines: string[] = [];
    for (const spec of this.specifiers()) {
      const names = this.modules.get(spec)!;
      const sorted = [...names.keys()].sort(compareStrings);
      const allTypes = sorted.every((n) => names.get(n) === 'type');
      const list = sorted.map((n) => (allTypes || names.get(n) === 'value' ? n : `type ${n}`)).join(', ');
      lines.push(`import ${allTypes ? 'type ' : ''}{ ${list} } from ${JSON.stringify(spec)};`);
    }
    return lines.join('\n');
  }
}

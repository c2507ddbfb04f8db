/**
 * Which way the stages may depend on each other, read from the import
 * statements of the source files (docs/architecture.md, "Which way imports go"):
 * - the runtime (`src/runtime/src`) imports nothing of the compiler: it is a
 *   package of its own that generated SDKs load;
 * - the compiler imports only the runtime's types (it may not load runtime code,
 *   which its build does not emit), except the CLI, whose `serve` runs the runtime,
 *   and names it `@mofc/runtime` (a dependency of mofc);
 * - the grammar imports the AST only as types: the AST builder loads the grammar,
 *   not the reverse (the grammar owns how a token is described);
 * - no stage imports the CLI or the API, the edges built on top of the stages.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

interface Import {
  /** Repository-relative path of the importing file. */
  readonly from: string;
  /** The module specifier as written. */
  readonly specifier: string;
  /** Repository-relative path of the target for relative specifiers; the specifier otherwise. */
  readonly target: string;
  /** Erased when compiled (`import type`, `export type`, or every named binding `type`). */
  readonly typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist') out.push(...sourceFiles(relative));
    } else if (/\.ts$/.test(entry.name) && !/\.(test|d)\.ts$/.test(entry.name)) out.push(relative);
  }
  return out;
}

const parsed = new Map<string, Import[]>();

function importsOf(file: string): Import[] {
  let imports = parsed.get(file);
  if (!imports) parsed.set(file, (imports = importsIn(file, fs.readFileSync(path.join(root, file), 'utf8'))));
  return imports;
}

/** The imports of `text` as if it were `file`. */
function importsIn(file: string, text: string): Import[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const out: Import[] = [];
  const add = (specifier: string, typeOnly: boolean): void => {
    const target = specifier.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)) : specifier;
    out.push({ from: file, specifier, target, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined && bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier.text, typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.exportClause;
      const typeOnly = node.isTypeOnly || (clause !== undefined && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly));
      add(node.moduleSpecifier.text, typeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) add(arg.text, false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const runtimeFiles = sourceFiles('src/runtime/src');
const compilerFiles = [...sourceFiles('src').filter((f) => !f.startsWith('src/runtime/')), ...sourceFiles('grammars')];

const isRuntime = (i: Import): boolean => i.target === '@mofc/runtime' || i.target.startsWith('@mofc/runtime/') || i.target.startsWith('src/runtime/');
const show = (i: Import): string => `${i.from} → ${i.specifier}${i.typeOnly ? ' (type)' : ''}`;

describe('which way imports go', () => {
  it('reads the imports it judges (the rules below are not vacuous)', () => {
    expect(runtimeFiles).toContain('src/runtime/src/marshal.ts');
    expect(compilerFiles).toEqual(expect.arrayContaining(['grammars/mof/parser.ts', 'src/ast/builder.ts', 'src/model/integers.ts']));
    const parser = importsOf('grammars/mof/parser.ts');
    expect(parser).toContainEqual({ from: 'grammars/mof/parser.ts', specifier: '../../src/ast/nodes.js', target: 'src/ast/nodes.js', typeOnly: true });
    expect(parser).toContainEqual({ from: 'grammars/mof/parser.ts', specifier: './tokens.js', target: 'grammars/mof/tokens.js', typeOnly: false });
    expect(importsOf('src/model/integers.ts').filter(isRuntime).map(show)).toEqual(['src/model/integers.ts → @mofc/runtime (type)']);
  });

  it('tells value imports from type-only ones', () => {
    const text = [
      "import { describeFound } from '../../src/ast/builder.js';",
      "import { type AstBuilder, nodes } from '../../src/ast/nodes.js';",
      "import type { A } from '../../src/ast/a.js';",
      "import { type B } from '../../src/ast/b.js';",
      "export { type C } from '../../src/ast/c.js';",
      "const lazy = await import('@mofc/runtime');",
      "type D = import('@mofc/runtime').CimValue;",
    ].join('\n');
    expect(importsIn('grammars/mof/x.ts', text).map((i) => [i.target, i.typeOnly])).toEqual([
      ['src/ast/builder.js', false],
      ['src/ast/nodes.js', false],
      ['src/ast/a.js', true],
      ['src/ast/b.js', true],
      ['src/ast/c.js', true],
      ['@mofc/runtime', false],
      ['@mofc/runtime', true],
    ]);
  });

  it('the runtime imports nothing outside itself but packages', () => {
    const outside = runtimeFiles
      .flatMap(importsOf)
      .filter((i) => (i.specifier.startsWith('.') ? !i.target.startsWith('src/runtime/') : i.specifier === 'mofc' || i.specifier.startsWith('mofc/')));
    expect(outside.map(show)).toEqual([]);
  });

  it('the compiler imports the runtime only as types (the CLI excepted)', () => {
    const values = compilerFiles
      .filter((f) => !f.startsWith('src/cli/'))
      .flatMap(importsOf)
      .filter((i) => isRuntime(i) && !i.typeOnly);
    expect(values.map(show)).toEqual([]);
  });

  it('the compiler names the runtime by its package, never by a path into its sources', () => {
    // A relative path would be kept as written in the declaration files tsc emits, where it points at nothing.
    const byPath = compilerFiles.flatMap(importsOf).filter((i) => i.target.startsWith('src/runtime/'));
    expect(byPath.map(show)).toEqual([]);
  });

  it('the pipeline stages import neither the CLI nor the API, which sit on top of them', () => {
    const upward = compilerFiles
      .filter((f) => !f.startsWith('src/cli/') && !f.startsWith('src/api/'))
      .flatMap(importsOf)
      .filter((i) => i.target.startsWith('src/cli/') || i.target.startsWith('src/api/'));
    expect(upward.map(show)).toEqual([]);
  });

  it('the grammar imports the AST only as types', () => {
    const values = sourceFiles('grammars')
      .flatMap(importsOf)
      .filter((i) => i.target.startsWith('src/ast/') && !i.typeOnly);
    expect(values.map(show)).toEqual([]);
  });
});

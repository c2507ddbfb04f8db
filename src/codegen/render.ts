/**
 * Model → the package's files as unformatted text. Pure. Loads ts-morph (the
 * class modules are ts-morph structures), so `generate` imports it only once
 * it knows there is work to do.
 */
import type { Repository } from '../model/types.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { emitClassModule } from './emit-class.js';
import {
  emitBrand,
  emitGitignore,
  emitIndex,
  emitLicense,
  emitPackageJson,
  emitReadme,
  emitRegistry,
  emitSchema,
  emitTsconfig,
  type PackageOptions,
} from './emit-package.js';
import { createPlan, type PlanOptions, type SchemaPlan } from './plan.js';

export interface RenderOptions extends PlanOptions, PackageOptions {}

/** A file of the package: path relative to the package root (`/`-separated), text, and whether prettier formats it. */
export interface RenderedFile {
  readonly path: string;
  readonly text: string;
  readonly format: boolean;
}

export interface RenderResult {
  readonly plan: SchemaPlan | null;
  /** Sorted by path. */
  readonly files: readonly RenderedFile[];
  readonly diagnostics: Diagnostic[];
}

export function renderPackage(repository: Repository, options: RenderOptions): RenderResult {
  const { plan, diagnostics } = createPlan(repository, options);
  if (!plan) return { plan, files: [], diagnostics };
  const header = options.header;
  const files: RenderedFile[] = [
    { path: '.gitignore', text: emitGitignore(), format: false },
    { path: 'LICENSE', text: emitLicense(), format: false },
    { path: 'README.md', text: emitReadme(plan, options), format: false },
    { path: 'package.json', text: emitPackageJson(plan, options), format: false },
    { path: 'tsconfig.json', text: emitTsconfig(), format: false },
    { path: 'src/brand.ts', text: emitBrand(header), format: true },
    { path: 'src/index.ts', text: emitIndex(plan, header), format: true },
    { path: 'src/registry.ts', text: emitRegistry(plan, header), format: true },
    { path: 'src/schema.ts', text: emitSchema(header), format: true },
  ];
  for (const name of plan.classes.keys()) {
    files.push({ path: `src/classes/${name}.ts`, text: emitClassModule(plan, name, header), format: true });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { plan, files, diagnostics };
}

/**
 * Code generation: compiled model → TypeScript SDK package. See docs/codegen.md.
 *
 * - `generate` — the whole `mofc generate` (manifest check, compile, render, format, write);
 * - `renderPackage` — model → unformatted file texts (pure);
 * - `createPlan` — which classes, enums and methods, and their exported names.
 */
export { generate, type GenerateOptions, type GenerateResult, type GenerateProgress, type CompileFunction } from './generate.js';
export { renderPackage, type RenderedFile, type RenderOptions } from './render.js';
export { createPlan, type SchemaPlan, type ClassPlan, type EnumPlan, type MethodPlan, type PlanOptions } from './plan.js';
export { PRETTIER_OPTIONS } from './format.js';
export { MANIFEST_NAME } from './output.js';

/**
 * One class → the text of its module (`src/classes/<Class>.ts`), unformatted:
 * the module's ts-morph structure (./class-module/) printed by ts-morph.
 */
import { printStructure } from 'ts-morph';
import type { SchemaPlan } from './plan.js';
import { classModuleStructure } from './class-module/module.js';

/** How generated modules are printed before prettier formats them. */
const PRINT_OPTIONS = { indentNumberOfSpaces: 2, useSingleQuote: true, newLine: '\n' } as const;

export function emitClassModule(plan: SchemaPlan, className: string, header: string): string {
  return printStructure(classModuleStructure(plan, className, header), PRINT_OPTIONS);
}

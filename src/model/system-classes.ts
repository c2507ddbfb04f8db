/**
 * The WMI system classes (`__Namespace`, `__Win32Provider`, provider
 * registrations, …) as class declarations, parsed once from the built-in MOF
 * text and shared by every namespace of a Microsoft-dialect compilation.
 */
import type * as ast from '../ast/nodes.js';
import { parseSource } from '../ast/parse.js';
import { SourceFile } from '../source/source-file.js';
import { wmiSystemClassesMof } from './builtins/wmi-system-classes.js';

/** The path the system classes' spans carry. */
export const SYSTEM_CLASSES_PATH = '<wmi-system-classes>';

let cached: readonly ast.ClassDeclaration[] | undefined;

export function systemClassDeclarations(): readonly ast.ClassDeclaration[] {
  if (!cached) {
    const parsed = parseSource(new SourceFile(SYSTEM_CLASSES_PATH, wmiSystemClassesMof));
    cached = parsed.file.statements.filter((s): s is ast.ClassDeclaration => s.kind === 'ClassDeclaration');
  }
  return cached;
}

/**
 * The schema model: a loaded program (every file's AST, includes resolved)
 * in, a resolved and checked repository out. Pure: no I/O.
 *
 * Stages, one module each:
 * 1. dialect.ts — which dialect, when not given;
 * 2. collect.ts — the statement walk: namespaces, pragmas, declarations;
 * 3. (here) qualifier types per namespace: input declarations over built-ins;
 * 4. amendments.ts — `.mfl` amendments filed under their base classes;
 * 5. class-order.ts — dependency order, missing superclasses, cycles;
 * 6. flatten.ts (+ overrides.ts, elements.ts, methods.ts, references.ts) —
 *    each class flattened and checked, once;
 * 7. instances.ts — instances and aliases;
 * 8. json.ts — the model, sorted.
 */
import type * as ast from '../ast/nodes.js';
import { compareDiagnostics, createDiagnostic, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { semanticModelDiagnostics as codes } from '../diagnostics/codes/semantic.js';
import type { Program } from '../source/load.js';
import { dmtfQualifierTypes } from './builtins/dmtf-qualifiers.js';
import { wmiQualifierTypes } from './builtins/wmi-qualifiers.js';
import { collect } from './collect.js';
import { ModelContext, NamespaceContext } from './context.js';
import { detectDialect, findMicrosoftConstructs, findMicrosoftSchemaClass, type Dialect } from './dialect.js';
import { DEFAULT_NAMESPACE, normalizeLocale, normalizeNamespace, parentNamespace, namespaceKey } from './namespaces.js';
import { orderClasses } from './class-order.js';
import { installResolver } from './flatten.js';
import { checkAmendedMembers, collectAmendments } from './amendments.js';
import { resolveInstances } from './instances.js';
import { classModel, namespaceModel } from './json.js';
import { systemClassDeclarations } from './system-classes.js';
import type { ClassModel, NamespaceModel, QualifierType, Repository } from './types.js';

export { modelToJson, writeModelJson, type ModelJsonOptions } from './json.js';

export interface CompileOptions {
  /** Namespace of statements before any `#pragma namespace`; `root/cimv2` when not given. */
  readonly defaultNamespace?: string;
  /** Detected from the input when not given (see dialect.ts). */
  readonly dialect?: Dialect;
  /**
   * A locale (`0x409`, `ms_409`, `1033`): the model's qualifiers take that
   * locale's amendments (`.mfl`), so descriptions come out localized.
   */
  readonly locale?: string;
}

export interface CompileResult {
  readonly repository: Repository;
  /** Semantic diagnostics only (the program's own are the caller's), sorted. */
  readonly diagnostics: Diagnostic[];
  readonly dialect: Dialect;
}

function builtinMap(types: readonly QualifierType[]): Map<string, QualifierType> {
  return new Map(types.map((t) => [t.name.toLowerCase(), t] as const));
}

let dmtfBuiltins: Map<string, QualifierType> | undefined;
let microsoftBuiltins: Map<string, QualifierType> | undefined;
let wmiOnly: Set<string> | undefined;

export function compileProgram(program: Program, options: CompileOptions = {}): CompileResult {
  const diagnostics: Diagnostic[] = [];
  dmtfBuiltins ??= builtinMap(dmtfQualifierTypes);
  microsoftBuiltins ??= new Map([...dmtfBuiltins, ...builtinMap(wmiQualifierTypes)]);
  wmiOnly ??= new Set([...builtinMap(wmiQualifierTypes).keys()].filter((k) => !dmtfBuiltins!.has(k)));

  const dialect = options.dialect ?? detectDialect(program, wmiOnly);
  if (options.dialect === 'dmtf') reportMicrosoftConstructs(program, diagnostics);
  // Leniencies mofcomp allows but that do not make a file Microsoft: errors whenever the dialect is DMTF.
  if (dialect === 'dmtf') reportMicrosoftLeniencies(program, diagnostics);

  let defaultNamespace = DEFAULT_NAMESPACE;
  if (options.defaultNamespace !== undefined) {
    const normalized = normalizeNamespace(options.defaultNamespace);
    if (normalized === undefined) diagnostics.push(createDiagnostic(codes.invalidNamespace, undefined, [options.defaultNamespace]));
    else defaultNamespace = normalized;
  }
  let locale: string | null = null;
  if (options.locale !== undefined) locale = normalizeLocale(options.locale) ?? null;

  const systemClasses: readonly ast.ClassDeclaration[] = dialect === 'microsoft' ? systemClassDeclarations() : [];
  const collected = collect(program, { defaultNamespace, dialect, systemClasses }, diagnostics);

  const model = new ModelContext({ dialect, locale }, diagnostics);
  const builtins = dialect === 'microsoft' ? microsoftBuiltins : dmtfBuiltins;
  for (const ns of collected.namespaces.values()) {
    const parentName = ns.locale === null ? null : parentNamespace(ns.name);
    const parent = parentName === null ? undefined : collected.namespaces.get(namespaceKey(parentName));
    model.namespaces.set(ns.key, new NamespaceContext(model, ns, builtins, parent));
  }

  // Amendments first: a class built for a locale needs them.
  for (const nsx of model.namespaces.values()) {
    if (nsx.ns.locale === null) continue;
    const parentName = parentNamespace(nsx.ns.name);
    collectAmendments(nsx, parentName === null ? undefined : model.namespaces.get(namespaceKey(parentName)));
  }

  for (const nsx of model.namespaces.values()) {
    installResolver(nsx);
    // In a localized namespace only the built-in classes are classes; the others are amendments (never resolved).
    const keys =
      nsx.ns.locale === null ? [...nsx.ns.classes.keys()] : [...nsx.ns.classes].filter(([, entry]) => entry.builtin).map(([key]) => key);
    for (const key of orderClasses(nsx, keys)) nsx.resolveClass(key);
  }
  for (const nsx of model.namespaces.values()) checkAmendedMembers(nsx);
  resolveInstances(model);

  const namespaces: NamespaceModel[] = [];
  for (const nsx of model.namespaces.values()) {
    const classes: ClassModel[] = [];
    for (const state of nsx.resolved.values()) classes.push(classModel(state));
    namespaces.push(namespaceModel(nsx.ns.name, nsx.ns.locale, nsx.qualifierTypes.values(), classes));
  }
  namespaces.sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0));
  if (options.dialect === undefined && dialect === 'dmtf' && (hasErrors(diagnostics) || hasErrors(program.diagnostics))) {
    suggestMicrosoftDialect(program, diagnostics);
  }
  diagnostics.sort(compareDiagnostics);
  return { repository: { namespaces }, diagnostics, dialect };
}

/**
 * A detected-DMTF input with errors that declares Microsoft-prefixed classes
 * (`MSFT_…`) gets one note suggesting `--dialect microsoft`: such schemas are
 * often written for mofcomp without any mofcomp-only construct, and what
 * mofcomp accepts is a warning there. The prefix alone does not switch the
 * dialect: Microsoft also writes strict DMTF MOF (OMI), and the dialect
 * changes meanings (an `[Out]` parameter's direction), not only severities.
 */
function suggestMicrosoftDialect(program: Program, diagnostics: Diagnostic[]): void {
  const name = findMicrosoftSchemaClass(program.files.values());
  if (name) diagnostics.push(createDiagnostic(codes.microsoftSchemaInDmtf, name.span, [name.name]));
}

/** A string literal that spans lines (warned about by the parser, MOF1109) is an error in the DMTF dialect. */
function reportMicrosoftLeniencies(program: Program, diagnostics: Diagnostic[]): void {
  for (const file of program.files.values()) {
    for (const span of file.ast.multiLineStrings ?? []) {
      diagnostics.push(createDiagnostic(codes.microsoftExtension, span, ['a line break inside a string literal']));
    }
  }
}

/** In an explicitly DMTF compilation, each Microsoft-only construct is an error (MOF3100). */
function reportMicrosoftConstructs(program: Program, diagnostics: Diagnostic[]): void {
  findMicrosoftConstructs(
    program.files.values(),
    () => false,
    (construct) => {
      if (!construct.reportedElsewhere) diagnostics.push(createDiagnostic(codes.microsoftExtension, construct.span, [construct.what]));
      return false;
    },
  );
}

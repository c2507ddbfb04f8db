/**
 * The statement walk: follows the program's statements in compilation order
 * (each root in turn, descending into an included file at its include
 * pragma, each file once) and files every declaration under the namespace
 * that is current at that point. Pragmas take effect here, in order:
 * `namespace`, `classflags`, `deleteclass`; `instance of __Namespace`
 * creates a child namespace.
 *
 * Each root starts in the default namespace with no class flags, so that the
 * order of the roots does not change which namespace a statement lands in.
 *
 * Re-declaring a class (docs/model-json.md, "Re-declared classes"):
 * - DMTF dialect: an error (MOF3001); the first declaration is kept.
 * - Microsoft dialect: mofcomp's default is create-or-update, so the later
 *   declaration replaces the earlier one (warning MOF3085, none when a
 *   `classflags` update flag says that this is intended). `createonly`: an
 *   error, the existing class is kept. `updateonly`: a class that does not
 *   exist yet is an error and is not created. `forceupdate`/`safeupdate`
 *   only matter against a live repository (child-class conflicts) and mean
 *   "update" here.
 * - A built-in system class is replaced silently.
 */
import type * as ast from '../ast/nodes.js';
import { createDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { semanticModelDiagnostics as codes } from '../diagnostics/codes/semantic.js';
import { compilationOrder, type CompilationStep, type Program } from '../source/load.js';
import { qualifierTypeFromDeclaration } from './qualifiers.js';
import type { Dialect } from './dialect.js';
import { NamespaceState, declaredHere } from './state.js';
import { namespaceKey, resolveNamespaceName } from './namespaces.js';
import type { QualifierType } from './types.js';

export interface CollectOptions {
  readonly defaultNamespace: string;
  readonly dialect: Dialect;
  /** WMI system class declarations, put into every namespace (Microsoft dialect). */
  readonly systemClasses: readonly ast.ClassDeclaration[];
}

export interface Collected {
  /** By namespace key. */
  readonly namespaces: Map<string, NamespaceState>;
}

interface ClassFlags {
  createOnly: boolean;
  updateOnly: boolean;
  update: boolean;
}

const NO_FLAGS: ClassFlags = { createOnly: false, updateOnly: false, update: false };

export function collect(program: Program, options: CollectOptions, diagnostics: Diagnostic[]): Collected {
  const namespaces = new Map<string, NamespaceState>();
  let current = options.defaultNamespace;
  let flags = NO_FLAGS;

  const ensure = (name: string): NamespaceState => {
    const key = namespaceKey(name);
    let ns = namespaces.get(key);
    if (!ns) {
      ns = new NamespaceState(name);
      namespaces.set(key, ns);
      for (const decl of options.systemClasses) ns.classes.set(decl.name.name.toLowerCase(), { decl, builtin: true });
    }
    return ns;
  };

  const compileStatement = (statement: CompilationStep['statement']): void => {
    switch (statement.kind) {
      case 'Pragma':
        pragma(statement);
        break;
      case 'QualifierDeclaration':
        qualifierDeclaration(ensure(current), statement);
        break;
      case 'ClassDeclaration':
        classDeclaration(ensure(current), statement);
        break;
      case 'InstanceDeclaration':
        instanceDeclaration(ensure(current), statement);
        break;
    }
  };

  const pragma = (p: ast.Pragma): void => {
    switch (p.name) {
      case 'namespace': {
        const arg = p.arguments[0];
        if (p.arguments.length !== 1 || arg?.kind !== 'StringValue') {
          diagnostics.push(createDiagnostic(codes.invalidPragmaArguments, p.nameSpan, ['namespace', 'one string, the namespace']));
          return;
        }
        const resolved = resolveNamespaceName(arg.value, current);
        if (resolved === undefined) {
          diagnostics.push(createDiagnostic(codes.invalidNamespace, arg.span, [arg.value]));
          return;
        }
        // A name that differs only in case is the same namespace: keep the first spelling.
        current = ensure(resolved).name;
        return;
      }
      case 'classflags': {
        const next: ClassFlags = { createOnly: false, updateOnly: false, update: false };
        for (const arg of p.arguments) {
          if (arg.kind !== 'StringValue') {
            diagnostics.push(createDiagnostic(codes.invalidPragmaArguments, arg.span, ['classflags', 'flag strings']));
            continue;
          }
          for (const raw of arg.value.split(',')) {
            const flag = raw.trim().toLowerCase();
            if (flag === '') continue;
            if (flag === 'createonly') next.createOnly = true;
            else if (flag === 'updateonly') next.updateOnly = true;
            else if (flag === 'forceupdate' || flag === 'safeupdate') next.update = true;
            else diagnostics.push(createDiagnostic(codes.invalidClassFlag, arg.span, [raw.trim()]));
          }
        }
        if (next.createOnly && next.updateOnly) {
          diagnostics.push(createDiagnostic(codes.contradictoryClassFlags, p.nameSpan));
          next.createOnly = false;
        }
        flags = next;
        return;
      }
      case 'deleteclass': {
        const [nameArg, flagArg] = p.arguments;
        if (nameArg?.kind !== 'StringValue') {
          diagnostics.push(createDiagnostic(codes.invalidPragmaArguments, p.nameSpan, ['deleteclass', '("ClassName", FAIL|NOFAIL)']));
          return;
        }
        const flagText = flagArg === undefined ? 'fail' : flagArg.kind === 'IntegerValue' ? '' : flagArg.kind === 'IdentifierValue' ? flagArg.name : flagArg.value;
        const noFail = flagText.toLowerCase() === 'nofail';
        if (!noFail && flagText.toLowerCase() !== 'fail') {
          diagnostics.push(createDiagnostic(codes.invalidPragmaArguments, flagArg!.span, ['deleteclass', '("ClassName", FAIL|NOFAIL)']));
        }
        const ns = ensure(current);
        const key = nameArg.value.toLowerCase();
        if (!ns.classes.has(key)) {
          if (!noFail) diagnostics.push(createDiagnostic(codes.deleteClassMissing, nameArg.span, [nameArg.value, ns.name]));
          return;
        }
        deleteClass(ns, key);
        return;
      }
      default:
        // locale, autorecover, amendment, instancelocale, nonlocal, … have no effect on the model.
        return;
    }
  };

  const qualifierDeclaration = (ns: NamespaceState, decl: ast.QualifierDeclaration): void => {
    if (!decl.type) {
      ns.flavorDeclarations.push(decl);
      return;
    }
    const result = qualifierTypeFromDeclaration(decl, options.dialect);
    for (const item of result.diagnostics) diagnostics.push(item);
    if (!result.type) return;
    const key = decl.name.name.toLowerCase();
    const existing = ns.qualifiers.get(key);
    if (existing) {
      if (!sameQualifierType(existing.type, result.type)) {
        diagnostics.push(
          createDiagnostic(codes.conflictingQualifierDeclaration, decl.name.span, [decl.name.name, ns.name], [
            declaredHere(existing.decl.name.span),
          ]),
        );
      }
      return;
    }
    ns.qualifiers.set(key, { type: result.type, decl });
  };

  const classDeclaration = (ns: NamespaceState, decl: ast.ClassDeclaration): void => {
    const key = decl.name.name.toLowerCase();
    const existing = ns.classes.get(key);
    if (existing && !existing.builtin) {
      const related = [declaredHere(existing.decl.name.span)];
      if (options.dialect === 'dmtf') {
        diagnostics.push(createDiagnostic(codes.duplicateClass, decl.name.span, [decl.name.name, ns.name], related));
        return;
      }
      if (flags.createOnly) {
        diagnostics.push(createDiagnostic(codes.createOnlyClassExists, decl.name.span, [decl.name.name], related));
        return;
      }
      if (!flags.update && !flags.updateOnly) {
        diagnostics.push(createDiagnostic(codes.classReplaced, decl.name.span, [decl.name.name], related));
      }
    } else if (!existing && flags.updateOnly) {
      diagnostics.push(createDiagnostic(codes.updateOnlyClassMissing, decl.name.span, [decl.name.name]));
      return;
    }
    // Re-inserting keeps the map's order meaningless on purpose: everything downstream sorts.
    ns.classes.set(key, { decl, builtin: false });
  };

  const instanceDeclaration = (ns: NamespaceState, decl: ast.InstanceDeclaration): void => {
    ns.instances.push({ decl });
    if (decl.className.name.toLowerCase() !== '__namespace') return;
    const name = decl.properties.find((p) => p.name.name.toLowerCase() === 'name');
    if (name?.value?.kind !== 'StringValue') {
      diagnostics.push(createDiagnostic(codes.namespaceInstanceWithoutName, decl.className.span));
      return;
    }
    const child = /^[A-Za-z0-9_\-$]+$/.test(name.value.value) ? resolveNamespaceName(name.value.value, ns.name) : undefined;
    if (child === undefined) {
      diagnostics.push(createDiagnostic(codes.invalidNamespace, name.value.span, [name.value.value]));
      return;
    }
    ensure(child);
  };

  let root: string | undefined;
  for (const step of compilationOrder(program)) {
    if (step.root !== root) {
      // Each root file starts in the default namespace, with no class flags.
      root = step.root;
      current = options.defaultNamespace;
      flags = NO_FLAGS;
    }
    compileStatement(step.statement);
  }
  return { namespaces };
}

/** Deletes a class, the classes derived from it, and their instances (as WMI does). */
function deleteClass(ns: NamespaceState, key: string): void {
  const doomed = new Set<string>([key]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [k, entry] of ns.classes) {
      const parent = entry.decl.superclass?.name.toLowerCase();
      if (!doomed.has(k) && parent !== undefined && doomed.has(parent)) {
        doomed.add(k);
        grew = true;
      }
    }
  }
  for (const k of doomed) ns.classes.delete(k);
  for (let i = ns.instances.length - 1; i >= 0; i--) {
    if (doomed.has(ns.instances[i]!.decl.className.name.toLowerCase())) ns.instances.splice(i, 1);
  }
}

function sameQualifierType(a: QualifierType, b: QualifierType): boolean {
  return (
    a.name.toLowerCase() === b.name.toLowerCase() &&
    a.type === b.type &&
    a.isArray === b.isArray &&
    JSON.stringify(a.default) === JSON.stringify(b.default) &&
    JSON.stringify([...a.scopes].sort()) === JSON.stringify([...b.scopes].sort()) &&
    JSON.stringify(a.flavors) === JSON.stringify(b.flavors)
  );
}

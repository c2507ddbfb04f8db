/**
 * Which MOF dialect an input is written in, when the user did not say.
 *
 * The input is Microsoft (`mofcomp`) MOF when any file is an `.mfl`, or any of
 * these appears anywhere in it (otherwise it is DMTF):
 * - a Microsoft-only pragma: `classflags`, `autorecover`, `deleteclass`,
 *   `deleteinstance`, `instanceflags`, `amendment`, `instancelocale`,
 *   `nonlocal`, `nonlocaltype`, `source`;
 * - `#pragma namespace("\\\\.\\root\\...")` (a machine-qualified namespace);
 * - the flavors `Amended`, `NotToInstance`, `NotToSubclass`;
 * - an instance of, or a subclass of, a WMI system class (`__Namespace`, …);
 * - the types `object`, `object ref`, a class name used as a type, a `void`
 *   method, or a parameter default value;
 * - a WMI qualifier (`Dynamic`, `AMENDMENT`, …) used without a declaration;
 * - an instance property given without a value (a WMI dynamic property).
 *
 * In the DMTF dialect the same constructs are reported (MOF3100), except those
 * other checks already report: Microsoft flavors (MOF3209) and undeclared
 * qualifiers (MOF3200).
 *
 * Not signals: what mofcomp merely tolerates (a string literal spanning lines,
 * unknown escapes, ValueMap and Values of different lengths, a REF override
 * to a class that is not a subclass) — warnings in the Microsoft dialect,
 * errors in DMTF — and Microsoft's `MSFT_` class prefix, which only earns a
 * note suggesting `--dialect microsoft` when a DMTF compilation fails
 * (docs/decisions/0016-in-default-by-dialect.md says why).
 */
import type * as ast from '../ast/nodes.js';
import type { Span } from '../diagnostics/diagnostic.js';
import type { Program } from '../source/load.js';

/** The MOF dialect of a compilation: DMTF's DSP0004, or Microsoft's `mofcomp`. */
export type Dialect = 'dmtf' | 'microsoft';

/** The pragmas that mark an input as Microsoft MOF (`ast.MicrosoftPragmaName`). */
export const MICROSOFT_PRAGMAS: ReadonlySet<string> = new Set(
  Object.keys({
    classflags: true,
    autorecover: true,
    deleteclass: true,
    deleteinstance: true,
    instanceflags: true,
    amendment: true,
    instancelocale: true,
    nonlocal: true,
    nonlocaltype: true,
    source: true,
  } satisfies Record<ast.MicrosoftPragmaName, true>),
);

/** The flavors only mofcomp knows: an error in the DMTF dialect (MOF3209), a dialect signal here. */
export const MICROSOFT_FLAVORS: ReadonlySet<ast.FlavorName> = new Set(
  Object.keys({ Amended: true, NotToInstance: true, NotToSubclass: true } satisfies Record<ast.MicrosoftFlavorName, true>) as ast.MicrosoftFlavorName[],
);

/** One Microsoft-only construct: what it is (for messages) and where. */
export interface MicrosoftConstruct {
  readonly what: string;
  readonly span: Span;
  /** Reported by another check in the DMTF dialect (so MOF3100 is not repeated). */
  readonly reportedElsewhere: boolean;
}

export function isMachineNamespace(text: string): boolean {
  return text.startsWith('\\\\') || text.startsWith('//');
}

/**
 * Walks every file and calls `visit` for each Microsoft-only construct; stops
 * as soon as `visit` returns true. `undeclared(name)` tells whether a
 * qualifier name is a WMI built-in that the input does not declare.
 */
export function findMicrosoftConstructs(
  files: Iterable<{ readonly path: string; readonly ast: ast.MofFile }>,
  undeclaredWmiQualifier: (name: string) => boolean,
  visit: (construct: MicrosoftConstruct) => boolean,
): void {
  let stop = false;
  const hit = (what: string, span: Span, reportedElsewhere = false): void => {
    if (!stop && visit({ what, span, reportedElsewhere })) stop = true;
  };
  const qualifiers = (list: readonly ast.Qualifier[]): void => {
    for (const q of list) {
      if (stop) return;
      for (const f of q.flavors) if (MICROSOFT_FLAVORS.has(f.name)) hit(`the flavor ${f.name}`, f.span, true);
      if (undeclaredWmiQualifier(q.name.name)) hit(`the undeclared WMI qualifier ${q.name.name}`, q.name.span, true);
    }
  };
  const type = (t: ast.DataType | undefined, span: Span): void => {
    if (!t) {
      hit('a void method', span);
      return;
    }
    if (t.kind === 'ObjectType') hit("the type 'object'", t.span);
    else if (t.kind === 'ClassType') hit(`a class name used as a type ('${t.className.name}')`, t.span);
    else if (t.kind === 'ReferenceType' && t.className.name.toLowerCase() === 'object') hit("the type 'object ref'", t.span);
  };
  for (const file of files) {
    if (stop) return;
    if (/\.mfl$/i.test(file.path)) hit('an .mfl amendment file', file.ast.span);
    for (const statement of file.ast.statements) {
      if (stop) return;
      switch (statement.kind) {
        case 'Pragma': {
          if (MICROSOFT_PRAGMAS.has(statement.name)) hit(`#pragma ${statement.name}`, statement.nameSpan);
          else if (statement.name === 'namespace') {
            const arg = statement.arguments[0];
            if (arg?.kind === 'StringValue' && isMachineNamespace(arg.value)) {
              hit('a machine-qualified namespace (\\\\.\\...)', arg.span);
            }
          }
          break;
        }
        case 'QualifierDeclaration':
          for (const f of statement.flavors) if (MICROSOFT_FLAVORS.has(f.name)) hit(`the flavor ${f.name}`, f.span, true);
          if (!statement.type) hit('a flavor-only qualifier declaration', statement.name.span);
          break;
        case 'ClassDeclaration': {
          qualifiers(statement.qualifiers);
          if (statement.superclass?.name.startsWith('__')) {
            hit(`the WMI system class ${statement.superclass.name}`, statement.superclass.span);
          }
          for (const member of statement.members) {
            if (stop) break;
            qualifiers(member.qualifiers);
            if (member.kind === 'PropertyDeclaration') {
              type(member.type, member.name.span);
            } else {
              type(member.returnType, member.name.span);
              for (const p of member.parameters) {
                qualifiers(p.qualifiers);
                type(p.type, p.name.span);
                if (p.defaultValue) hit('a parameter default value', p.defaultValue.span);
              }
            }
          }
          break;
        }
        case 'InstanceDeclaration':
          instance(statement);
          break;
        default:
          break;
      }
    }
  }

  function instance(decl: ast.InstanceDeclaration): void {
    qualifiers(decl.qualifiers);
    if (decl.className.name.startsWith('__')) hit(`an instance of the WMI system class ${decl.className.name}`, decl.className.span);
    for (const p of decl.properties) {
      qualifiers(p.qualifiers);
      if (p.value) visitValue(p.value);
      else hit('an instance property without a value (a WMI dynamic property)', p.name.span);
    }
  }
  function visitValue(value: ast.Value): void {
    if (value.kind === 'InstanceValue') {
      hit('an embedded instance value', value.span);
      instance(value.instance);
    } else if (value.kind === 'ArrayValue') for (const v of value.elements) visitValue(v);
  }
}

/** Declared qualifier names (lower case) across every file. */
export function declaredQualifierNames(program: Program): Set<string> {
  const names = new Set<string>();
  for (const file of program.files.values()) {
    for (const statement of file.ast.statements) {
      if (statement.kind === 'QualifierDeclaration') names.add(statement.name.name.toLowerCase());
    }
  }
  return names;
}

/** The dialect of the input (see the module comment for the rule). */
export function detectDialect(program: Program, wmiOnlyQualifiers: ReadonlySet<string>): Dialect {
  const declared = declaredQualifierNames(program);
  // By spelling as written: a schema writes a few hundred spellings tens of thousands of times.
  const undeclaredWmi = new Map<string, boolean>();
  let microsoft = false;
  findMicrosoftConstructs(
    program.files.values(),
    (name) => {
      let answer = undeclaredWmi.get(name);
      if (answer === undefined) {
        const key = name.toLowerCase();
        answer = wmiOnlyQualifiers.has(key) && !declared.has(key);
        undeclaredWmi.set(name, answer);
      }
      return answer;
    },
    () => {
      microsoft = true;
      return true;
    },
  );
  return microsoft ? 'microsoft' : 'dmtf';
}

/** The first class declared with Microsoft's schema prefix (`MSFT_`), in file order. */
export function findMicrosoftSchemaClass(
  files: Iterable<{ readonly ast: ast.MofFile }>,
): ast.Identifier | undefined {
  for (const file of files) {
    for (const statement of file.ast.statements) {
      if (statement.kind === 'ClassDeclaration' && /^msft_/i.test(statement.name.name)) return statement.name;
    }
  }
  return undefined;
}

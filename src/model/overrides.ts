/**
 * Overrides (DSP0004 2.x `Override`): which inherited member a declaration
 * overrides, and whether the override is allowed.
 *
 * - `Override("X")` (or `Override("Class.X")`) must name an inherited member
 *   of the same kind and the same name as the declaration (MOF3010, MOF3011).
 * - A declaration with an inherited member's name but no Override still
 *   overrides it, reported: MOF3016 (error) for a key property in both
 *   dialects; else MOF3014 (error) in DMTF, MOF3015 (warning) in Microsoft,
 *   where mofcomp takes it as an override.
 * - The type and arrayness must stay the same (MOF3012); a REF may narrow to
 *   a subclass of the inherited target (MOF3013; in the Microsoft dialect a
 *   warning, MOF3017: WMI keeps a reference's class in its CIMTYPE qualifier,
 *   which an override may change, and the Hyper-V schema does so).
 * - Qualifier changes obey the flavors (`inheritQualifiers`, MOF3220).
 */
import type * as ast from '../ast/nodes.js';
import { createDiagnostic, type Span } from '../diagnostics/diagnostic.js';
import { semanticModelDiagnostics as codes } from '../diagnostics/codes/semantic.js';
import type { ResolvedQualifier } from './qualifiers.js';
import { findQualifier, type NamespaceContext } from './context.js';
import { typeText, type ElementType } from './elements.js';

interface Overridable {
  readonly nameSpan: Span;
  readonly declaringClass: string;
}

/**
 * The inherited member that a declaration named `name` overrides, or
 * undefined when it declares a new member. `inheritedMember` finds an
 * inherited member by lower-cased name.
 */
export function overriddenMember<T extends Overridable>(
  own: readonly ResolvedQualifier[],
  name: ast.Identifier,
  kind: 'property' | 'method',
  className: string,
  inheritedMember: (key: string) => T | undefined,
  isKey: (member: T) => boolean,
  nsx: NamespaceContext,
): T | undefined {
  const key = name.name.toLowerCase();
  const inherited = inheritedMember(key);
  const override = findQualifier(own, 'override');
  if (override) {
    const written = typeof override.value === 'string' ? override.value : name.name;
    const target = written.slice(written.lastIndexOf('.') + 1);
    const targetKey = target.toLowerCase();
    if (targetKey !== key) {
      if (inheritedMember(targetKey) !== undefined) {
        nsx.diagnostics.push(createDiagnostic(codes.overrideNameMismatch, override.span, [written, name.name, kind]));
      } else {
        nsx.diagnostics.push(createDiagnostic(codes.overrideNotFound, override.span, [target, name.name, className, kind]));
      }
      return inherited;
    }
    if (inherited === undefined) {
      nsx.diagnostics.push(createDiagnostic(codes.overrideNotFound, override.span, [target, name.name, className, kind]));
    }
    return inherited;
  }
  if (inherited === undefined) return undefined;
  const related = [{ message: `the inherited ${kind} is declared here`, span: inherited.nameSpan }];
  if (kind === 'property' && isKey(inherited)) {
    nsx.diagnostics.push(createDiagnostic(codes.keyRedeclared, name.span, [name.name, inherited.declaringClass], related));
  } else {
    const definition = nsx.dialect === 'dmtf' ? codes.redeclaredWithoutOverride : codes.redeclaredWithoutOverrideMicrosoft;
    nsx.diagnostics.push(createDiagnostic(definition, name.span, [kind, name.name, inherited.declaringClass], related));
  }
  return inherited;
}

/** Checks that an overriding element keeps the type of the element it overrides. */
export function checkOverrideType(
  inherited: ElementType,
  own: ElementType,
  kind: 'property' | 'method' | 'parameter',
  name: ast.Identifier,
  overriddenSpan: Span,
  nsx: NamespaceContext,
): void {
  const related = [{ message: `the overridden ${kind} is declared here`, span: overriddenSpan }];
  if (inherited.type !== own.type || inherited.isArray !== own.isArray) {
    nsx.diagnostics.push(
      createDiagnostic(codes.overrideTypeMismatch, name.span, [name.name, kind, typeText(inherited), typeText(own)], related),
    );
    return;
  }
  if (
    own.type === 'reference' &&
    inherited.refClass !== null &&
    own.refClass !== null &&
    inherited.refClass.toLowerCase() !== own.refClass.toLowerCase() &&
    nsx.canonical(own.refClass) !== undefined &&
    !nsx.isSubclassOf(own.refClass, inherited.refClass)
  ) {
    const definition = nsx.dialect === 'dmtf' ? codes.overrideRefClassMismatch : codes.overrideRefClassMismatchMicrosoft;
    nsx.diagnostics.push(createDiagnostic(definition, name.span, [name.name, inherited.refClass, own.refClass], related));
  }
}

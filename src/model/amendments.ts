/**
 * Microsoft amendments (`.mfl`): classes declared in a localized namespace
 * (`…/ms_409`, usually `[AMENDMENT, LOCALE(0x409)]`) carry the localized
 * (`Amended`) qualifiers of the class of the same name in the parent
 * namespace. They are not classes of their own: every class of a localized
 * namespace is read as an amendment, its qualifiers with the `Amended` flavor
 * are kept (the others — `Key`, `Override`, `AMENDMENT`, `LOCALE` — only
 * restate the base class) and filed under the base class, per locale. The
 * base class's model lists them in `amendments`; when the compilation is for
 * that locale, they also replace the base qualifiers (flatten.ts).
 */
import type * as ast from '../ast/nodes.js';
import { createDiagnostic } from '../diagnostics/diagnostic.js';
import { semanticModelDiagnostics as codes } from '../diagnostics/codes/semantic.js';
import { resolveQualifierList, type ResolvedQualifier } from './qualifiers.js';
import type { AmendmentData, NamespaceContext } from './context.js';
import type { QualifierScope } from './types.js';
import { classScope, methodOf } from './flatten.js';

function amended(nsx: NamespaceContext, list: readonly ast.Qualifier[], scope: QualifierScope): ResolvedQualifier[] {
  const result = resolveQualifierList(list, scope, nsx.lookup, nsx.dialect);
  for (const item of result.diagnostics) nsx.diagnostics.push(item);
  return result.qualifiers.filter((q) => q.flavors.amended === true);
}

/** Files the amendments of localized namespace `localized` under the classes of `base`. */
export function collectAmendments(localized: NamespaceContext, base: NamespaceContext | undefined): void {
  const locale = localized.ns.locale!;
  for (const [key, entry] of localized.ns.classes) {
    if (entry.builtin) continue;
    const decl = entry.decl;
    if (!base || !base.ns.classes.has(key)) {
      localized.diagnostics.push(
        createDiagnostic(codes.amendmentUnknownClass, decl.name.span, [decl.name.name, base?.ns.name ?? '(none)']),
      );
      continue;
    }
    const properties = new Map<string, { name: ast.Identifier; qualifiers: ResolvedQualifier[] }>();
    const methods = new Map<
      string,
      { name: ast.Identifier; qualifiers: ResolvedQualifier[]; params: Map<string, { name: ast.Identifier; qualifiers: ResolvedQualifier[] }> }
    >();
    for (const member of decl.members) {
      const memberKey = member.name.name.toLowerCase();
      if (member.kind === 'PropertyDeclaration') {
        const scope = member.type.kind === 'ReferenceType' ? 'reference' : 'property';
        properties.set(memberKey, { name: member.name, qualifiers: amended(localized, member.qualifiers, scope) });
      } else {
        const params = new Map<string, { name: ast.Identifier; qualifiers: ResolvedQualifier[] }>();
        for (const p of member.parameters) {
          params.set(p.name.name.toLowerCase(), { name: p.name, qualifiers: amended(localized, p.qualifiers, 'parameter') });
        }
        methods.set(memberKey, { name: member.name, qualifiers: amended(localized, member.qualifiers, 'method'), params });
      }
    }
    const data: AmendmentData = {
      locale,
      className: decl.name,
      classQualifiers: amended(localized, decl.qualifiers, classScope(decl, null)),
      properties,
      methods,
    };
    let byLocale = base.amendments.get(key);
    if (!byLocale) {
      byLocale = new Map();
      base.amendments.set(key, byLocale);
    }
    byLocale.set(locale, data);
  }
}

/** Reports amended members that the (flattened) base class does not have. */
export function checkAmendedMembers(base: NamespaceContext): void {
  for (const [key, byLocale] of base.amendments) {
    const cls = base.resolved.get(key);
    if (!cls) continue;
    for (const data of byLocale.values()) {
      for (const [memberKey, p] of data.properties) {
        if (!cls.props.has(memberKey)) {
          base.diagnostics.push(createDiagnostic(codes.amendmentUnknownMember, p.name.span, [cls.name, 'property', p.name.name]));
        }
      }
      for (const [memberKey, m] of data.methods) {
        const method = methodOf(cls, memberKey);
        if (method === undefined) {
          base.diagnostics.push(createDiagnostic(codes.amendmentUnknownMember, m.name.span, [cls.name, 'method', m.name.name]));
          continue;
        }
        for (const [paramKey, p] of m.params) {
          if (!method.params.some((q) => q.model.name.toLowerCase() === paramKey)) {
            base.diagnostics.push(
              createDiagnostic(codes.amendmentUnknownMember, p.name.span, [cls.name, 'parameter', `${m.name.name}.${p.name.name}`]),
            );
          }
        }
      }
    }
  }
}

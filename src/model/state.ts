/**
 * What the statement walk (collect.ts) gathers per namespace, before anything
 * is resolved: declarations by name, instances in order.
 */
import type * as ast from '../ast/nodes.js';
import type { Span } from '../diagnostics/diagnostic.js';
import type { QualifierType } from './types.js';
import { namespaceKey, namespaceLocale } from './namespaces.js';

export interface ClassEntry {
  readonly decl: ast.ClassDeclaration;
  /** True for the WMI system classes mofc supplies (Microsoft dialect). */
  readonly builtin: boolean;
}

export interface InstanceEntry {
  readonly decl: ast.InstanceDeclaration;
}

export interface QualifierEntry {
  readonly type: QualifierType;
  readonly decl: ast.QualifierDeclaration;
}

export class NamespaceState {
  readonly key: string;
  /** Locale of a Microsoft localized namespace (`…/ms_409` → `0x409`), else null. */
  readonly locale: string | null;
  /** Qualifier types declared in the input, by lower-cased name. */
  readonly qualifiers = new Map<string, QualifierEntry>();
  /** Microsoft flavor-only declarations (`Qualifier Description : Amended;`), in order. */
  readonly flavorDeclarations: ast.QualifierDeclaration[] = [];
  /** Classes by lower-cased name (builtin system classes too). */
  readonly classes = new Map<string, ClassEntry>();
  readonly instances: InstanceEntry[] = [];

  constructor(readonly name: string) {
    this.key = namespaceKey(name);
    this.locale = namespaceLocale(name);
  }
}

/** Where a construct was declared, for "first declared here" related information. */
export function declaredHere(span: Span, message = 'first declared here'): { message: string; span: Span } {
  return { message, span };
}

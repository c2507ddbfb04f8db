/**
 * Property values (defaults and instance property values): type-checked
 * against the element they are given to, and turned into model JSON values.
 *
 * - Integers must fit the type; 64-bit values beyond 2^53 become decimal strings.
 * - Reals accept integer literals; char16 accepts a one-character string.
 * - datetime values are strings in CIM datetime form (timestamp or interval,
 *   `*` wildcards allowed).
 * - References take an object path string or an alias (`$x` → `{ "alias": "x" }`);
 *   aliases are checked once every instance is known (instances.ts).
 * - Embedded objects (`object`, class-typed, `EmbeddedObject`/`EmbeddedInstance`
 *   strings) accept an inline `instance of X { ... }` (Microsoft), checked
 *   against X.
 * - NULL is accepted everywhere; an array element takes a scalar value.
 */
import type * as ast from '../ast/nodes.js';
import { createDiagnostic, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import { semanticModelDiagnostics as codes } from '../diagnostics/codes/semantic.js';
import { integerRange, integerToJson, isIntegerType, realFits } from './integers.js';
import type { CimType, ModelInstanceValue, ModelValue } from './types.js';

/** What a value is checked against. */
export interface ValueTarget {
  /** For messages: `Class.Property` or the parameter name. */
  readonly label: string;
  readonly type: CimType;
  readonly isArray: boolean;
  readonly refClass: string | null;
  readonly embeddedInstance: string | null;
  readonly embeddedObject: boolean;
}

/** An alias used as a value, to check once all aliases are known. */
export interface AliasUse {
  readonly name: string;
  readonly span: Span;
  /** The class the reference requires, if any. */
  readonly refClass: string | null;
  readonly label: string;
}

export interface ValueContext {
  readonly diagnostics: Diagnostic[];
  readonly aliasUses: AliasUse[];
  /** Converts an inline instance (embedded object value); undefined when its class is unknown (already reported). */
  readonly embeddedInstance: (decl: ast.InstanceDeclaration, ctx: ValueContext) => ModelInstanceValue | undefined;
}

const DATETIME = /^(?:[0-9*]{14}\.[0-9*]{6}[+-][0-9*]{3}|[0-9*]{14}\.[0-9*]{6}:000)$/;

/**
 * Whether a datetime literal's fields are in range (DSP0004, "Datetime type"): a timestamp
 * `yyyymmddhhmmss.mmmmmmsutc` has month 01–12, a day the month has, hour 00–23, minute and
 * second 00–59; an interval `ddddddddhhmmss.mmmmmm:000` any number of days and the same
 * hour, minute and second ranges. A field written with asterisks (unknown) is not checked.
 */
function isDatetime(text: string): boolean {
  if (!DATETIME.test(text)) return false;
  const field = (start: number, length: number): number | undefined => {
    const part = text.slice(start, start + length);
    return /^[0-9]+$/.test(part) ? Number(part) : undefined;
  };
  const within = (value: number | undefined, min: number, max: number) => value === undefined || (value >= min && value <= max);
  const interval = text.endsWith(':000');
  if (!within(field(8, 2), 0, 23) || !within(field(10, 2), 0, 59) || !within(field(12, 2), 0, 59)) return false;
  if (interval) return true;
  const year = field(0, 4);
  const month = field(4, 2);
  if (!within(month, 1, 12)) return false;
  const leap = year === undefined || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0));
  const days = month === undefined ? 31 : month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return within(field(6, 2), 1, days);
}

function describe(value: ast.Value): string {
  switch (value.kind) {
    case 'IntegerValue':
    case 'RealValue':
      return value.text;
    case 'StringValue':
      return JSON.stringify(value.value.length > 40 ? value.value.slice(0, 40) + '…' : value.value);
    case 'Char16Value':
      return `'${value.value}'`;
    case 'BooleanValue':
      return value.value ? 'TRUE' : 'FALSE';
    case 'NullValue':
      return 'NULL';
    case 'ArrayValue':
      return 'an array';
    case 'AliasValue':
      return `$${value.name}`;
    case 'InstanceValue':
      return `an instance of ${value.instance.className.name}`;
  }
}

function typeText(target: ValueTarget): string {
  const base = target.type === 'reference' ? `${target.refClass ?? 'object'} REF` : target.type;
  return target.isArray ? `${base}[]` : base;
}

/** Converts `value` for `target`; reports and returns undefined when it does not fit. */
export function convertValue(value: ast.Value, target: ValueTarget, ctx: ValueContext): ModelValue | undefined {
  if (value.kind === 'NullValue') return null;
  if (target.isArray) {
    if (value.kind !== 'ArrayValue') {
      // A single value for an array: taken as a one-element array (mofcomp and DSP0221 v3 allow it).
      const one = convertScalar(value, target, ctx);
      return one === undefined ? undefined : [one];
    }
    const out: ModelValue[] = [];
    let ok = true;
    for (const element of value.elements) {
      if (element.kind === 'ArrayValue') {
        mismatch(element, target, ctx);
        ok = false;
        continue;
      }
      const converted = element.kind === 'NullValue' ? null : convertScalar(element, target, ctx);
      if (converted === undefined) ok = false;
      else out.push(converted);
    }
    return ok ? out : undefined;
  }
  if (value.kind === 'ArrayValue') {
    mismatch(value, target, ctx);
    return undefined;
  }
  return convertScalar(value, target, ctx);
}

function mismatch(value: ast.Value, target: ValueTarget, ctx: ValueContext): undefined {
  ctx.diagnostics.push(createDiagnostic(codes.valueTypeMismatch, value.span, [target.label, typeText(target), describe(value)]));
  return undefined;
}

function convertScalar(value: ast.Value, target: ValueTarget, ctx: ValueContext): ModelValue | undefined {
  if (value.kind === 'NullValue') return null;
  switch (target.type) {
    case 'boolean':
      return value.kind === 'BooleanValue' ? value.value : mismatch(value, target, ctx);
    case 'string':
      if (value.kind === 'StringValue') return value.value;
      if (value.kind === 'InstanceValue' && (target.embeddedInstance !== null || target.embeddedObject)) {
        return ctx.embeddedInstance(value.instance, ctx);
      }
      return mismatch(value, target, ctx);
    case 'char16':
      if (value.kind === 'Char16Value') return value.value;
      if (value.kind === 'StringValue' && value.value.length === 1) return value.value;
      return mismatch(value, target, ctx);
    case 'datetime':
      if (value.kind === 'StringValue' && isDatetime(value.value)) return value.value;
      return mismatch(value, target, ctx);
    case 'real32':
    case 'real64': {
      let n: number;
      if (value.kind === 'RealValue') n = value.value;
      else if (value.kind === 'IntegerValue') n = Number(value.value);
      else return mismatch(value, target, ctx);
      if (!realFits(n, target.type)) {
        ctx.diagnostics.push(createDiagnostic(codes.valueOutOfRange, value.span, [value.text, target.label, target.type]));
        return undefined;
      }
      return n;
    }
    case 'reference':
      if (value.kind === 'StringValue') return value.value;
      if (value.kind === 'AliasValue') {
        ctx.aliasUses.push({ name: value.name, span: value.span, refClass: target.refClass, label: target.label });
        return { alias: value.name };
      }
      return mismatch(value, target, ctx);
    case 'object':
      if (value.kind === 'InstanceValue') return ctx.embeddedInstance(value.instance, ctx);
      return mismatch(value, target, ctx);
    default: {
      if (!isIntegerType(target.type) || value.kind !== 'IntegerValue') return mismatch(value, target, ctx);
      const [min, max] = integerRange(target.type);
      if (value.value < min || value.value > max) {
        ctx.diagnostics.push(createDiagnostic(codes.valueOutOfRange, value.span, [value.text, target.label, target.type]));
        return undefined;
      }
      return integerToJson(value.value);
    }
  }
}

import { describe, expect, it } from 'vitest';
import { applyFlavorDeclaration, qualifierTypeFromDeclaration } from '../../../src/model/qualifiers.js';
import { dmtfQualifierTypes } from '../../../src/model/builtins/dmtf-qualifiers.js';
import { bool, decl, int, str, strs } from './helpers.js';

const description = dmtfQualifierTypes.find((t) => t.name === 'Description')!;

describe('qualifierTypeFromDeclaration', () => {
  it('builds a qualifier type from a full declaration', () => {
    const d = decl('Key', 'boolean', {
      defaultValue: bool(false),
      scopes: ['property', 'reference'],
      flavors: ['DisableOverride', 'ToSubclass'],
    });
    expect(qualifierTypeFromDeclaration(d, 'microsoft')).toEqual({
      type: {
        name: 'Key',
        type: 'boolean',
        isArray: false,
        scopes: ['property', 'reference'],
        flavors: { override: 'disable', propagation: 'toSubclass' },
        default: false,
        origin: 'input',
      },
      diagnostics: [],
    });
  });

  it('defaults to null without a default value, and converts array defaults', () => {
    expect(qualifierTypeFromDeclaration(decl('BitMap', 'string', { isArray: true }), 'microsoft').type?.default).toBeNull();
    expect(qualifierTypeFromDeclaration(decl('Tags', 'string', { isArray: true, defaultValue: strs('a', 'b') }), 'microsoft').type?.default).toEqual(['a', 'b']);
  });

  it('returns no type for the Microsoft flavor-only form; applyFlavorDeclaration applies its flavors', () => {
    const d = decl('description', undefined, { flavors: ['Amended'] });
    expect(qualifierTypeFromDeclaration(d, 'microsoft')).toEqual({ type: undefined, diagnostics: [] });
    const applied = applyFlavorDeclaration(description, d, 'microsoft');
    expect(applied.diagnostics).toEqual([]);
    expect(applied.type).toEqual({ ...description, flavors: { ...description.flavors, amended: true } });
  });

  it('applyFlavorDeclaration in the DMTF dialect reports and ignores Microsoft flavors (MOF3209)', () => {
    const d = decl('description', undefined, { flavors: ['Amended'] });
    const applied = applyFlavorDeclaration(description, d, 'dmtf');
    expect(applied.diagnostics.map((x) => [x.code, x.severity])).toEqual([['MOF3209', 'error']]);
    expect(applied.type).toEqual(description);
  });

  it('MOF3205 / MOF3206: the default must match the type', () => {
    const wrong = str('a');
    const big = int(300);
    const a = qualifierTypeFromDeclaration(decl('X', 'uint32', { defaultValue: wrong }), 'microsoft');
    expect(a.diagnostics).toEqual([
      { code: 'MOF3205', severity: 'error', message: "qualifier 'X' expects a value of type uint32, not string", span: wrong.span },
    ]);
    expect(a.type?.default).toBeNull();
    const b = qualifierTypeFromDeclaration(decl('Y', 'uint8', { defaultValue: big }), 'microsoft');
    expect(b.diagnostics).toEqual([
      { code: 'MOF3206', severity: 'error', message: "value 300 is out of range for qualifier 'Y' of type uint8", span: big.span },
    ]);
  });

  it('MOF3205: a declaration default is not wrapped into an array', () => {
    const scalar = str('a');
    expect(qualifierTypeFromDeclaration(decl('Tags', 'string', { isArray: true, defaultValue: scalar }), 'microsoft').diagnostics).toEqual([
      { code: 'MOF3205', severity: 'error', message: "qualifier 'Tags' expects a value of type string[], not string", span: scalar.span },
    ]);
  });

  it('MOF3208: contradicting flavors in a declaration', () => {
    const d = decl('X', 'boolean', { flavors: ['ToSubclass', 'Restricted'] });
    expect(qualifierTypeFromDeclaration(d, 'microsoft').diagnostics).toEqual([
      { code: 'MOF3208', severity: 'error', message: 'flavors ToSubclass and Restricted contradict each other', span: d.flavors[1]!.span },
    ]);
  });

  it('MOF3209: Microsoft flavors in a declaration are reported in the DMTF dialect only', () => {
    const d = decl('X', 'string', { flavors: ['ToSubclass', 'Amended'] });
    expect(qualifierTypeFromDeclaration(d, 'microsoft').type?.flavors).toEqual({ propagation: 'toSubclass', amended: true });
    const strict = qualifierTypeFromDeclaration(d, 'dmtf');
    expect(strict.diagnostics).toEqual([
      {
        code: 'MOF3209',
        severity: 'error',
        message: "flavor 'Amended' is a Microsoft extension, not allowed in the DMTF dialect",
        span: d.flavors[1]!.span,
      },
    ]);
    expect(strict.type?.flavors).toEqual({ propagation: 'toSubclass' });
  });

  it('MOF3240: a declaration without Scope applies anywhere', () => {
    const d = decl('X', 'boolean', { scopes: [] });
    const result = qualifierTypeFromDeclaration(d, 'microsoft');
    expect(result.diagnostics).toEqual([
      {
        code: 'MOF3240',
        severity: 'error',
        message: "qualifier declaration 'X' has no Scope; it is taken to apply to any element",
        span: d.name.span,
      },
    ]);
    expect(result.type?.scopes).toEqual(['any']);
  });

  it('MOF3241: schema and instance scopes are ignored with a warning', () => {
    const d = decl('X', 'boolean', { scopes: ['class', 'schema', 'instance'] });
    const result = qualifierTypeFromDeclaration(d, 'microsoft');
    expect(result.diagnostics).toEqual([
      { code: 'MOF3241', severity: 'warning', message: "scope 'schema' is not a DSP0004 2.x qualifier scope; it is ignored", span: d.scopes[1]!.span },
      { code: 'MOF3241', severity: 'warning', message: "scope 'instance' is not a DSP0004 2.x qualifier scope; it is ignored", span: d.scopes[2]!.span },
    ]);
    expect(result.type?.scopes).toEqual(['class']);
  });

  it('MOF3242: a scope listed twice is a warning', () => {
    const d = decl('X', 'boolean', { scopes: ['property', 'property'] });
    expect(qualifierTypeFromDeclaration(d, 'microsoft').diagnostics).toEqual([
      { code: 'MOF3242', severity: 'warning', message: "scope 'property' is listed more than once", span: d.scopes[1]!.span },
    ]);
  });

  it('MOF3243: a flavor-only declaration of an unknown qualifier', () => {
    const d = decl('Frob', undefined, { flavors: ['Amended'] });
    expect(applyFlavorDeclaration(undefined, d, 'microsoft')).toEqual({
      type: undefined,
      diagnostics: [
        { code: 'MOF3243', severity: 'error', message: "flavor-only declaration of 'Frob' names no known qualifier", span: d.name.span },
      ],
    });
  });
});

/**
 * A Microsoft-authored schema set beyond Hyper-V: the network-switch schema
 * OMI ships (`fixtures/microsoft/omi-networkschema/`, MIT, see
 * fixtures/README.md) — 94 CIM classes and 38 MSFT_ ones. It is what
 * mofcomp accepts and a strict DSP0004 compiler does not (unknown escapes, a
 * string literal spanning lines, ValueMap/Values of different lengths, REF
 * overrides to classes that are not subclasses): in the Microsoft dialect it
 * compiles with warnings only, and its generated SDK type-checks under strict.
 * The output is not kept (a temporary directory); formatting is skipped.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { compileWithFrontend } from '../../src/api/frontend.js';
import { generate } from '../../src/codegen/generate.js';
import { typeCheckPackage } from './typecheck.js';

const root = path.resolve(import.meta.dirname, '../..');
const DIR = 'fixtures/microsoft/omi-networkschema';
// CIM_Schema.mof includes all but two files, which are roots of their own.
const INPUTS = [`${DIR}/CIM_Schema.mof`, `${DIR}/MSFT_ACLSetComponent.mof`, `${DIR}/MSFT_VirtualInterfaces.mof`];
const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'mofc-omi-network-'));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

it('compiles the OMI network schema in the Microsoft dialect with warnings only, and the SDK type-checks', async () => {
  const out = path.join(temp, 'network');
  const result = await generate({
    inputs: INPUTS,
    outDir: out,
    packageName: 'omi-network',
    packageVersion: '1.0.0',
    cwd: root,
    dialect: 'microsoft',
    compile: compileWithFrontend,
    formatter: async (text) => text,
  });
  expect(result.status).toBe('generated');
  const counts: Record<string, number> = {};
  for (const d of result.diagnostics) counts[`${d.severity} ${d.code}`] = (counts[`${d.severity} ${d.code}`] ?? 0) + 1;
  expect(counts).toEqual({
    'warning MOF1102': 11, // `class\subclass`, `enable\disable`: kept as written
    'warning MOF1109': 1, // MSFT_SwitchService.mof:39, a string opened at a line end
    'warning MOF3017': 2, // MSFT_AssociatedAddressFamily(Networks): REF overrides to non-subclasses
    'warning MOF3309': 1, // MSFT_LinkAggregation.LoadBalance: 9 ValueMap entries, 10 Values
  });
  expect(result.classes).toBe(132);
  const { errors } = typeCheckPackage(out, { paths: { '@mofc/runtime': [path.join(root, 'src/runtime/dist/index.d.ts')] } });
  expect(errors.slice(0, 10).map((e) => `${e.file}:${e.line} TS${e.code} ${e.message}`)).toEqual([]);
  // The text reads as written: the backslash of `enable\disable` is kept.
  const vlan = fs.readFileSync(path.join(out, 'src/classes/MSFT_NetworkVLAN.ts'), 'utf8');
  expect(vlan).toContain('enable\\disable');
}, 120_000);

it('in the DMTF dialect (what is detected: no mofcomp-only construct) the same files fail, with a note suggesting --dialect', async () => {
  const compiled = await compileWithFrontend({ inputs: INPUTS, includePaths: [], cwd: root, locale: null });
  const errors = compiled.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
  expect(errors.sort()).toEqual(['MOF3013', 'MOF3013', 'MOF3100', 'MOF3300']);
  expect(compiled.diagnostics.filter((d) => d.code === 'MOF3101')).toHaveLength(1);
});

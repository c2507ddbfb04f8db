/**
 * The whole DMTF CIM Schema 2.49 (1,631 classes) generates and the package
 * type-checks under strict. The output is not kept (a temporary directory).
 * Formatting is skipped here (it does not change types; `bench/generate.js --dmtf`
 * times the formatted run).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { compileWithFrontend } from '../../src/api/frontend.js';
import { generate } from '../../src/codegen/generate.js';
import { typeCheckPackage } from './typecheck.js';

const root = path.resolve(import.meta.dirname, '../..');
const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'mofc-dmtf-'));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

it('generates the DMTF CIM Schema 2.49 and type-checks it', async () => {
  const out = path.join(temp, 'cim-schema');
  const result = await generate({
    inputs: ['fixtures/dmtf/cim-schema-2.49.0/cim_schema_2.49.0.mof'],
    outDir: out,
    packageName: 'cim-schema',
    packageVersion: '2.49.0',
    cwd: root,
    compile: compileWithFrontend,
    formatter: async (text) => text,
  });
  expect(result.status).toBe('generated');
  expect(result.diagnostics.filter((d) => d.severity === 'error' || d.code.startsWith('MOF4'))).toEqual([]);
  expect(result.classes).toBeGreaterThan(1600);
  const { errors } = typeCheckPackage(out, { paths: { '@mofc/runtime': [path.join(root, 'src/runtime/dist/index.d.ts')] } });
  expect(errors.slice(0, 10).map((e) => `${e.file}:${e.line} TS${e.code} ${e.message}`)).toEqual([]);
}, 300_000);

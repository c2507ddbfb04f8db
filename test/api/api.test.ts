/**
 * The programmatic API (`import { compile, generate } from 'mofc'`): diagnostics come
 * back as data, nothing is printed, and `generate` is the same incremental, atomic
 * generation as the CLI's. (The packed package is exercised by test/packaging.)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { compile, formatDiagnostics, generate, findConfigFile, loadConfig } from '../../src/api/index.js';

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'mofc-api-'));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));
fs.writeFileSync(path.join(temp, 'ok.mof'), '#pragma namespace("root/api")\nclass T_Ok { [Key] string Id; uint64 Size; };\n');
fs.writeFileSync(path.join(temp, 'bad.mof'), 'class T_Bad : T_Missing {\n};\n');

it('compile returns the model and the diagnostics as data, and renders them on request', async () => {
  const ok = await compile({ inputs: ['ok.mof'], cwd: temp });
  expect(ok.ok).toBe(true);
  expect(ok.repository?.namespaces.map((n) => [n.name, n.classes.map((c) => c.name)])).toEqual([['root/api', ['T_Ok']]]);
  expect(ok.files).toEqual([path.join(temp, 'ok.mof')]);

  const bad = await compile({ inputs: ['bad.mof'], cwd: temp, defaultNamespace: 'root/x' });
  expect(bad.ok).toBe(false);
  expect(bad.diagnostics.map((d) => [d.code, d.severity, d.span?.file, d.span?.start.line])).toEqual([[expect.stringMatching(/^MOF3/), 'error', 'bad.mof', 1]]);
  expect(bad.format()).toMatch(/^bad\.mof:1:\d+: error MOF3\d{3}: .*\n 1 \| class T_Bad : T_Missing \{/);
  expect(JSON.parse(bad.format('json')).summary).toEqual({ errors: 1, warnings: 0, infos: 0 });
  expect(formatDiagnostics([], 'human')).toBe('0 errors, 0 warnings\n');
});

it('compile hands out diagnostics as plain data: they survive structuredClone and a spread', async () => {
  const bad = await compile({ inputs: ['bad.mof'], cwd: temp, defaultNamespace: 'root/x' });
  const [diagnostic] = bad.diagnostics;
  const cloned = structuredClone(diagnostic);
  expect(cloned?.span?.start).toEqual({ line: 1, column: diagnostic!.span!.start.column, offset: diagnostic!.span!.start.offset });
  expect({ ...diagnostic!.span }).toStrictEqual(cloned?.span);
  expect(Object.getPrototypeOf(diagnostic!.span)).toBe(Object.prototype);
});

it('compile validates the locale against the inputs', async () => {
  const result = await compile({ inputs: ['ok.mof'], cwd: temp, locale: '0x409' });
  expect(result.diagnostics.map((d) => d.code)).toEqual(['MOF4012']);
});

it('generate writes the package, is up to date the second time, and takes standard input through its services', async () => {
  const first = await generate({ inputs: ['ok.mof'], out: 'sdk', packageName: 'api-sdk', cwd: temp });
  expect(first).toMatchObject({ status: 'generated', classes: 1, outDir: path.join(temp, 'sdk') });
  expect((await generate({ inputs: ['ok.mof'], out: 'sdk', packageName: 'api-sdk', cwd: temp })).status).toBe('up-to-date');
  const piped = await generate(
    { inputs: ['-'], out: 'piped', packageName: 'piped', cwd: temp },
    { stdin: () => Buffer.from('class T_Piped { [Key] string Id; };\n') },
  );
  expect(piped.status).toBe('generated');
  expect(fs.readdirSync(path.join(temp, 'piped/src/classes'))).toEqual(['T_Piped.ts']);
  const failed = await generate({ inputs: ['bad.mof'], out: 'bad', packageName: 'bad', cwd: temp });
  expect(failed.status).toBe('failed');
  expect(failed.diagnostics[0]?.code).toMatch(/^MOF3/);
  expect(fs.existsSync(path.join(temp, 'bad'))).toBe(false);
});

it('exposes config discovery and loading', async () => {
  fs.writeFileSync(path.join(temp, 'mofc.config.json'), JSON.stringify({ inputs: ['ok.mof'], generate: { out: 'sdk', packageName: 'api-sdk' } }));
  fs.mkdirSync(path.join(temp, 'sub'), { recursive: true });
  const file = findConfigFile(path.join(temp, 'sub'));
  expect(file).toBe(path.join(temp, 'mofc.config.json'));
  expect((await loadConfig(file!)).config).toEqual({ inputs: [path.join(temp, 'ok.mof')], generate: { out: path.join(temp, 'sdk'), packageName: 'api-sdk' } });
});

/**
 * The `transform` hook: every generated module reaches it as a ts-morph
 * SourceFile before formatting. Runs the shipped example config
 * (examples/transform/mofc.config.mjs) through the real `generate` command.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCommand } from '../../src/cli/commands/generate.js';
import { generate } from '../../src/codegen/generate.js';
import { MANIFEST_NAME } from '../../src/codegen/output.js';
import { memoryIo } from '../cli/helpers/memory-io.js';
import { sampleGenerateOptions } from './builder.js';
import { readTree } from './helpers/tree.js';

const root = path.resolve(import.meta.dirname, '../..');
const example = path.join(root, 'examples/transform/mofc.config.mjs');
const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'mofc-transform-'));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

async function runExample(out: string, ...extra: string[]) {
  const io = memoryIo({ cwd: root, env: { CI: '1' } });
  const result = await generateCommand.run(['--config', example, '--out', out, ...extra], {
    io,
    loadParser: async () => (await import('../../src/ast/parse.js')).parseSource,
  });
  return { exitCode: result.exitCode, output: `${result.stdout ?? ''}${result.stderr ?? ''}${io.out}${io.err}` };
}

describe('the transform hook', () => {
  it('edits every class module through ts-morph (the example adds JSDoc tags), and the output stays formatted', async () => {
    const out = path.join(temp, 'example');
    const { exitCode, output } = await runExample(out);
    expect(output).not.toMatch(/error MOF/);
    expect(exitCode).toBe(0);
    const service = fs.readFileSync(path.join(out, 'src/classes/Msvm_CollectionReferencePointService.ts'), 'utf8');
    expect(service).toMatch(
      /\n \* @cimClass root\/virtualization\/v2:Msvm_CollectionReferencePointService\n \* @schemaVersion WindowsVirtualization\.V2\n \*\/\nexport interface Msvm_CollectionReferencePointService extends CIM_Service \{/,
    );
    // Every class module of the closure got its tags; the other modules were left alone.
    const classes = fs.readdirSync(path.join(out, 'src/classes'));
    expect(classes.length).toBeGreaterThan(5);
    for (const file of classes) expect(fs.readFileSync(path.join(out, 'src/classes', file), 'utf8')).toContain(`@cimClass root/virtualization/v2:${file.replace(/\.ts$/, '')}\n`);
    expect(fs.readFileSync(path.join(out, 'src/index.ts'), 'utf8')).not.toContain('@cimClass');
  });

  it('is deterministic, and part of the up-to-date check', async () => {
    const a = path.join(temp, 'a');
    const b = path.join(temp, 'b');
    await runExample(a);
    await runExample(b);
    expect(readTree(b, { skipFiles: [MANIFEST_NAME] })).toEqual(readTree(a, { skipFiles: [MANIFEST_NAME] }));
    const again = await runExample(a);
    expect(again.exitCode).toBe(0);
    expect(again.output).toMatch(/up to date/i);
  });

  it('fails the generation with MOF4013 when the hook throws, and leaves the package as it was', async () => {
    const out = path.join(temp, 'throwing');
    const base = sampleGenerateOptions(temp, out);
    expect((await generate(base)).status).toBe('generated');
    const before = readTree(out);
    const failing = await generate({
      ...base,
      force: true,
      transform: (sourceFile) => {
        if (sourceFile.getBaseName() === 'CIM_Job.ts') throw new Error('no tags for jobs');
      },
    });
    expect(failing.status).toBe('failed');
    expect(failing.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual(['MOF4013: the transform hook failed on src/classes/CIM_Job.ts: no tags for jobs']);
    expect(readTree(out)).toEqual(before);
  });

  it('must be a function in the config file', async () => {
    const dir = path.join(temp, 'bad-config');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'mofc.config.mjs'), "export default { generate: { inputs: ['x.mof'], out: 'o', packageName: 'p', transform: 'addTags' } };");
    const io = memoryIo({ cwd: dir, env: { CI: '1' } });
    const result = await generateCommand.run([], { io, loadParser: async () => (await import('../../src/ast/parse.js')).parseSource });
    expect(result.exitCode).toBe(1);
    expect(`${result.stdout ?? ''}${io.out}`).toContain("'generate.transform' must be a function");
  });
});

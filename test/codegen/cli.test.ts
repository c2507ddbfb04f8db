/**
 * `mofc generate` in-process: configuration file, flags overriding it, usage
 * errors and exit codes. Uses a small MOF file so it stays fast.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCommand } from '../../src/cli/commands/generate.js';
import type { CommandContext } from '../../src/cli/command.js';
import { loadConfig, findConfigFile } from '../../src/config/load.js';

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'mofc-cli-'));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

const MOF = `
#pragma namespace("root/test")
[Description("A thing.")]
class T_Thing {
  [Key, Description("Its name.")] string Name;
  [ValueMap {"0", "1", "2..65535"}, Values {"Off", "On", "Vendor"}] uint16 Mode;
  uint64 Size;
  [ValueMap {"0", "4096"}, Values {"Done", "Job Started"}]
  uint32 Start([In] string Reason, [Out] CIM_ConcreteJob REF Job);
};
class CIM_ConcreteJob {
  [Key] string InstanceID;
  uint16 JobState;
};
class T_Other {
  [Key] string Id;
};
`;

function context(cwd: string, env: Record<string, string> = {}): CommandContext {
  return {
    io: {
      stdout: () => {},
      stderr: () => {},
      cwd,
      env: { CI: '1', ...env },
      stdoutIsTty: false,
      stderrIsTty: false,
      readFile: (p) => fs.readFileSync(p),
    },
    loadParser: async () => (await import('../../src/ast/parse.js')).parseSource,
  };
}

function project(name: string, config?: object): string {
  const dir = path.join(temp, name);
  fs.mkdirSync(path.join(dir, 'schema'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'schema/test.mof'), MOF);
  if (config) fs.writeFileSync(path.join(dir, 'mofc.config.json'), JSON.stringify(config));
  return dir;
}

describe('mofc generate', () => {
  it('runs from mofc.config.json alone (paths relative to the file), then is up to date', async () => {
    const dir = project('from-config', {
      inputs: ['schema/test.mof'], generate: { out: 'sdk', packageName: 'test-sdk', packageVersion: '2.0.0' },
    });
    const first = await generateCommand.run([], context(dir));
    expect(first.stdout).toMatch(/Generated test-sdk \(3 classes\) in sdk: \d+ file\(s\) written, 0 removed, 0 unchanged/);
    expect(first.exitCode).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'sdk/package.json'), 'utf8')).version).toBe('2.0.0');
    expect(fs.existsSync(path.join(dir, 'sdk/src/classes/T_Thing.ts'))).toBe(true);
    const second = await generateCommand.run([], context(dir));
    expect(second).toEqual({
      exitCode: 0,
      stdout: 'sdk is up to date (3 classes): inputs, options and generator unchanged, nothing compiled (--force regenerates).\n',
      stderr: 'mofc: using config mofc.config.json\n',
    });
  });

  it('--check writes nothing and exits 1 when the package is out of date', async () => {
    const dir = project('check', { inputs: ['schema/test.mof'], generate: { out: 'sdk', packageName: 'test-sdk' } });
    const missing = await generateCommand.run(['--check'], context(dir));
    expect(missing.exitCode).toBe(1);
    expect(fs.existsSync(path.join(dir, 'sdk'))).toBe(false);
    expect(missing.stdout).toContain('changed: src/classes/T_Thing.ts');
    await generateCommand.run([], context(dir));
    expect(await generateCommand.run(['--check'], context(dir))).toMatchObject({ exitCode: 0, stdout: expect.stringMatching(/^sdk is up to date \(3 classes\)/) });
    fs.appendFileSync(path.join(dir, 'sdk/src/classes/T_Other.ts'), '// edited\n');
    const edited = await generateCommand.run(['--check'], context(dir));
    expect(edited.exitCode).toBe(1);
    expect(edited.stdout).toContain('sdk is out of date (1 file(s))');
    expect(fs.readFileSync(path.join(dir, 'sdk/src/classes/T_Other.ts'), 'utf8')).toContain('// edited');
  });

  it('lets flags override the config file, --classes included', async () => {
    const dir = project('flags', { inputs: ['schema/test.mof'], generate: { out: 'sdk', packageName: 'test-sdk' } });
    const result = await generateCommand.run(['--out', 'other', '--package-name', '@scope/other', '--classes', 'T_Oth*'], context(dir));
    expect(result.exitCode).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'other/src/classes'))).toEqual(['T_Other.ts']);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'other/package.json'), 'utf8')).name).toBe('@scope/other');
    expect(fs.existsSync(path.join(dir, 'sdk'))).toBe(false);
  });

  it('takes several globs after one --classes', async () => {
    const dir = project('globs');
    const result = await generateCommand.run(['--classes', 'T_Other', 'CIM_*', '--out', 'o', 'schema/test.mof', '--package-name', 'x'], context(dir));
    expect(result.exitCode).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'o/src/classes')).sort()).toEqual(['CIM_ConcreteJob.ts', 'T_Other.ts']);
  });

  it('ignores the config file with --no-config', async () => {
    const dir = project('no-config', { inputs: ['schema/missing.mof'], generate: { out: 'sdk', packageName: 'from-config', generateNamespace: 'root/elsewhere' } });
    const result = await generateCommand.run(['--no-config', 'schema/test.mof', '-o', 'o', '--package-name', 'x'], context(dir));
    expect(result.exitCode).toBe(0);
    expect(fs.existsSync(path.join(dir, 'o/src/classes/T_Thing.ts'))).toBe(true);
  });

  it('works without a config file, and reports --format json', async () => {
    const dir = project('flags-only');
    const result = await generateCommand.run(
      ['schema/test.mof', '-o', 'out', '--package-name', 'x', '--classes', 'T_Thing', '--format', 'json'],
      context(dir),
    );
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout!);
    expect(report).toMatchObject({ status: 'generated', outDir: 'out', classes: 2 });
    const text = fs.readFileSync(path.join(dir, 'out/src/classes/T_Thing.ts'), 'utf8');
    expect(text).toContain('StartAndWait(');
    expect(text).toContain('readonly Size?: bigint;');
  });

  it('exits 2 on usage errors and 1 on input errors', async () => {
    const dir = project('errors');
    expect((await generateCommand.run([], context(dir))).exitCode).toBe(2);
    expect((await generateCommand.run(['schema/test.mof', '--package-name', 'x'], context(dir))).exitCode).toBe(2);
    expect((await generateCommand.run(['schema/test.mof', '-o', 'o'], context(dir))).exitCode).toBe(2);
    expect((await generateCommand.run(['--bogus'], context(dir))).exitCode).toBe(2);
    const missing = await generateCommand.run(['schema/missing.mof', '-o', 'o', '--package-name', 'x'], context(dir));
    expect(missing.exitCode).toBe(1);
    expect(missing.stdout).toContain('Nothing was written to o; it holds the package it held before.');
    const badName = await generateCommand.run(['schema/test.mof', '-o', 'o', '--package-name', 'Bad Name'], context(dir));
    expect(badName.exitCode).toBe(1);
    expect(badName.stdout).toContain('MOF4011');
  });

  it('shows a progress bar on a terminal outside CI, and nothing otherwise', async () => {
    const dir = project('progress', { inputs: ['schema/test.mof'], generate: { out: 'sdk', packageName: 'test-sdk' } });
    const run = async (env: Record<string, string>, stderrIsTty: boolean) => {
      let err = '';
      const base = context(dir);
      const io = { ...base.io, env, stderrIsTty, stderr: (text: string) => void (err += text) };
      expect((await generateCommand.run(['--force'], { ...base, io })).exitCode).toBe(0);
      return err;
    };
    const shown = await run({}, true);
    expect(shown).toMatch(/format\s+\[[#-]{30}\] \d+\/\d+/);
    expect(shown.endsWith('\r\u001b[2K')).toBe(true);
    expect(await run({ CI: '1' }, true)).toBe('');
    expect(await run({}, false)).toBe('');
  });

  it('reports a broken config file as MOF4008', async () => {
    const dir = project('broken');
    fs.writeFileSync(path.join(dir, 'mofc.config.json'), '{ "generate": { "out": 3 } }');
    const result = await generateCommand.run([], context(dir));
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("MOF4008");
    expect(result.stdout).toContain("'generate.out' must be a string");
  });
});

describe('config files', () => {
  it('loads .mjs configs (default export, or a function returning it)', async () => {
    const dir = path.join(temp, 'js-config');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'mofc.config.mjs'), 'export default async () => ({ generate: { inputs: ["a.mof"], out: "o", packageName: "p" } });');
    const file = findConfigFile(dir)!;
    expect(path.basename(file)).toBe('mofc.config.mjs');
    const { config } = await loadConfig(file);
    expect(config.generate).toEqual({ inputs: [path.join(dir, 'a.mof')], out: path.join(dir, 'o'), packageName: 'p' });
  });

  it('rejects unknown keys and TypeScript configs', async () => {
    const dir = path.join(temp, 'bad-config');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'mofc.config.json'), '{ "generate": { "output": "x" } }');
    await expect(loadConfig(path.join(dir, 'mofc.config.json'))).rejects.toThrow("unknown key 'generate.output'");
    await expect(loadConfig(path.join(dir, 'mofc.config.ts'))).rejects.toThrow('not supported');
  });
});

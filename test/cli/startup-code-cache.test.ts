import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { crc32 } from 'node:zlib';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loaderPath, ensureBuilt } from './helpers/build.js';

/**
 * The bundled CLI starts from a V8 code cache made by the build (src/cli/bundle-loader.cts).
 * Each run here is a process of its own: it loads a copy of the loader, runs the CLI
 * and reports on stderr what became of the cache.
 */
describe('the CLI code cache', () => {
  const files = ['mofc.loader.cjs', 'mofc.bundle.cjs', 'mofc.bundle.cjs.map', 'mofc.bundle.cache'];
  let temp: string;
  let mof: string;
  beforeAll(() => {
    ensureBuilt();
    temp = mkdtempSync(join(tmpdir(), 'mofc-code-cache-'));
    mof = join(temp, 'one.mof');
    writeFileSync(mof, 'class Test_One {\n  [Key] string Name;\n  uint32 Count;\n};\n');
  });
  afterAll(() => {
    rmSync(temp, { recursive: true, force: true });
  });

  /** A copy of the built loader, code and cache in a directory of its own, for a test to change. */
  function copyOfBuild(name: string): string {
    const directory = join(temp, name);
    mkdirSync(directory);
    for (const file of files) copyFileSync(join(dirname(loaderPath), file), join(directory, file));
    return directory;
  }

  /** `mofc ...args` through the loader in `directory`; `cache` is the loader's status, printed after the run. */
  function run(directory: string, args: string[], nodeOptions: string[] = [], cwd = temp) {
    const script =
      `const cli = await import(${JSON.stringify(pathToFileURL(join(directory, 'mofc.loader.cjs')).href)});` +
      `await cli.runCli(); process.stderr.write('cache: ' + cli.codeCacheStatus());`;
    const child = spawnSync(process.execPath, [...nodeOptions, '--input-type=module', '-e', script, 'mofc', ...args], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: '' },
    });
    const [stderr = '', cache] = child.stderr.split('cache: ');
    return { status: child.status, stdout: child.stdout, stderr, cache };
  }

  const checked = { status: 0, stdout: '0 errors, 0 warnings\n', stderr: '' };

  it('is used by the build it was made with', () => {
    expect(run(dirname(loaderPath), ['check', mof])).toEqual({ ...checked, cache: 'accepted' });
  });

  it('is dropped when it was made from other code: V8 checks only the length', () => {
    const directory = copyOfBuild('other-code');
    const code = readFileSync(join(directory, 'mofc.bundle.cjs'), 'utf8');
    // Same length, different code: the summary line's word for errors.
    const changed = code.replace('plural(counts.error,"error")', 'plural(counts.error,"ERROR")');
    expect(changed).not.toBe(code);
    writeFileSync(join(directory, 'mofc.bundle.cjs'), changed);
    expect(run(directory, ['check', mof])).toEqual({ ...checked, stdout: '0 ERRORs, 0 warnings\n', cache: 'not for this code' });
  });

  it('is compiled around when V8 rejects it (another Node, other V8 flags)', () => {
    const directory = copyOfBuild('other-v8');
    const cache = readFileSync(join(directory, 'mofc.bundle.cache'));
    // V8's data follows our header and the code; its own header is a magic number, then the V8 version hash.
    const v8Data = 8 + cache.readUInt32LE(0);
    cache.writeUInt32LE((cache.readUInt32LE(v8Data + 4) ^ 0xffffffff) >>> 0, v8Data + 4);
    cache.writeUInt32LE(crc32(cache.subarray(v8Data)), 4); // as the build would have written it
    writeFileSync(join(directory, 'mofc.bundle.cache'), cache);
    expect(run(directory, ['check', mof])).toEqual({ ...checked, cache: 'rejected by V8' });
    expect(run(dirname(loaderPath), ['check', mof], ['--max-old-space-size=100'])).toEqual({ ...checked, cache: 'rejected by V8' });
  });

  it('is dropped when damaged: V8 checks only its header, and aborts the process on damaged data', () => {
    const directory = copyOfBuild('damaged');
    const cache = readFileSync(join(directory, 'mofc.bundle.cache'));
    const v8Data = 8 + cache.readUInt32LE(0);
    const middle = v8Data + Math.floor((cache.length - v8Data) / 2);
    for (let i = middle; i < middle + 64; i++) cache[i]! ^= 0x5a;
    writeFileSync(join(directory, 'mofc.bundle.cache'), cache);
    expect(run(directory, ['check', mof])).toEqual({ ...checked, cache: 'damaged' });
  });

  it('may be missing, and is never written by a run (a read-only install works)', () => {
    const directory = copyOfBuild('no-cache');
    rmSync(join(directory, 'mofc.bundle.cache'));
    const before = readdirSync(directory).sort();
    expect(run(directory, ['check', mof])).toEqual({ ...checked, cache: 'absent' });
    expect(run(directory, ['--version'])).toMatchObject({ status: 0, cache: 'absent' });
    expect(readdirSync(directory).sort()).toEqual(before);
  });

  /** A project whose JavaScript config file the CLI loads with import() of its URL. */
  function projectWithJsConfig(name: string): string {
    const project = join(temp, name);
    mkdirSync(project);
    writeFileSync(join(project, 'one.mof'), 'class Test_Two { [Key] string Name; };\n');
    writeFileSync(join(project, 'mofc.config.mjs'), "export default { inputs: ['one.mof'] };\n");
    return project;
  }
  const checkedWithConfig = { ...checked, stderr: 'mofc: using config mofc.config.mjs\n' };

  it('is not used with source maps on: Node\'s own loader runs the code then, and maps stack traces', () => {
    expect(run(dirname(loaderPath), ['check', mof], ['--enable-source-maps'])).toEqual({ ...checked, cache: 'not used: source maps' });
    const project = projectWithJsConfig('js-config-source-maps');
    expect(run(dirname(loaderPath), ['check'], ['--enable-source-maps'], project)).toEqual({
      ...checkedWithConfig,
      cache: 'not used: source maps',
    });
  });

  it('runs strict code whose import() calls all go through the loader, which resolves them from the bundle', () => {
    const code = readFileSync(join(dirname(loaderPath), 'mofc.bundle.cjs'), 'utf8');
    // A directive only when it comes first: the sources are ES modules, strict throughout.
    expect(code.startsWith('"use strict";')).toBe(true);
    const source = ts.createSourceFile('mofc.bundle.cjs', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
    const dynamicImportLines: number[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        dynamicImportLines.push(source.getLineAndCharacterOfPosition(node.getStart(source)).line);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    // One, in the first line's fallback for Node's own loader (source maps on); the rest call the loader's.
    expect(dynamicImportLines).toEqual([0]);
    expect(code).toContain('IMPORT("prettier")');

    const project = projectWithJsConfig('js-config');
    expect(run(dirname(loaderPath), ['check'], [], project)).toEqual({ ...checkedWithConfig, cache: 'accepted' });
  });
});

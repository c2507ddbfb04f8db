/**
 * The entry of the bundled CLI: scripts/bundle.mjs builds this module into
 * dist/src/cli/mofc.loader.cjs (CommonJS), which bin/mofc.cjs requires. It runs the CLI's code,
 * bundled beside it as mofc.bundle.cjs, compiled with the V8 code cache the build
 * left in mofc.bundle.cache, so a run does not parse and compile again the
 * functions a typical run needs (see docs/decisions/0027-cli-code-cache.md).
 *
 * The cache is only ever read here, never written: a read-only install works,
 * and a cache that does not fit is compiled around, not trusted.
 * - It starts with a copy of the code it was made from: V8 itself checks only the
 *   source's length (given the cache of another source of the same length it runs
 *   the old functions), so a cache whose copy differs from the code is dropped here.
 *   Comparing the bytes costs less than hashing them, and needs no `node:crypto`.
 * - It holds the CRC-32 of V8's data: V8 checks its header but not the rest, and
 *   damaged data makes it abort the process.
 * - V8 drops a cache made by another V8 version or with other V8 flags (a Node
 *   upgrade, NODE_OPTIONS=--max-old-space-size=…): the code is compiled as usual.
 * - With source maps on (`node --enable-source-maps`) the code is loaded with
 *   require(), so that Node maps stack traces to the sources.
 *
 * Code run through `vm.Script` cannot use `import()` on Node 20 without an
 * experimental flag, so the build rewrites each `import()` in the bundled code to
 * call `IMPORT`, which this module passes in: its `import()` resolves from
 * this file's directory, the bundled code's own.
 */
import fs = require('node:fs');
import path = require('node:path');
import vm = require('node:vm');
import zlib = require('node:zlib');
import type * as Cli from './main.js';

type BundledCli = Pick<typeof Cli, 'runCli'>;

/** What became of the code cache in this process (tests, and the build that writes it). */
type CodeCacheStatus = 'accepted' | 'rejected by V8' | 'not for this code' | 'damaged' | 'absent' | 'not used: source maps';

// This module is CommonJS (.cts), as bin/mofc.cjs is, and is built beside the code it loads.
const codePath = path.join(__dirname, 'mofc.bundle.cjs');
const cachePath = path.join(__dirname, 'mofc.bundle.cache');

/** The parameters the bundled code is wrapped in, CommonJS's and the `import()` stand-in. */
const WRAPPER_PARAMETERS = 'exports, require, module, __filename, __dirname, IMPORT';
/** The cache file: the code's length and the CRC-32 of V8's data (4 bytes each, little-endian), the code, V8's data. */
const HEADER_BYTES = 8;

let script: vm.Script | undefined;
let code: Buffer | undefined;
let status: CodeCacheStatus;

function load(): BundledCli {
  // This module's require() serves the code too: they sit in the same directory.
  if (process.sourceMapsEnabled) {
    status = 'not used: source maps';
    return require(codePath) as BundledCli;
  }
  try {
    code = fs.readFileSync(codePath);
  } catch (error) {
    // bin/mofc.cjs tells how to build when the bundle cannot be found.
    throw Object.assign(new Error(`Cannot find module '${codePath}'`, { cause: error }), { code: 'ERR_MODULE_NOT_FOUND' });
  }
  const cachedData = readCache(code);
  script = new vm.Script(`(function (${WRAPPER_PARAMETERS}) {${code.toString('utf8')}\n})`, {
    filename: codePath,
    ...(cachedData ? { cachedData } : {}),
  });
  if (cachedData) status = script.cachedDataRejected ? 'rejected by V8' : 'accepted';
  const module = { exports: {} as BundledCli };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  const importModule = (specifier: string): Promise<unknown> => import(specifier);
  run.call(module.exports, module.exports, require, module, codePath, __dirname, importModule);
  return module.exports;
}

/** The V8 data of the cache file, if there is one and it was made from `code`. */
function readCache(code: Buffer): Buffer | undefined {
  let file: Buffer;
  try {
    file = fs.readFileSync(cachePath);
  } catch {
    status = 'absent';
    return undefined;
  }
  const start = HEADER_BYTES + code.length;
  if (file.length <= start || file.readUInt32LE(0) !== code.length || !file.subarray(HEADER_BYTES, start).equals(code)) {
    status = 'not for this code';
    return undefined;
  }
  const data = file.subarray(start);
  if (zlib.crc32(data) !== file.readUInt32LE(4)) {
    status = 'damaged';
    return undefined;
  }
  return data;
}

const cli = load();

/** Runs the CLI in this process (see main.ts). */
const runCli: BundledCli['runCli'] = () => cli.runCli();

function codeCacheStatus(): CodeCacheStatus {
  return status;
}

/**
 * The contents of a cache file for the code as compiled so far in this process: run
 * the work whose functions should be cached first. Undefined when the code was loaded
 * with require() (source maps on).
 */
function codeCacheContents(): Buffer | undefined {
  if (!script || !code) return undefined;
  const data = script.createCachedData();
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(code.length, 0);
  header.writeUInt32LE(zlib.crc32(data), 4);
  return Buffer.concat([header, code, data]);
}

export = { runCli, codeCacheStatus, codeCacheContents };

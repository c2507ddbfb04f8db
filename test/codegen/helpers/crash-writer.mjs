// Child process for write-package.test.ts: writes a package with the built writer and
// SIGKILLs itself at the `killAt`-th file-system change (the count of changes is printed
// when it gets to the end instead). Arguments: <dist dir> <out dir> <state.json> <killAt>.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const [distDir, outDir, stateFile, killAtText] = process.argv.slice(2);
const load = (file) => import(pathToFileURL(path.join(distDir, 'src', 'codegen', file)).href);
const { realWriteFs, recoverOutput, withOutputLock, writePackage } = await load('write-package.js');
const { previousFiles, readManifest } = await load('output.js');
const state = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
const killAt = Number(killAtText);
let changes = 0;
const counting = Object.fromEntries(
  Object.entries(realWriteFs).map(([name, call]) => [
    name,
    (...args) => {
      changes += 1;
      if (changes === killAt) process.kill(process.pid, 'SIGKILL');
      return call(...args);
    },
  ]),
);
withOutputLock(outDir, (paths) => {
  recoverOutput(paths, counting);
  writePackage(paths, state.files, previousFiles(paths.out, readManifest(paths.out)), state.manifest, { fs: counting });
});
process.stdout.write(`${changes}\n`);

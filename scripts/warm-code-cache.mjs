#!/usr/bin/env node
// Run by scripts/bundle.mjs in a process of its own: loads the freshly built CLI
// (dist/src/cli/mofc.loader.cjs, argv[2]), runs `check` on a sample of MOF so that V8
// compiles what a typical run needs, and writes the loader's code cache to argv[3] (a
// temporary file: scripts/bundle.mjs moves it into place once this process succeeds).
// Only `check`: every function in the cache is deserialized at every start, so what
// `compile` and `generate` add would slow the small runs the cache is for. See src/cli/bundle-loader.cts and docs/decisions/0027-cli-code-cache.md.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [loaderPath, cachePath] = process.argv.slice(2);
if (!loaderPath || !cachePath) throw new Error('usage: warm-code-cache.mjs <loader> <cache file>');

/** The usual statements of a schema: qualifier declarations, classes, an association, methods, an instance. */
const SAMPLE = `// Warms the code cache of the mofc CLI.
#pragma namespace("root/cimv2")
Qualifier Deprecated : string[] = null, Scope(any), Flavor(Restricted);

[Abstract, Version("2.49.0"), Description("A managed element.\\n"
  "Second line.")]
class Warm_ManagedElement {
  [Key, MaxLen(256), Description("Its id.")] string InstanceID;
  string Caption = "none";
  uint16 Status[] = {0, 1, 0x2};
  [ValueMap {"0", "1", "2", ".."}, Values {"Unknown", "OK", "Degraded", "Reserved"}]
  uint16 Health;
  real64 Ratio = 1.5e3;
  boolean Enabled = true;
  datetime Since;
  char16 Flag = 'x';
};

class Warm_System : Warm_ManagedElement {
  [Override("Caption")] string Caption;
  [Description("Starts it.")] uint32 Start([In] uint16 Mode, [In, Out] string Notes[], [Out] Warm_System REF Job);
};

[Association]
class Warm_Component {
  [Key, Aggregate] Warm_System REF GroupComponent;
  [Key] Warm_ManagedElement REF PartComponent;
};

instance of Warm_System as $System {
  InstanceID = "one";
  Status = {1, 2};
  Enabled = false;
};

instance of Warm_Component {
  GroupComponent = $System;
  PartComponent = $System;
};
`;

const cli = await import(pathToFileURL(loaderPath).href);
const temp = mkdtempSync(join(tmpdir(), 'mofc-warm-'));
try {
  const mof = join(temp, 'warm.mof');
  writeFileSync(mof, SAMPLE);
  // As bin/mofc.cjs runs it: real streams (the parent keeps what they print), exit code on `process`.
  process.argv = [process.argv[0], 'mofc', 'check', mof];
  await cli.runCli();
  // Diagnostics in the sample (exit 1) still leave the code compiled; an internal error (3) is a broken CLI.
  if (process.exitCode !== 0 && process.exitCode !== 1) throw new Error(`mofc check exited with ${process.exitCode} on the warm-up sample`);
  process.exitCode = 0;
  const contents = cli.codeCacheContents();
  if (!contents) throw new Error(`no code cache to write (the loader says: ${cli.codeCacheStatus()})`);
  writeFileSync(cachePath, contents);
} finally {
  rmSync(temp, { recursive: true, force: true });
}

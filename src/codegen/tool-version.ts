import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package version, from the nearest `package.json` named `mofc` above this
 * module: the source (`src/codegen`) and the build (`dist/src/codegen`) sit at
 * different depths, so the path is found rather than hard-coded.
 */
export function packageVersion(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'mofc' && manifest.version) return manifest.version;
    } catch {
      // no package.json here: keep going up
    }
    const parent = dirname(directory);
    if (parent === directory) return 'unknown';
    directory = parent;
  }
}

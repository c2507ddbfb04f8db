/** A generated package as the tests compare it: every file's text by its `/`-separated path. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface TreeFilter {
  /** Directories not descended into, by name (e.g. `dist`). */
  readonly skipDirectories?: readonly string[];
  /** Files left out, by path relative to the root (e.g. the manifest). */
  readonly skipFiles?: readonly string[];
}

export function readTree(dir: string, filter: TreeFilter = {}): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!filter.skipDirectories?.includes(entry.name)) walk(r);
      } else if (entry.isFile() && !filter.skipFiles?.includes(r)) {
        files[r] = fs.readFileSync(path.join(dir, r), 'utf8');
      }
    }
  };
  walk('');
  return files;
}

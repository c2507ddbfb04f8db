// bench/results.json: every benchmark's latest figures by name. Each runner merges
// its own rows in, written whole via a temporary file (figures only, no dates).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const resultsPath = join(dirname(fileURLToPath(import.meta.url)), 'results.json');

/** Replaces the named entries of bench/results.json, keeping the others. */
export function mergeResults(entries) {
  const existing = existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : {};
  Object.assign(existing, entries);
  const temporary = `${resultsPath}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(existing, null, 2)}\n`);
  renameSync(temporary, resultsPath);
}

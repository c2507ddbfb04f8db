import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

function newestSourceTime(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceTime(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Makes sure `dist/` reflects the sources before a test runs the built CLI.
 * In CI `npm ci` has just built it (prepare), so this is a no-op there;
 * locally it rebuilds only when a source is newer than the last build. The
 * build's exit status is ignored (tsc emits despite type errors elsewhere in
 * the tree); what matters is that the CLI's entry point exists afterwards.
 */
export function ensureBuilt(): string {
  const buildInfo = join(repoRoot, 'dist', '.tsbuildinfo');
  const sourcesTime = Math.max(newestSourceTime(join(repoRoot, 'src')), newestSourceTime(join(repoRoot, 'grammars')));
  if (!existsSync(buildInfo) || statSync(buildInfo).mtimeMs < sourcesTime) {
    spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-b'], { cwd: repoRoot, stdio: 'ignore' });
  }
  const entry = join(repoRoot, 'dist', 'src', 'cli', 'main.js');
  if (!existsSync(entry)) throw new Error(`build failed: ${entry} is missing (run 'npx tsc -b')`);
  return entry;
}

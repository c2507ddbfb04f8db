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

/** The loader of the bundled CLI, which `bin/mofc.cjs` requires (`scripts/bundle.mjs`). */
export const loaderPath = join(repoRoot, 'dist', 'src', 'cli', 'mofc.loader.cjs');

/**
 * Makes sure `dist/` and the CLI bundle reflect the sources before a test runs the built CLI.
 * In CI `npm ci` has just built both (prepare), so this is a no-op there;
 * locally it rebuilds only when a source is newer than the last build. The
 * compiler's exit status is ignored (tsc emits despite type errors elsewhere in
 * the tree); what matters is that the bundle exists afterwards.
 */
export function ensureBuilt(): string {
  const buildInfo = join(repoRoot, 'dist', '.tsbuildinfo');
  const sourcesTime = Math.max(newestSourceTime(join(repoRoot, 'src')), newestSourceTime(join(repoRoot, 'grammars')));
  const stale = (file: string) => !existsSync(file) || statSync(file).mtimeMs < sourcesTime;
  if (stale(buildInfo)) {
    spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-b'], { cwd: repoRoot, stdio: 'ignore' });
  }
  if (stale(loaderPath) || statSync(loaderPath).mtimeMs < statSync(join(repoRoot, 'scripts', 'bundle.mjs')).mtimeMs) {
    const bundled = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'bundle.mjs')], { cwd: repoRoot, encoding: 'utf8' });
    if (bundled.status !== 0) throw new Error(`bundling the CLI failed:\n${bundled.stderr}`);
  }
  if (!existsSync(loaderPath)) throw new Error(`build failed: ${loaderPath} is missing (run 'npm run build')`);
  return loaderPath;
}

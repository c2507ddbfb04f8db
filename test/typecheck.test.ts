/**
 * Type-level tests are tests only if something type-checks them: vitest runs
 * test files without checking types, so `@ts-expect-error` lines and
 * `expectTypeOf` assertions (e.g. src/runtime/test/types.test.ts) are checked
 * here with `tsc -p tsconfig.test.json` over every test and source file. An
 * unneeded `@ts-expect-error` is itself an error (TS2578), so removing the
 * error it guards fails this test, and so does an inverted assertion.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
// Inside the repository, so the scratch project resolves the repository's node_modules.
fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });
const temp = fs.mkdtempSync(path.join(root, '.tmp', 'typecheck-'));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

/** Diagnostics of `tsc -p project`, one per line, paths relative to the repository. */
function typeErrors(project: string): string[] {
  const run = spawnSync(process.execPath, [tsc, '-p', project, '--pretty', 'false'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.error) throw run.error;
  return `${run.stdout}${run.stderr}`.split('\n').filter((line) => /error TS\d+/.test(line));
}

describe('type-level tests', () => {
  it('every test and source file type-checks (must-fail type tests included)', () => {
    expect(typeErrors(path.join(root, 'tsconfig.test.json'))).toEqual([]);
  }, 300_000);

  it('fails on an @ts-expect-error with no error under it, and on an inverted type assertion', () => {
    const file = path.join(temp, 'broken.test.ts');
    fs.writeFileSync(
      file,
      [
        "import { expectTypeOf } from 'vitest';",
        '// @ts-expect-error nothing is wrong on the next line',
        'export const n: number = 1;',
        'expectTypeOf<string>().toEqualTypeOf<number>();',
        '',
      ].join('\n'),
    );
    const project = path.join(temp, 'tsconfig.json');
    fs.writeFileSync(project, JSON.stringify({ extends: path.join(root, 'tsconfig.test.json'), include: [], files: [file] }));
    const errors = typeErrors(project);
    expect(errors.some((e) => e.includes('TS2578'))).toBe(true);
    expect(errors.some((e) => e.includes('broken.test.ts(4,'))).toBe(true);
  }, 120_000);
});

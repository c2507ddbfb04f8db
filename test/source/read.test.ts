/**
 * readSourceBytes: reading a file an include names, whatever it is, with a
 * bound and without blocking; and the real paths files are identified by
 * (src/source/read.ts).
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_FILE_SIZE, readSourceBytes, realPathCachedOnDisk, realPathOnDisk } from '../../src/source/read.js';

const dir = mkdtempSync(join(tmpdir(), 'mofc-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function codeOf(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return { code: (error as { code?: string }).code, kind: (error as { kind?: string }).kind };
  }
  return 'no error';
}

describe('readSourceBytes', () => {
  it('reads a regular file whole', () => {
    const file = join(dir, 'a.mof');
    writeFileSync(file, 'class A {};\n');
    expect(Buffer.from(readSourceBytes(file)).toString('utf8')).toBe('class A {};\n');
    expect(DEFAULT_MAX_FILE_SIZE).toBe(64 * 1024 * 1024);
  });

  it('refuses a FIFO at once, without waiting for a writer', () => {
    const fifo = join(dir, 'pipe.mof');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    expect(codeOf(() => readSourceBytes(fifo))).toEqual({ code: 'ENOTREG', kind: 'a FIFO' });
  });

  it('refuses a character device such as /dev/zero, reading nothing', () => {
    expect(codeOf(() => readSourceBytes('/dev/zero'))).toEqual({ code: 'ENOTREG', kind: 'a character device' });
  });

  it('says a directory is one', () => {
    const sub = join(dir, 'sub.mof');
    mkdirSync(sub);
    expect(codeOf(() => readSourceBytes(sub))).toEqual({ code: 'EISDIR', kind: undefined });
  });

  it('refuses a file above the limit, and takes one exactly at it', () => {
    const file = join(dir, 'big.mof');
    writeFileSync(file, 'x'.repeat(1000));
    expect(readSourceBytes(file, { maxBytes: 1000 }).length).toBe(1000);
    expect(codeOf(() => readSourceBytes(file, { maxBytes: 999 }))).toEqual({ code: 'EFBIG', kind: undefined });
    appendFileSync(file, 'y');
    expect(codeOf(() => readSourceBytes(file, { maxBytes: 1000 }))).toEqual({ code: 'EFBIG', kind: undefined });
  });

  it('reads a file whose size the system reports as 0 (as /proc does) to its end, within the limit', () => {
    const status = readSourceBytes('/proc/self/status', { maxBytes: 1 << 20 });
    expect(Buffer.from(status).toString('utf8')).toMatch(/^Name:/);
    expect(codeOf(() => readSourceBytes('/proc/self/status', { maxBytes: 16 }))).toEqual({ code: 'EFBIG', kind: undefined });
  });

  it('passes the system error of a missing file through', () => {
    expect(codeOf(() => readSourceBytes(join(dir, 'missing.mof')))).toEqual({ code: 'ENOENT', kind: undefined });
  });
});

describe('realPathCachedOnDisk', () => {
  const tree = join(dir, 'tree');
  mkdirSync(join(tree, 'sub'), { recursive: true });
  writeFileSync(join(tree, 'a.mof'), '');
  writeFileSync(join(tree, 'sub', 'b.mof'), '');
  symlinkSync(join(tree, 'a.mof'), join(tree, 'link.mof'));
  symlinkSync(join(tree, 'sub'), join(tree, 'linkdir'));
  symlinkSync(join(tree, 'nothing.mof'), join(tree, 'dangling.mof'));
  symlinkSync(tree, join(tree, 'loop'));
  symlinkSync('self', join(tree, 'self'));
  const paths = [
    'a.mof',
    'link.mof',
    'sub',
    'sub/b.mof',
    'linkdir',
    'linkdir/b.mof',
    'dangling.mof',
    'loop/loop/a.mof',
    'loop/linkdir/b.mof',
    'self',
    'self/a.mof',
    'missing.mof',
    'nodir/x.mof',
    'a.mof/x.mof',
    'linkdir/..',
    'sub/.',
    'a.mof/',
    'sub/',
    // Not joined: `join` would resolve these last four, and the resolver must see them as written.
  ].map((path) => `${tree}/${path}`);

  it('gives what realpath gives, for files, symlinks, loops, missing names and missing directories', () => {
    const realPath = realPathCachedOnDisk('linux');
    // Twice: the second time from what the first cached.
    for (let round = 0; round < 2; round++) {
      for (const path of [...paths, '/', tree]) expect(realPath(path), path).toBe(realPathOnDisk(path));
    }
    expect(realPath(join(tree, 'loop/loop/a.mof'))).toBe(realPath(join(tree, 'a.mof')));
    expect(realPath(join(tree, 'link.mof'))).toBe(realPath(join(tree, 'a.mof')));
  });

  it('sees a file created after its directory was listed', () => {
    const realPath = realPathCachedOnDisk('linux');
    expect(realPath(join(tree, 'a.mof'))).toBe(realPathOnDisk(join(tree, 'a.mof')));
    writeFileSync(join(tree, 'late.mof'), '');
    symlinkSync(join(tree, 'a.mof'), join(tree, 'late-link.mof'));
    expect(realPath(join(tree, 'late.mof'))).toBe(realPathOnDisk(join(tree, 'late.mof')));
    expect(realPath(join(tree, 'late-link.mof'))).toBe(realPathOnDisk(join(tree, 'a.mof')));
  });

  it('is realpath itself where realpath also settles the case of names (Windows, macOS)', () => {
    expect(realPathCachedOnDisk('win32')).toBe(realPathOnDisk);
    expect(realPathCachedOnDisk('darwin')).toBe(realPathOnDisk);
  });
});

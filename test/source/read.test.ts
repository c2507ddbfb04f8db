/**
 * readSourceBytes: reading a file an include names, whatever it is, with a
 * bound and without blocking (src/source/read.ts).
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_FILE_SIZE, readSourceBytes } from '../../src/source/read.js';

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

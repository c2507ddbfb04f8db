import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayPath, includeCandidates, normalizeIncludeName } from '../../src/source/paths.js';

describe('include paths', () => {
  it('treats backslashes as separators', () => {
    expect(normalizeIncludeName('Core\\CIM_ManagedElement.mof')).toBe('Core/CIM_ManagedElement.mof');
  });

  it('lists the including directory, then include paths in order, without duplicates', () => {
    expect(includeCandidates('x\\y.mof', '/p/a/root.mof', ['inc', '/p/a', '/abs'], '/p', path.posix)).toEqual([
      '/p/a/x/y.mof',
      '/p/inc/x/y.mof',
      '/abs/x/y.mof',
    ]);
  });

  it('uses an absolute include name as it is', () => {
    expect(includeCandidates('/lib/q.mof', '/p/root.mof', ['inc'], '/p', path.posix)).toEqual(['/lib/q.mof']);
  });

  it('works with Windows paths', () => {
    expect(includeCandidates('sub\\x.mof', 'C:\\p\\root.mof', ['D:\\inc'], 'C:\\p', path.win32)).toEqual([
      'C:\\p\\sub\\x.mof',
      'D:\\inc\\sub\\x.mof',
    ]);
    expect(displayPath('C:\\p\\sub\\x.mof', 'C:\\p', path.win32)).toBe('sub\\x.mof');
    expect(displayPath('D:\\inc\\x.mof', 'C:\\p', path.win32)).toBe('D:\\inc\\x.mof');
  });

  it('names files under cwd relatively and others absolutely', () => {
    expect(displayPath('/p/a/b.mof', '/p', path.posix)).toBe('a/b.mof');
    expect(displayPath('/q/b.mof', '/p', path.posix)).toBe('/q/b.mof');
    expect(displayPath('/p/..b.mof', '/p', path.posix)).toBe('..b.mof');
  });
});

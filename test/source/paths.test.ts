import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayPath, includeCandidates, isInside, normalizeIncludeName } from '../../src/source/paths.js';

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

  it('answers as path.relative does, with or without its shortcut for paths under the directory', () => {
    const cases: [PathApiName, string, string][] = [
      ['posix', '/p/a/b.mof', '/p'],
      ['posix', '/p/a/b.mof', '/p/'],
      ['posix', '/p/a/b.mof', '/p/a/b.mof'],
      ['posix', '/p/ab/c.mof', '/p/a'],
      ['posix', '/p', '/p/a'],
      ['posix', '/x.mof', '/'],
      ['posix', '/', '/'],
      ['posix', '/p/a/../b.mof', '/p/a'],
      ['posix', '/p/a/./b.mof', '/p/a'],
      ['posix', '/p/a//b.mof', '/p/a'],
      ['posix', '/p/a/b/', '/p/a'],
      ['posix', '/p/./a/b.mof', '/p/./a'],
      ['posix', '/p/a/../x.mof', '/p/a/..'],
      ['posix', '/p/a/.b.mof', '/p/a'],
      ['posix', 'p/a/b.mof', 'p/a'],
      ['win32', 'C:\\p\\sub/x.mof', 'C:\\p'],
      ['win32', 'C:\\p\\sub\\..\\x.mof', 'C:\\p'],
      ['win32', 'C:\\p\\x.mof', 'C:\\p'],
      ['win32', 'C:\\p\\x.mof', 'c:\\P'],
      ['win32', 'C:\\x.mof', 'C:\\'],
      ['win32', 'C:\\pq\\x.mof', 'C:\\p'],
      ['win32', 'D:\\p\\x.mof', 'C:\\p'],
    ];
    for (const [api, file, directory] of cases) {
      const p = path[api];
      const relative = p.relative(directory, file);
      const inside = relative === '' || (relative !== '..' && !relative.startsWith('..' + p.sep) && !p.isAbsolute(relative));
      expect(isInside(file, directory, p), `${api} ${file} in ${directory}`).toBe(inside);
      expect(displayPath(file, directory, p), `${api} ${file} from ${directory}`).toBe(inside && relative !== '' ? relative : file);
    }
  });
});

type PathApiName = 'posix' | 'win32';


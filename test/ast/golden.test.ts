import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseSource } from '../../src/ast/parse.js';
import { SourceFile } from '../../src/source/source-file.js';
import { toGoldenJson } from './serialize.js';

/**
 * One golden AST per construct: each `fixtures/mof/syntax/valid/<name>.mof`
 * is parsed and compared with `__golden__/<name>.json` (AST and diagnostics).
 */
const directory = 'fixtures/mof/syntax/valid';

describe('golden ASTs', () => {
  for (const fileName of readdirSync(directory).filter((name) => name.endsWith('.mof')).sort()) {
    test(fileName, async () => {
      const path = `${directory}/${fileName}`;
      const result = parseSource(new SourceFile(path, readFileSync(path, 'utf8')));
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      await expect(toGoldenJson(result)).toMatchFileSnapshot(`./__golden__/${fileName.replace(/\.mof$/, '.json')}`);
    });
  }
});

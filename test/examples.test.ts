import * as path from 'node:path';
import { expect, test } from 'vitest';
import { typeCheckPackage } from './codegen/typecheck.js';

const root = path.resolve(import.meta.dirname, '..');

test('the examples type-check against the generated Hyper-V package, imported by name', () => {
  const { errors } = typeCheckPackage(path.join(root, 'examples'), {
    runtimeFromSource: true,
    paths: { 'hyperv-v2': [path.join(root, 'generated/hyperv-v2/src/index.ts')] },
  });
  expect(errors).toEqual([]);
});

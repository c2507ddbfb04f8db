/**
 * Type-level checks (verified by `tsc`, e.g. `tsc -p tsconfig.test.json`);
 * at run time they only have to load.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { CimReference } from '../src/index.js';

interface Base {
  readonly __brand_CIM_Base?: true;
  readonly Name: string;
}
interface Sub extends Base {
  readonly __brand_Msvm_Sub?: true;
  readonly Extra: number;
}
interface Other {
  readonly __brand_Other: true;
  readonly Name: string;
}

describe('CimReference typing', () => {
  it('is covariant in its target', () => {
    const sub = CimReference.to<Sub>('Msvm_Sub', { Name: 'x' });
    const asBase: CimReference<Base> = sub;
    const asUnknown: CimReference = sub;
    // @ts-expect-error a reference to a base class is not a reference to a subclass
    const back: CimReference<Sub> = asBase;
    // @ts-expect-error unrelated classes do not mix
    const other: CimReference<Other> = sub;
    expectTypeOf(sub).toExtend<CimReference<Base>>();
    expectTypeOf<CimReference<Base>>().not.toExtend<CimReference<Other>>();
    expect([asBase, asUnknown, back, other].every((r) => r === sub)).toBe(true);
  });
});

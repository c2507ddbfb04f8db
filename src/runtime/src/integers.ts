import type { CimIntegerType } from './descriptor.js';

/**
 * Inclusive bounds of each CIM integer type; shared by marshaling and CIM-XML
 * parsing (internal). The compiler checks MOF literals against its own table
 * (it cannot load runtime code); test/model/cim-facts.test.ts pins the two equal.
 * Typed as a string-keyed table because callers index it with a value type
 * they have not narrowed; `satisfies` keeps it exhaustive over the types.
 */
export const INTEGER_RANGES: Readonly<Record<string, readonly [bigint, bigint]>> = {
  uint8: [0n, 255n],
  sint8: [-128n, 127n],
  uint16: [0n, 65_535n],
  sint16: [-32_768n, 32_767n],
  uint32: [0n, 4_294_967_295n],
  sint32: [-2_147_483_648n, 2_147_483_647n],
  uint64: [0n, 18_446_744_073_709_551_615n],
  sint64: [-9_223_372_036_854_775_808n, 9_223_372_036_854_775_807n],
} satisfies Record<CimIntegerType, readonly [bigint, bigint]>;

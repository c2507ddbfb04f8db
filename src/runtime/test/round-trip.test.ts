/**
 * Typed values survive the wire: an instance of every CIM type, with edge values
 * (bounds, -0, NaN, ±INF, reals beyond 2^53, white space at either end of a key,
 * XML's special characters, a surrogate pair, embedded instances), marshaled, written as WS-Management
 * XML or as CIM-XML, read back and unmarshaled, is the value it was. Found, when it
 * was first run: -0 lost its sign, CIM-XML typed integral reals as sint64 (1e21 then
 * did not parse), and WS-Management selectors lost white space at their ends.
 */
import { describe, expect, it } from 'vitest';
import { instanceFromCimXml, instanceToCimXml } from '../src/cimxml.js';
import { CimDateTime } from '../src/datetime.js';
import { marshalInstance, unmarshalInstance } from '../src/marshal.js';
import { CimReference } from '../src/reference.js';
import type { CimInstance } from '../src/session.js';
import { instanceFromXml, instanceToXml } from '../src/wsman/instance-xml.js';
import { parseXml } from '../src/xml.js';
import { NS, Test_AllTypes, registry } from './fixtures.js';
import { seededRandom as random } from './random.js';

const STRINGS = ['', ' ', '  lead', 'trail  ', 'a\tb', 'x\r\ny', '\n', '<&>"\'', ']]>', 'smile \u{1F600}', '\u00a0nbsp', 'zero\u200bwidth', 'x'.repeat(300), '&amp;', '\\', 'true', 'null'];
const REALS = [0, -0, 1.5, -1e-310, 5e-324, 1.7976931348623157e308, Math.PI, 1e21, 123456789.125, 0.1, NaN, Infinity, -Infinity];
const DATETIMES = ['20240131123456.123456+060', '00000001020304.000005:000', '99991231235959.999999-720', '00000000000000.000000+000'];

/** WS-Management: the instance element as a Get answer carries it (the namespaces an envelope declares around it). */
function throughWsman(wire: CimInstance): CimInstance {
  const xml = instanceToXml(wire, { dialect: 'wmi', defaultNamespace: NS });
  const envelope =
    '<r xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" ' +
    `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${xml}</r>`;
  return instanceFromXml(parseXml(envelope).children[0]!);
}

/** CIM-XML without a descriptor: the writer types each value by its look (embedded instances by their registered class). */
function throughCimXml(wire: CimInstance): CimInstance {
  return instanceFromCimXml(instanceToCimXml(wire, undefined, registry()));
}

/** Comparable text of a typed value: bigint, -0, NaN and ±Infinity kept apart. */
function show(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'bigint' ? `${v}n` : typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? `number:${Object.is(v, -0) ? '-0' : v}` : v,
  );
}

describe('typed values through the wire', () => {
  it('random instances of every type, edge values included, come back as they were from WS-Management and CIM-XML', () => {
    const next = random(20261201);
    const pick = <T,>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
    const integer = (min: bigint, max: bigint): bigint => {
      const k = next();
      if (k < 0.2) return min;
      if (k < 0.4) return max;
      if (k < 0.5) return 0n;
      return min + BigInt(Math.floor(next() * Number(max - min > 2n ** 52n ? 2n ** 52n : max - min)));
    };
    const reg = registry();
    const differences: string[] = [];
    for (let run = 0; run < 2000; run++) {
      const value: Record<string, unknown> = { Id: pick(STRINGS) || 'k', Needed: Number(integer(0n, 4294967295n)) };
      if (next() < 0.7) value['B'] = next() < 0.5;
      if (next() < 0.7) value['S'] = pick(STRINGS);
      if (next() < 0.7) value['C'] = pick(['a', ' ', '<', 'é', '\t', '\n']);
      for (const [name, min, max] of [['U8', 0n, 255n], ['S8', -128n, 127n], ['U16', 0n, 65535n], ['S16', -32768n, 32767n], ['U32', 0n, 4294967295n], ['S32', -2147483648n, 2147483647n]] as const) {
        if (next() < 0.7) value[name] = Number(integer(min, max));
      }
      if (next() < 0.7) value['U64'] = integer(0n, 18446744073709551615n);
      if (next() < 0.7) value['S64'] = integer(-9223372036854775808n, 9223372036854775807n);
      if (next() < 0.7) value['R64'] = pick(REALS);
      if (next() < 0.7) value['R32'] = Math.fround(pick(REALS));
      if (next() < 0.5) value['DT'] = CimDateTime.parse(pick(DATETIMES));
      if (next() < 0.5) value['Ref'] = CimReference.to('CIM_Collection', { InstanceID: pick(STRINGS) || 'i' }, { namespace: NS });
      if (next() < 0.5) value['Strings'] = [pick(STRINGS), pick(STRINGS)];
      if (next() < 0.5) value['Numbers'] = [Number(integer(0n, 65535n))];
      if (next() < 0.5) value['Bigs'] = [integer(0n, 18446744073709551615n)];
      // Embedded instances: as CIM-XML text (Embedded, Anything) and as nested instances (Nested, Jobs).
      const job = () => ({ __CLASS: pick(['CIM_ConcreteJob', 'Msvm_ConcreteJob']), InstanceID: pick(STRINGS) || 'j', JobState: pick([2, 7, 10]), ErrorDescription: pick(STRINGS), TimeSubmitted: CimDateTime.parse(pick(DATETIMES)) });
      if (next() < 0.3) value['Embedded'] = { InstanceID: pick(STRINGS) || 'i', CopyVmStorage: next() < 0.5, CopySnapshotConfiguration: pick([0, 1, 2]) };
      if (next() < 0.3) value['Nested'] = job();
      if (next() < 0.3) value['Anything'] = job();
      // Not empty: over WS-Management an empty array and NULL are the same (no element is written).
      if (next() < 0.3) value['Jobs'] = Array.from({ length: 1 + Math.floor(next() * 2) }, job);
      const wire = marshalInstance(Test_AllTypes, value, reg);
      const expected = unmarshalInstance<Record<string, unknown>>(Test_AllTypes, wire, reg);
      for (const [path, through] of [['WS-Management', throughWsman], ['CIM-XML', throughCimXml]] as const) {
        const back = unmarshalInstance<Record<string, unknown>>(Test_AllTypes, through(wire), reg);
        for (const name of new Set([...Object.keys(expected), ...Object.keys(back)])) {
          if (show(back[name]) !== show(expected[name])) differences.push(`run ${run}, ${path}, ${name}: ${show(expected[name])} came back as ${show(back[name])}`);
        }
      }
    }
    expect(differences.slice(0, 10)).toEqual([]);
  });

  it('keeps a negative zero, and types reals an integer type cannot hold as reals in CIM-XML', () => {
    const reg = registry();
    const wire = marshalInstance(Test_AllTypes, { Id: 'k', Needed: 1, R64: -0, R32: 1e21 }, reg);
    for (const through of [throughWsman, throughCimXml]) {
      const back = unmarshalInstance<Record<string, unknown>>(Test_AllTypes, through(wire), reg);
      expect(Object.is(back['R64'], -0)).toBe(true);
      expect(back['R32']).toBe(1e21);
    }
    expect(instanceToCimXml(wire)).toContain('<PROPERTY NAME="R32" TYPE="real64"><VALUE>1e+21</VALUE>');
  });

  it('keeps white space at either end of a selector value', () => {
    const reg = registry();
    const ref = CimReference.to('CIM_Collection', { InstanceID: '  spaced  ' }, { namespace: NS });
    const back = unmarshalInstance<Record<string, unknown>>(Test_AllTypes, throughWsman(marshalInstance(Test_AllTypes, { Id: 'k', Needed: 1, Ref: ref }, reg)), reg);
    expect((back['Ref'] as CimReference).keys['InstanceID']).toBe('  spaced  ');
  });
});

#!/usr/bin/env node
// WS-Management decode benchmark: an Enumerate/Pull exchange of 1,000
// Msvm_ComputerSystem-like instances (10 pages of 100, ~30 properties each:
// strings, integers, arrays, NULLs, datetimes) decoded by WsmanSession into
// typed objects, next to the bare XML parse of the same bytes.
//
//   bare parse    parseXml (the client's hardened reader) over every page
//   typed decode  WsmanSession.enumerateInstances through enumerateTypedInstances,
//                 fed by an in-process channel that answers with the same pages
//                 (envelopes read, items decoded, values typed by the descriptor)
//
// Needs `npm run build` first (uses src/runtime/dist). Figures are merged into
// bench/results.json under "wsman-decode-1000". Target: typed decode within 2x of the bare parse.
// Usage: node bench/wsman-decode.js [--runs N] [--no-write]
import { parseArgs } from 'node:util';
import { mergeResults } from './results.js';
import { WsmanSession, enumerateTypedInstances } from '../src/runtime/dist/index.js';
import { parseXml } from '../src/runtime/dist/xml.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '21' }, 'no-write': { type: 'boolean', default: false } } });
const RUNS = Number(values.runs);
const TOTAL = 1000;
const PAGE = 100;
const NS = 'root/virtualization/v2';
const URI = `http://schemas.microsoft.com/wbem/wsman/1/wmi/${NS}/Msvm_ComputerSystem`;

const text = (name, type) => ({ name, type });
const descriptor = {
  name: 'Msvm_ComputerSystem',
  namespace: NS,
  keys: ['CreationClassName', 'Name'],
  properties: [
    text('InstanceID', 'string'), text('Caption', 'string'), text('Description', 'string'), text('ElementName', 'string'),
    text('InstallDate', 'datetime'), text('Name', 'string'), { name: 'OperationalStatus', type: 'uint16', isArray: true },
    { name: 'StatusDescriptions', type: 'string', isArray: true }, text('Status', 'string'), text('HealthState', 'uint16'),
    text('CommunicationStatus', 'uint16'), text('DetailedStatus', 'uint16'), text('OperatingStatus', 'uint16'),
    text('PrimaryStatus', 'uint16'), text('EnabledState', 'uint16'), text('OtherEnabledState', 'string'),
    text('RequestedState', 'uint16'), text('EnabledDefault', 'uint16'), text('TimeOfLastStateChange', 'datetime'),
    { name: 'AvailableRequestedStates', type: 'uint16', isArray: true }, text('TransitioningToState', 'uint16'),
    { name: 'CreationClassName', type: 'string', key: true }, text('NameFormat', 'string'),
    { name: 'Dedicated', type: 'uint16', isArray: true }, text('ResetCapability', 'uint16'),
    text('EnhancedSessionModeState', 'uint16'), text('FailedOverReplicationType', 'uint16'), text('LastReplicationTime', 'datetime'),
    text('OnTimeInMilliseconds', 'uint64'), text('ProcessID', 'uint32'), text('TimeOfLastConfigurationChange', 'datetime'),
    text('NumberOfNumaNodes', 'uint16'), text('ReplicationState', 'uint16'), text('HwThreadsPerCoreRealized', 'uint32'),
  ],
  methods: [],
};

function instanceXml(i) {
  const guid = `${String(i).padStart(8, '0')}-3C44-4E0B-9C1B-5D2B8E1F0A77`;
  const p = (name, value) => `<p:${name}>${value}</p:${name}>`;
  const nil = (name) => `<p:${name} xsi:nil="true"/>`;
  const dt = (name, value) => `<p:${name}><cim:Datetime>${value}</cim:Datetime></p:${name}>`;
  return (
    `<w:Item><p:Msvm_ComputerSystem xmlns:p="${URI}" xmlns:cim="http://schemas.dmtf.org/wbem/wscim/1/common" xsi:type="p:Msvm_ComputerSystem_Type">` +
    p('InstanceID', `Microsoft:${guid}`) + p('Caption', 'Virtual Machine') + p('Description', 'Microsoft Virtual Machine') +
    p('ElementName', `vm-${i} &amp; co`) + dt('InstallDate', '2024-03-01T08:15:30.1234567Z') + p('Name', guid) +
    p('OperationalStatus', '2') + p('OperationalStatus', '32768') + p('StatusDescriptions', 'Operating normally') +
    p('StatusDescriptions', 'Running') + p('Status', 'OK') + p('HealthState', '5') + p('CommunicationStatus', '2') + nil('DetailedStatus') +
    nil('OperatingStatus') + nil('PrimaryStatus') + p('EnabledState', String(2 + (i % 2))) + nil('OtherEnabledState') +
    p('RequestedState', '5') + p('EnabledDefault', '2') + dt('TimeOfLastStateChange', '2024-03-02T17:45:00.9876543-08:00') +
    p('AvailableRequestedStates', '2') + p('AvailableRequestedStates', '3') + p('AvailableRequestedStates', '32768') +
    p('TransitioningToState', '5') + p('CreationClassName', 'Msvm_ComputerSystem') + p('NameFormat', 'GUID') + p('Dedicated', '0') +
    p('ResetCapability', '1') + p('EnhancedSessionModeState', '3') + p('FailedOverReplicationType', '0') +
    dt('LastReplicationTime', '1601-01-01T00:00:00Z') + p('OnTimeInMilliseconds', String(98765432101 + i)) + p('ProcessID', String(4000 + i)) +
    dt('TimeOfLastConfigurationChange', '2024-03-02T17:45:00.9876543Z') + p('NumberOfNumaNodes', '1') + p('ReplicationState', '0') +
    p('HwThreadsPerCoreRealized', '2') +
    `</p:Msvm_ComputerSystem><a:EndpointReference><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address>` +
    `<a:ReferenceParameters><w:ResourceURI>${URI}</w:ResourceURI><w:SelectorSet><w:Selector Name="CreationClassName">Msvm_ComputerSystem</w:Selector>` +
    `<w:Selector Name="Name">${guid}</w:Selector></w:SelectorSet></a:ReferenceParameters></a:EndpointReference></w:Item>`
  );
}

function page(index) {
  const first = index === 0;
  const last = index === TOTAL / PAGE - 1;
  const action = first ? 'EnumerateResponse' : 'PullResponse';
  let items = '';
  for (let i = index * PAGE; i < (index + 1) * PAGE; i++) items += instanceXml(i);
  const wrap = first ? 'w:Items' : 'n:Items';
  const end = last ? (first ? '<w:EndOfSequence/>' : '<n:EndOfSequence/>') : '';
  const context = last ? '' : '<n:EnumerationContext>uuid:9C1D6B57-6E3A-4B0B-8E4E-3B1F2A6D0C10</n:EnumerationContext>';
  return Buffer.from(
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" ' +
      'xmlns:n="http://schemas.xmlsoap.org/ws/2004/09/enumeration" xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" ' +
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xml:lang="en-US"><s:Header>' +
      `<a:Action>http://schemas.xmlsoap.org/ws/2004/09/enumeration/${action}</a:Action><a:MessageID>uuid:0D1E7C3A-1B1F-4D33-9C0B-0E8E3F3C6E01</a:MessageID>` +
      '<a:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:To></s:Header><s:Body>' +
      `<n:${action}>${context}<${wrap}>${items}</${wrap}>${end}</n:${action}></s:Body></s:Envelope>`,
    'utf8',
  );
}

const pages = Array.from({ length: TOTAL / PAGE }, (_, i) => page(i));
const bytes = pages.reduce((n, b) => n + b.length, 0);

/** A channel that answers each request with the next page, in process: no sockets in the figures. */
function replayChannel() {
  let next = 0;
  return {
    host: 'bench',
    post: async () => ({ status: 200, contentType: 'application/soap+xml;charset=UTF-8', body: pages[next++ % pages.length] }),
    close: async () => {},
  };
}

async function typedDecode() {
  const session = new WsmanSession({ url: 'http://bench/wsman', username: 'u', password: 'p', namespace: NS, maxElements: PAGE, channel: replayChannel() });
  let count = 0;
  for await (const vm of enumerateTypedInstances(session, descriptor)) if (vm.OnTimeInMilliseconds > 0n) count++;
  if (count !== TOTAL) throw new Error(`decoded ${count} instances, expected ${TOTAL}`);
}

function bareParse() {
  for (const b of pages) parseXml(b);
}

/** Median wall time of each function, runs interleaved so background load hits all of them alike. */
async function timeAll(fns) {
  for (const fn of fns) await fn(); // warm-up
  const times = fns.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    for (let j = 0; j < fns.length; j++) {
      const start = performance.now();
      await fns[j]();
      times[j].push(performance.now() - start);
    }
  }
  return times.map((t) => t.sort((a, b) => a - b)[t.length >> 1]);
}

const [parseMs, decodeMs] = await timeAll([bareParse, typedDecode]);
const ratio = decodeMs / parseMs;
const round1 = (n) => Math.round(n * 10) / 10;
console.log(`wsman decode: ${TOTAL} instances in ${pages.length} pages, ${(bytes / 1e6).toFixed(2)} MB, median of ${RUNS}`);
console.log(`  bare parse (parseXml)        ${parseMs.toFixed(1)} ms`);
console.log(`  typed decode (WsmanSession)  ${decodeMs.toFixed(1)} ms   ${ratio.toFixed(2)}x the bare parse (target <= 2x)`);
if (!values['no-write']) {
  mergeResults({
    'wsman-decode-1000': { instances: TOTAL, pages: pages.length, inputMb: Math.round(bytes / 1e4) / 100, parseMs: round1(parseMs), decodeMs: round1(decodeMs), ratio: Math.round(ratio * 100) / 100, runs: RUNS },
  });
}

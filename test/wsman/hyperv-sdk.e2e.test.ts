/**
 * End to end over real HTTP on loopback: the generated Hyper-V SDK (`hyperv-v2`,
 * imported by name as a user would) on the runtime's `WsmanSession`, against
 * `createWsmanServer` serving an `InMemorySession` seeded from
 * fixtures/wsman/hyperv-seed.json, with a typed provider answering methods.
 * Nothing between the two ends but HTTP and the WS-Management envelopes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CimDateTime,
  CimNotFoundError,
  CimReference,
  CimSessionError,
  CimTimeoutError,
  WsmanSession,
  basicAuth,
  createWsmanServer,
  parseSeed,
  type WsmanServer,
} from '@mofc/runtime';
import type { InMemorySession } from '@mofc/runtime/memory';
import type * as HyperV from 'hyperv-v2';
import { NS, VM1, loadHyperV, root, seededStore } from './hyperv-fixture.js';

let hv: typeof HyperV;
let store: InMemorySession;
let server: WsmanServer;
let client: WsmanSession;
let operations: { action: string; context?: string }[];

beforeAll(async () => {
  hv = await loadHyperV();
}, 180_000);

beforeEach(async () => {
  store = seededStore(hv);
  operations = [];
  server = await createWsmanServer({
    session: store,
    auth: basicAuth({ username: 'hv-admin', password: 'Pa55w0rd!' }),
    onOperation: (e) => operations.push({ action: e.action.replace(/^.*\//, ''), ...(e.context ? { context: e.context } : {}) }),
  });
  client = new WsmanSession({
    url: server.url,
    username: 'hv-admin',
    password: 'Pa55w0rd!',
    authentication: 'basic',
    namespace: NS,
    maxElements: 2,
    onWarning: () => undefined,
  });
});

afterEach(async () => {
  await client.close();
  await server.close();
});

const vmRef = (name: string) => hv.Msvm_ComputerSystem.ref({ CreationClassName: 'Msvm_ComputerSystem', Name: name });

/** The management service's path, from its keys (as a caller who enumerated it builds it). */
async function serviceRef(): Promise<CimReference<HyperV.Msvm_VirtualSystemManagementService>> {
  for await (const s of hv.Msvm_VirtualSystemManagementService.enumerate(client)) {
    return hv.Msvm_VirtualSystemManagementService.ref({ CreationClassName: s.CreationClassName, Name: s.Name, SystemCreationClassName: s.SystemCreationClassName, SystemName: s.SystemName });
  }
  throw new Error('no Msvm_VirtualSystemManagementService in the seed');
}

describe('generated Hyper-V SDK over WS-Management', () => {
  it('gets a typed instance: uint64 as bigint, datetimes, arrays, __CLASS', async () => {
    const vm = await hv.Msvm_ComputerSystem.get(client, vmRef(VM1));
    expect(vm.__CLASS).toBe('Msvm_ComputerSystem');
    expect(vm.ElementName).toBe('web-01');
    expect(vm.OnTimeInMilliseconds).toBe(9007199254740993n);
    expect(vm.OperationalStatus).toEqual([2, 32768]);
    expect(vm.TimeOfLastStateChange).toEqual(CimDateTime.fromXsd('2024-06-10T12:00:00Z'));
    expect(vm.EnabledState).toBe(hv.CIM_EnabledLogicalElement_EnabledState.Enabled);
    expect(vm.Description).toBeUndefined();
  });

  it('enumerates with a WQL filter across several Pull pages', async () => {
    const names: string[] = [];
    for await (const vm of hv.Msvm_ComputerSystem.enumerate(client, { filter: "SELECT * FROM Msvm_ComputerSystem WHERE Caption = 'Virtual Machine'" })) {
      names.push(vm.ElementName!);
    }
    expect(names).toEqual(['web-01', 'web-02', 'db-01', 'build & test <ci>', 'ünïcode-vm']);
    expect(operations.filter((o) => o.action === 'Pull').length).toBe(2);
    expect(server.enumerations.open).toBe(0);
  });

  it('follows associations both ways, and lists the association instances', async () => {
    const settings = [];
    for await (const s of hv.Msvm_SettingsDefineState.followFromManagedElement(client, vmRef(VM1))) settings.push(s);
    expect(settings.map((s) => s.InstanceID)).toEqual([`Microsoft:${VM1}`]);
    expect(settings[0]!.Notes).toEqual(['seeded by fixtures/wsman/hyperv-seed.json']);
    const back = [];
    for await (const vm of hv.Msvm_SettingsDefineState.followFromSettingData(client, hv.Msvm_VirtualSystemSettingData.ref({ InstanceID: `Microsoft:${VM1}` }))) back.push(vm);
    expect(back.map((vm) => vm.Name)).toEqual([VM1]);
    const links = [];
    for await (const link of hv.Msvm_SettingsDefineState.referencesFromManagedElement(client, vmRef(VM1))) links.push(link);
    expect(links).toHaveLength(1);
    expect(links[0]!.SettingData?.keys).toEqual({ InstanceID: `Microsoft:${VM1}` });
  });

  it('invokes a method with REF and embedded-instance parameters, waits for its job, and types the REF outputs', async () => {
    const seen: HyperV.Msvm_VirtualSystemManagementService_DefineSystem_Args[] = [];
    store.registerProvider(
      'Msvm_VirtualSystemManagementService',
      hv.Msvm_VirtualSystemManagementService.bindProvider({
        DefineSystem(_target, args) {
          seen.push(args);
          const name = 'NEW-VM';
          store.put({ className: 'Msvm_ComputerSystem', properties: { CreationClassName: 'Msvm_ComputerSystem', Name: name, ElementName: args.SystemSettings?.ElementName ?? null } });
          store.put({ className: 'Msvm_ConcreteJob', properties: { InstanceID: 'job-1', JobState: 7, PercentComplete: 100 } });
          return {
            ReturnValue: 4096,
            ResultingSystem: CimReference.to('Msvm_ComputerSystem', { CreationClassName: 'Msvm_ComputerSystem', Name: name }, { namespace: NS }),
            Job: CimReference.to('Msvm_ConcreteJob', { InstanceID: 'job-1' }, { namespace: NS }),
          };
        },
      }),
    );
    const result = await hv.Msvm_VirtualSystemManagementService.DefineSystemAndWait(
      client,
      await serviceRef(),
      {
        SystemSettings: { ElementName: 'made over WS-Man', Notes: ['a', 'b <&>'] },
        ReferenceConfiguration: hv.Msvm_VirtualSystemSettingData.ref({ InstanceID: `Microsoft:${VM1}` }),
      },
      { timeoutMs: 30_000, pollIntervalMs: 10 },
    );
    expect(result.ReturnValue).toBe(4096);
    expect(result.finishedJob?.JobState).toBe(7);
    expect(result.ResultingSystem?.className).toBe('Msvm_ComputerSystem');
    expect(result.ResultingSystem?.keys['Name']).toBe('NEW-VM');
    // The provider saw typed arguments: the embedded instance decoded, the REF with its keys.
    expect(seen).toHaveLength(1);
    expect(seen[0]!.SystemSettings).toMatchObject({ __CLASS: 'Msvm_VirtualSystemSettingData', ElementName: 'made over WS-Man', Notes: ['a', 'b <&>'] });
    expect(seen[0]!.ReferenceConfiguration?.keys).toEqual({ InstanceID: `Microsoft:${VM1}` });
    const created = await hv.Msvm_ComputerSystem.get(client, result.ResultingSystem as CimReference<HyperV.Msvm_ComputerSystem>);
    expect(created.ElementName).toBe('made over WS-Man');
  });

  it('turns faults into typed errors: not found, no provider, wrong keys, wrong password', async () => {
    await expect(hv.Msvm_ComputerSystem.get(client, vmRef('NO-SUCH-VM'))).rejects.toBeInstanceOf(CimNotFoundError);
    const noProvider = await hv.Msvm_VirtualSystemManagementService.DestroySystem(client, await serviceRef(), {
      AffectedSystem: vmRef(VM1),
    }).catch((e: unknown) => e);
    expect(noProvider).toBeInstanceOf(CimSessionError);
    expect((noProvider as CimSessionError).fault?.subcode).toBe('ActionNotSupported');
    const wrongKeys = await client.getInstance(CimReference.to('Msvm_ComputerSystem', { Name: VM1 }, { namespace: NS })).catch((e: unknown) => e);
    expect((wrongKeys as CimSessionError).fault).toMatchObject({ subcode: 'InvalidSelectors', wsmanCode: 2150858842 });
    const intruder = new WsmanSession({ url: server.url, username: 'hv-admin', password: 'nope', authentication: 'basic', namespace: NS, onWarning: () => undefined });
    const denied = await hv.Msvm_ComputerSystem.get(intruder, vmRef(VM1)).catch((e: unknown) => e);
    await intruder.close();
    expect((denied as Error).message).toContain('hv-admin');
    expect((denied as Error).message).not.toContain('nope');
  });

  it('times out a call the server cannot finish within OperationTimeout', async () => {
    store.registerProvider('Msvm_ConcreteJob', { getInstance: () => new Promise<never>(() => undefined) });
    const slow = hv.Msvm_ConcreteJob.get(client, hv.Msvm_ConcreteJob.ref({ InstanceID: 'stuck' }), { timeoutMs: 300 });
    await expect(slow).rejects.toBeInstanceOf(CimTimeoutError);
  });

  it('releases the enumeration context when the caller aborts mid-enumeration or stops early', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const aborted = (async () => {
      for await (const vm of hv.Msvm_ComputerSystem.enumerate(client, { signal: controller.signal })) {
        seen.push(vm.Name);
        controller.abort(new Error('caller gave up'));
      }
    })();
    await expect(aborted).rejects.toThrow('caller gave up');
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.length).toBeLessThan(6);
    const releases = operations.filter((o) => o.context !== undefined);
    expect(releases).toHaveLength(1);
    expect(server.enumerations).toMatchObject({ open: 0, released: 1 });

    for await (const vm of hv.Msvm_ComputerSystem.enumerate(client)) {
      expect(vm.Name).toBeDefined();
      break;
    }
    expect(operations.filter((o) => o.context !== undefined)).toHaveLength(2);
    expect(server.enumerations).toMatchObject({ open: 0, released: 2 });
  });

  it('loads the seed example of docs/runtime-api.md against the Hyper-V classes', () => {
    const doc = fs.readFileSync(path.join(root, 'docs/runtime-api.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Seed files'));
    const json = /```json\n([\s\S]*?)```/.exec(section)![1]!;
    const instances = parseSeed(json, hv.registry);
    expect(instances.map((i) => i.className)).toEqual(['Msvm_ComputerSystem', 'Msvm_SettingsDefineState']);
    expect(instances[0]!.properties['OnTimeInMilliseconds']).toBe(9007199254740993n);
    expect(instances[1]!.properties['SettingData']).toEqual(CimReference.to('Msvm_VirtualSystemSettingData', { InstanceID: 'Microsoft:VM-1' }));
  });
});

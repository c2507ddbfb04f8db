import { describe, expect, it } from 'vitest';
import { CimReference } from '../src/reference.js';
import { CimDateTime } from '../src/datetime.js';
import { CimValueError } from '../src/errors.js';

const VM = '\\\\HOST01\\root\\virtualization\\v2:Msvm_ComputerSystem.CreationClassName="Msvm_ComputerSystem",Name="6B2F1C2E-0C1A-4B8E-9F5E-2A1D3C4B5A69"';

describe('CimReference', () => {
  it('parses a Hyper-V WMI object path and prints it back exactly', () => {
    const r = CimReference.parse(VM);
    expect(r.host).toBe('HOST01');
    expect(r.namespace).toBe('root/virtualization/v2');
    expect(r.className).toBe('Msvm_ComputerSystem');
    expect(r.keys).toEqual({ CreationClassName: 'Msvm_ComputerSystem', Name: '6B2F1C2E-0C1A-4B8E-9F5E-2A1D3C4B5A69' });
    expect(r.toString()).toBe(VM);
    expect(r.toString('dmtf')).toBe('//HOST01/root/virtualization/v2:Msvm_ComputerSystem.CreationClassName="Msvm_ComputerSystem",Name="6B2F1C2E-0C1A-4B8E-9F5E-2A1D3C4B5A69"');
    expect(CimReference.parse(r.toString('dmtf')).equals(r)).toBe(true);
  });

  it('parses DMTF and relative forms', () => {
    const a = CimReference.parse('root/cimv2:CIM_X.Name="a"');
    expect([a.host, a.namespace, a.className, a.keys.Name]).toEqual([undefined, 'root/cimv2', 'CIM_X', 'a']);
    expect(a.toString()).toBe('root\\cimv2:CIM_X.Name="a"');
    expect(a.toString('dmtf')).toBe('root/cimv2:CIM_X.Name="a"');
    const b = CimReference.parse('CIM_X.Name="a"');
    expect([b.namespace, b.host]).toEqual([undefined, undefined]);
    expect(CimReference.parse('//./root/cimv2:CIM_X.Name="a"').host).toBe('.');
    expect(CimReference.parse("CIM_X.Name='it''s'".replace("''", "\\'")).keys.Name).toBe("it's");
  });

  it('escapes quotes and backslashes in string keys', () => {
    const r = CimReference.to('Msvm_X', { Path: 'C:\\VMs\\say "hi"' });
    const text = r.toString();
    expect(text).toBe('Msvm_X.Path="C:\\\\VMs\\\\say \\"hi\\""');
    expect(CimReference.parse(text).keys.Path).toBe('C:\\VMs\\say "hi"');
  });

  it('types numeric and boolean keys', () => {
    const r = CimReference.parse('Test_X.A=3,B=-7,C=18446744073709551615,D=TRUE,E=false,F=1.5');
    expect(r.keys).toEqual({ A: 3, B: -7, C: 18446744073709551615n, D: true, E: false, F: 1.5 });
    expect(CimReference.parse('Test_X.A=0x1F,B=-0x10').keys).toEqual({ A: 31, B: -16 });
    expect(r.toString()).toBe('Test_X.A=3,B=-7,C=18446744073709551615,D=TRUE,E=FALSE,F=1.5');
  });

  it('handles singletons and class paths', () => {
    const s = CimReference.parse('\\\\.\\root\\cimv2:Win32_WMISetting=@');
    expect(s.isSingleton).toBe(true);
    expect(s.isClassPath).toBe(false);
    expect(s.toString()).toBe('\\\\.\\root\\cimv2:Win32_WMISetting=@');
    const c = CimReference.parse('root/virtualization/v2:Msvm_VirtualSystemManagementService');
    expect(c.isClassPath).toBe(true);
    expect(c.toString('dmtf')).toBe('root/virtualization/v2:Msvm_VirtualSystemManagementService');
    expect(CimReference.to('X').isClassPath).toBe(true);
  });

  it('writes nested references as escaped strings and compares them as references', () => {
    const vm = CimReference.parse(VM);
    const setting = CimReference.to('Msvm_SettingsDefineState', { ManagedElement: vm, SettingData: 'Msvm_VirtualSystemSettingData.InstanceID="x"' });
    const text = setting.toString();
    expect(text).toContain('ManagedElement="\\\\\\\\HOST01\\\\root');
    const back = CimReference.parse(text);
    expect(typeof back.keys.ManagedElement).toBe('string');
    expect(CimReference.parse(back.keys.ManagedElement as string).equals(vm)).toBe(true);
    expect(back.equals(setting)).toBe(true);
  });

  it('compares class names, key names and string values case-insensitively, values canonically', () => {
    const a = CimReference.parse('root/cimv2:CIM_X.Name="a",Id=3');
    expect(a.equals(CimReference.parse('cim_x.id="3",NAME="a"'))).toBe(true);
    expect(a.equals(CimReference.parse('root/other:CIM_X.Name="a",Id=3'))).toBe(false);
    // WMI compares object paths without regard to case, key values included.
    expect(a.equals(CimReference.parse('CIM_X.Name="A",Id=3'))).toBe(true);
    expect(a.equals(CimReference.parse('CIM_X.Name="b",Id=3'))).toBe(false);
    expect(a.equals(CimReference.parse('CIM_X.Name="a",Id=4'))).toBe(false);
    expect(a.equals(CimReference.parse('CIM_X.Name="a"'))).toBe(false);
    expect(a.equals('CIM_X.Name="a",Id=3')).toBe(false);
    expect(a.key('name')).toBe('a');
    expect(CimReference.to('X', { D: CimDateTime.parse('20240501120000.000000+000') }).toString()).toBe('X.D="20240501120000.000000+000"');
  });

  it('rejects malformed paths with CimValueError', () => {
    for (const bad of ['', '\\\\HOST', '\\\\HOST\\root\\v2', '9Class.A=1', 'C.A="x', 'C.A=1,', 'C.A=1 B=2', 'C="x"', 'C.A=@', 'C.A=1,a=2', 'C.=1', 'C:D:E.A=1;', 'C.A=x y']) {
      expect(() => CimReference.parse(bad), bad).toThrow(CimValueError);
    }
    expect(() => CimReference.to('bad name')).toThrow(CimValueError);
    expect(() => CimReference.to('X', { A: Number.NaN })).toThrow(CimValueError);
    expect(() => CimReference.to('X', { A: {} as never })).toThrow(CimValueError);
  });

  it('is immutable and serializes as its path', () => {
    const r = CimReference.parse(VM);
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.isFrozen(r.keys)).toBe(true);
    expect(JSON.parse(JSON.stringify({ r }))).toEqual({ r: VM });
    expect(r.with({ host: null, namespace: 'root/x' }).toString()).toBe('root\\x:Msvm_ComputerSystem.CreationClassName="Msvm_ComputerSystem",Name="6B2F1C2E-0C1A-4B8E-9F5E-2A1D3C4B5A69"');
  });
});

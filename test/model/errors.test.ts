/**
 * One test per semantic diagnostic code of the schema model (MOF3001–MOF3199):
 * a small MOF snippet, the message, the exact span of the offending construct
 * (`line:column-line:column` in `test.mof`) and the related spans.
 */
import { describe, expect, it } from 'vitest';
import { semanticModelDiagnostics } from '../../src/diagnostics/codes/semantic.js';
import type { CompileOptions } from '../../src/model/compile.js';
import { compileText, where } from './helpers.js';

interface Case {
  readonly code: string;
  readonly options: CompileOptions;
  readonly mof: string;
  readonly expected: { severity: string; message: string; at: string; related?: string[] };
}

const cases: readonly Case[] = [
  {
    code: 'MOF3001',
    options: {},
    mof: "class A { };\nclass A { };\n",
    expected: {"severity":"error","message":"class 'A' is already declared in namespace 'root/cimv2'","at":"2:7-2:8","related":["1:7-1:8"]},
  },
  {
    code: 'MOF3002',
    options: {},
    mof: "class B : Nope { };\n",
    expected: {"severity":"error","message":"superclass 'Nope' of class 'B' is not declared in namespace 'root/cimv2'","at":"1:11-1:15"},
  },
  {
    code: 'MOF3003',
    options: {},
    mof: "class A : B { };\nclass B : A { };\n",
    expected: {"severity":"error","message":"class 'A' inherits from itself: A -> B -> A","at":"1:11-1:12","related":["2:11-2:12"]},
  },
  {
    code: 'MOF3004',
    options: {},
    mof: "class A {\n  string P;\n  uint32 P;\n};\n",
    expected: {"severity":"error","message":"property 'P' is declared more than once in class 'A'","at":"3:10-3:11","related":["2:10-2:11"]},
  },
  {
    code: 'MOF3005',
    options: {},
    mof: "class A {\n  uint32 M();\n  uint32 M();\n};\n",
    expected: {"severity":"error","message":"method 'M' is declared more than once in class 'A'","at":"3:10-3:11","related":["2:10-2:11"]},
  },
  {
    code: 'MOF3006',
    options: {},
    mof: "class A {\n  uint32 M([In] string X, [In] string X);\n};\n",
    expected: {"severity":"error","message":"parameter 'X' is declared more than once in method 'A.M'","at":"2:39-2:40","related":["2:24-2:25"]},
  },
  {
    code: 'MOF3007',
    options: {},
    mof: "class A {\n  string P;\n  uint32 P();\n};\n",
    expected: {"severity":"error","message":"'P' is both a property and a method of class 'A'","at":"3:10-3:11"},
  },
  {
    code: 'MOF3010',
    options: {},
    mof: "class A { };\nclass B : A {\n  [Override(\"P\")] string P;\n};\n",
    expected: {"severity":"error","message":"Override(\"P\") on 'P': no superclass of 'B' has a property named 'P'","at":"3:4-3:17"},
  },
  {
    code: 'MOF3011',
    options: {},
    mof: "class A {\n  string P;\n  string Q;\n};\nclass B : A {\n  [Override(\"Q\")] string P;\n};\n",
    expected: {"severity":"error","message":"Override(\"Q\") on 'P' names a different element; an overriding property keeps the name it overrides","at":"6:4-6:17"},
  },
  {
    code: 'MOF3012',
    options: {},
    mof: "class A {\n  string P;\n};\nclass B : A {\n  [Override(\"P\")] uint32 P;\n};\n",
    expected: {"severity":"error","message":"'P' overrides a property of type string with type uint32","at":"5:26-5:27","related":["2:10-2:11"]},
  },
  {
    code: 'MOF3013',
    options: {},
    mof: "class X { };\nclass Y { };\n[Association] class A {\n  X REF L;\n  X REF R;\n};\n[Association] class B : A {\n  [Override(\"L\")] Y REF L;\n};\n",
    expected: {"severity":"error","message":"reference 'L' overrides a reference to 'X' with one to 'Y', which is not a subclass of 'X'","at":"8:25-8:26","related":["4:9-4:10"]},
  },
  {
    code: 'MOF3014',
    options: {},
    mof: "class A {\n  string P;\n};\nclass B : A {\n  string P;\n};\n",
    expected: {"severity":"error","message":"the property 'P' redeclares the property inherited from 'A' without Override","at":"5:10-5:11","related":["2:10-2:11"]},
  },
  {
    code: 'MOF3015',
    options: {"dialect":"microsoft"},
    mof: "class A {\n  string P;\n};\nclass B : A {\n  string P;\n};\n",
    expected: {"severity":"warning","message":"the property 'P' redeclares the property inherited from 'A' without Override; it is taken as an override","at":"5:10-5:11","related":["2:10-2:11"]},
  },
  {
    code: 'MOF3016',
    options: {},
    mof: "class A {\n  [Key] string P;\n};\nclass B : A {\n  [Key] string P;\n};\n",
    expected: {"severity":"error","message":"key property 'P' inherited from 'A' is redeclared without Override","at":"5:16-5:17","related":["2:16-2:17"]},
  },
  {
    code: 'MOF3017',
    options: {"dialect":"microsoft"},
    mof: "class X { };\nclass Y { };\n[Association] class A {\n  X REF L;\n  X REF R;\n};\n[Association] class B : A {\n  [Override(\"L\")] Y REF L;\n};\n",
    expected: {"severity":"warning","message":"reference 'L' overrides a reference to 'X' with one to 'Y', which is not a subclass of 'X' (mofcomp accepts this)","at":"8:25-8:26","related":["4:9-4:10"]},
  },
  {
    code: 'MOF3020',
    options: {},
    mof: "[Association] class A {\n  Nope REF L;\n  A REF R;\n};\n",
    expected: {"severity":"error","message":"class 'Nope', the target of reference 'A.L', is not declared in namespace 'root/cimv2'","at":"2:3-2:7"},
  },
  {
    code: 'MOF3021',
    options: {},
    mof: "class X { };\n[Association] class A {\n  X REF L;\n};\n",
    expected: {"severity":"error","message":"association 'A' has 1 reference(s); an association needs at least two","at":"2:21-2:22"},
  },
  {
    code: 'MOF3022',
    options: {},
    mof: "class X {\n  X REF Self;\n};\n",
    expected: {"severity":"warning","message":"reference 'Self' is declared in 'X', which is not an association (allowed in the Microsoft dialect only)","at":"2:9-2:13"},
  },
  {
    code: 'MOF3023',
    options: {},
    mof: "class A {\n  [EmbeddedInstance(\"Nope\")] string P;\n};\n",
    expected: {"severity":"error","message":"class 'Nope', named by EmbeddedInstance(\"Nope\") on 'A.P', is not declared in namespace 'root/cimv2'","at":"2:4-2:28"},
  },
  {
    code: 'MOF3024',
    options: {},
    mof: "class X { };\nclass A {\n  [EmbeddedInstance(\"X\")] uint32 P;\n};\n",
    expected: {"severity":"error","message":"EmbeddedInstance on 'A.P' needs an element of type string, not uint32","at":"3:4-3:25"},
  },
  {
    code: 'MOF3030',
    options: {},
    mof: "class A {\n  string P;\n};\ninstance of A { P = \"x\"; };\n",
    expected: {"severity":"error","message":"class 'A' has instances but no key property","at":"4:13-4:14"},
  },
  {
    code: 'MOF3031',
    options: {},
    mof: "class A {\n  [Key] string P[];\n};\n",
    expected: {"severity":"error","message":"key property 'A.P' cannot be an array","at":"2:16-2:17"},
  },
  {
    code: 'MOF3050',
    options: {},
    mof: "instance of Nope { };\n",
    expected: {"severity":"error","message":"class 'Nope' is not declared in namespace 'root/cimv2'","at":"1:13-1:17"},
  },
  {
    code: 'MOF3051',
    options: {},
    mof: "class A {\n  [Key] string K;\n};\ninstance of A { K = \"k\"; Q = 1; };\n",
    expected: {"severity":"error","message":"class 'A' has no property 'Q'","at":"4:26-4:27"},
  },
  {
    code: 'MOF3052',
    options: {},
    mof: "class A {\n  [Key] string K;\n  uint32 N;\n};\ninstance of A { K = \"k\"; N = \"x\"; };\n",
    expected: {"severity":"error","message":"'A.N' is of type uint32; \"x\" is not a valid value","at":"5:30-5:33"},
  },
  {
    code: 'MOF3053',
    options: {},
    mof: "class A {\n  [Key] string K;\n  uint8 N;\n};\ninstance of A { K = \"k\"; N = 256; };\n",
    expected: {"severity":"error","message":"value 256 is out of range for 'A.N' of type uint8","at":"5:30-5:33"},
  },
  {
    code: 'MOF3054',
    options: {},
    mof: "class X {\n  [Key] string K;\n};\n[Association] class A {\n  [Key] X REF L;\n  [Key] X REF R;\n};\ninstance of A { L = $nope; R = \"X.K=\\\"1\\\"\"; };\n",
    expected: {"severity":"error","message":"alias '$nope' is not defined","at":"8:21-8:26"},
  },
  {
    code: 'MOF3055',
    options: {},
    mof: "class X {\n  [Key] string K;\n};\ninstance of X as $x { K = \"1\"; };\ninstance of X as $x { K = \"2\"; };\n",
    expected: {"severity":"error","message":"alias '$x' is already defined","at":"5:18-5:20","related":["4:18-4:20"]},
  },
  {
    code: 'MOF3056',
    options: {},
    mof: "class A {\n  [Key] string K;\n};\ninstance of A { };\n",
    expected: {"severity":"error","message":"instance of 'A' has no value for key property 'K'","at":"4:13-4:14"},
  },
  {
    code: 'MOF3057',
    options: {},
    mof: "class A {\n  [Key] string K;\n};\ninstance of A { K = \"a\"; K = \"b\"; };\n",
    expected: {"severity":"error","message":"property 'K' is given a value more than once","at":"4:26-4:27","related":["4:17-4:18"]},
  },
  {
    code: 'MOF3058',
    options: {},
    mof: "[Abstract] class A {\n  [Key] string K;\n};\ninstance of A { K = \"a\"; };\n",
    expected: {"severity":"error","message":"class 'A' is abstract; it cannot have instances","at":"4:13-4:14"},
  },
  {
    code: 'MOF3059',
    options: {},
    mof: "class X {\n  [Key] string K;\n};\nclass Y {\n  [Key] string K;\n};\n[Association] class A {\n  [Key] X REF L;\n  [Key] X REF R;\n};\ninstance of Y as $y { K = \"1\"; };\ninstance of A { L = $y; R = \"X.K=\\\"1\\\"\"; };\n",
    expected: {"severity":"error","message":"alias '$y' is an instance of 'Y', which is not a 'X' as reference 'A.L' requires","at":"12:21-12:23","related":["11:18-11:20"]},
  },
  {
    code: 'MOF3070',
    options: {},
    mof: "#pragma namespace(\"root/../x\")\n",
    expected: {"severity":"error","message":"'root/../x' is not a valid namespace name","at":"1:19-1:30"},
  },
  {
    code: 'MOF3071',
    options: {"dialect":"microsoft"},
    mof: "instance of __Namespace { };\n",
    expected: {"severity":"error","message":"an instance of __Namespace needs a string Name","at":"1:13-1:24"},
  },
  {
    code: 'MOF3080',
    options: {"dialect":"microsoft"},
    mof: "#pragma classflags(\"createonly\")\nclass A { };\nclass A { };\n",
    expected: {"severity":"error","message":"class 'A' already exists; classflags(\"createonly\") forbids changing it","at":"3:7-3:8","related":["2:7-2:8"]},
  },
  {
    code: 'MOF3081',
    options: {"dialect":"microsoft"},
    mof: "#pragma classflags(\"updateonly\")\nclass A { };\n",
    expected: {"severity":"error","message":"class 'A' does not exist; classflags(\"updateonly\") forbids creating it","at":"2:7-2:8"},
  },
  {
    code: 'MOF3082',
    options: {"dialect":"microsoft"},
    mof: "#pragma deleteclass(\"Nope\", FAIL)\n",
    expected: {"severity":"error","message":"class 'Nope' cannot be deleted: it is not declared in namespace 'root/cimv2' (add NOFAIL to allow this)","at":"1:21-1:27"},
  },
  {
    code: 'MOF3083',
    options: {"dialect":"microsoft"},
    mof: "#pragma classflags(\"sometimes\")\n",
    expected: {"severity":"error","message":"'sometimes' is not a class flag (createonly, updateonly, forceupdate, safeupdate)","at":"1:20-1:31"},
  },
  {
    code: 'MOF3084',
    options: {"dialect":"microsoft"},
    mof: "#pragma classflags(\"createonly\", \"updateonly\")\n",
    expected: {"severity":"error","message":"class flags createonly and updateonly contradict each other","at":"1:9-1:19"},
  },
  {
    code: 'MOF3085',
    options: {"dialect":"microsoft"},
    mof: "class A { };\nclass A { };\n",
    expected: {"severity":"warning","message":"class 'A' is declared again; the later declaration replaces the earlier one","at":"2:7-2:8","related":["1:7-1:8"]},
  },
  {
    code: 'MOF3086',
    options: {},
    mof: "#pragma namespace(1)\n",
    expected: {"severity":"error","message":"pragma 'namespace' expects one string, the namespace","at":"1:9-1:18"},
  },
  {
    code: 'MOF3090',
    options: {},
    mof: "#pragma namespace(\"\\\\\\\\.\\\\root\\\\test\")\nclass A { };\ninstance of __Namespace { Name = \"ms_409\"; };\n#pragma namespace(\"ms_409\")\n[Description(\"B\") : Amended, AMENDMENT, LOCALE(0x409)]\nclass B { };\n",
    expected: {"severity":"error","message":"amendment of class 'B': no class 'B' in namespace 'root/test'","at":"6:7-6:8"},
  },
  {
    code: 'MOF3091',
    options: {},
    mof: "#pragma namespace(\"\\\\\\\\.\\\\root\\\\test\")\nclass A { };\ninstance of __Namespace { Name = \"ms_409\"; };\n#pragma namespace(\"ms_409\")\n[AMENDMENT, LOCALE(0x409)]\nclass A {\n  [Description(\"N\") : Amended] string Nope;\n};\n",
    expected: {"severity":"warning","message":"amendment of class 'A': the class has no property 'Nope'","at":"7:39-7:43"},
  },
  {
    code: 'MOF3100',
    options: {"dialect":"dmtf"},
    mof: "class A {\n  object O;\n};\n",
    expected: {"severity":"error","message":"the type 'object' is a Microsoft extension, not allowed in the DMTF dialect","at":"2:3-2:9"},
  },
  {
    code: 'MOF3101',
    options: {},
    mof: "class MSFT_Port {\n  [Key] string K;\n  [ValueMap {\"1\"}, Values {\"a\", \"b\"}] uint16 Mode;\n};\n",
    expected: {"severity":"info","message":"'MSFT_Port' has Microsoft's schema prefix, but nothing in the input is mofcomp-only, so it was compiled in the DMTF dialect; if mofcomp is its compiler, compile it with --dialect microsoft","at":"1:7-1:16"},
  },
  {
    code: 'MOF3110',
    options: {},
    mof: "Qualifier Q : string, Scope(any);\nQualifier Q : uint32, Scope(any);\n",
    expected: {"severity":"error","message":"qualifier 'Q' is already declared differently in namespace 'root/cimv2'","at":"2:11-2:12","related":["1:11-1:12"]},
  },

];

describe('semantic diagnostics of the schema model', () => {
  it.each(cases.map((c) => [c.code, c] as const))('%s', (code, c) => {
    const result = compileText(c.mof, c.options);
    // Notes (info) too: MOF3101 is one.
    const found = [...result.program.diagnostics, ...result.diagnostics].filter((d) => d.code === code);
    expect(found).toHaveLength(1);
    const d = found[0]!;
    const actual: Case['expected'] = { severity: d.severity, message: d.message, at: where(d) };
    if (d.related) actual.related = d.related.map((r) => where({ ...d, span: r.span }));
    expect(actual).toEqual(c.expected);
    expect(d.span?.file).toBe('test.mof');
  });

  it('MOF3053 for reals: beyond real32, or a literal so large it reads as Infinity; a tiny one is not an error', () => {
    const result = compileText('class A {\n  [Key] string K;\n  real32 F = 3.5e38;\n  real64 D = 1.8e308;\n  real32 T = 1.0e-50;\n  real32 M = 3.4e38;\n};\n');
    expect(result.problems.map((d) => `${d.code} ${d.message} ${where(d)}`)).toEqual([
      "MOF3053 value 3.5e38 is out of range for 'A.F' of type real32 3:14-3:20",
      "MOF3053 value 1.8e308 is out of range for 'A.D' of type real64 4:14-4:21",
    ]);
    const properties = result.repository.namespaces[0]!.classes[0]!.properties;
    expect(properties.map((p) => [p.name, p.default])).toEqual([['K', null], ['F', null], ['D', null], ['T', 1e-50], ['M', 3.4e38]]);
  });

  it('MOF3052 for datetimes: fields out of range (DSP0004), a day the month does not have; unknown (*) fields are not checked', () => {
    const values = [
      '20241301000000.000000+000', // month 13
      '20240230000000.000000+000', // 30 February
      '21000229000000.000000+000', // 2100 is not a leap year
      '20240131240000.000000+000', // hour 24
      '00000001006000.000000:000', // interval: minute 60
      '****0230******.******+***', // no February has a 30th
      '20240229000000.000000+000',
      '2024013100000*.******+000',
      '99999999235959.999999:000',
      '20240131123456.123456-999',
    ];
    const mof = `class A {\n  [Key] string K;\n${values.map((v, i) => `  datetime D${i} = "${v}";\n`).join('')}};\n`;
    const rejected = compileText(mof).problems.map((d) => (d.code === 'MOF3052' ? /'A\.D(\d+)'/.exec(d.message)![1] : d.code));
    expect(rejected).toEqual(['0', '1', '2', '3', '4', '5']);
  });

  it('has a test for every code it owns', () => {
    const owned = Object.values(semanticModelDiagnostics).map((d) => d.code).sort();
    expect(cases.map((c) => c.code).sort()).toEqual(owned);
  });

  it('defines each code once, in MOF3001–MOF3199', () => {
    const codes = Object.values(semanticModelDiagnostics).map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(Number(code.slice(3))).toSatisfy((n: number) => n >= 3001 && n <= 3199);
  });
});

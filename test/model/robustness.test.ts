/**
 * Damaged real schemas through every stage after the parser: whatever the edit,
 * compiling gives a model and diagnostics, the model serializes, the diagnostics
 * render, and a model without errors renders a package — never an exception.
 * (The parser's own fuzz tests are in test/ast/robustness.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderPackage } from '../../src/codegen/render.js';
import { renderHuman } from '../../src/diagnostics/render-human.js';
import { modelToJson } from '../../src/model/compile.js';
import { seededRandom as random } from '../helpers/random.js';
import { compileText } from './helpers.js';


const dmtf = 'fixtures/dmtf/cim-schema-2.49.0/';
/** DMTF's qualifier declarations and a few Core classes (DMTF dialect). */
const DMTF_BASE = [
  'qualifiers.mof',
  ...['ManagedElement', 'ManagedSystemElement', 'LogicalElement', 'EnabledLogicalElement', 'Job', 'ConcreteJob', 'Component'].map((name) => `Core/CIM_${name}.mof`),
]
  .map((file) => readFileSync(dmtf + file, 'utf8'))
  .join('\n');
/** Hyper-V's schema cut at its top-level statements (Microsoft dialect: pragmas, WMI qualifiers, amendments). */
const HYPERV_STATEMENTS = readFileSync('fixtures/hyperv/WindowsVirtualization.V2.mof', 'utf8').split(/\n(?=\[|class |instance |#pragma|Qualifier )/);

const WORDS = [
  'class', 'instance of', 'Qualifier', 'REF', '[Key]', '[Override("Name")]', '[ValueMap{"1..", "..", "0x10", "x"}, Values{"a"}]', '[In(false), Out]',
  '[EmbeddedInstance("Nope")]', 'uint64', 'string', 'object', 'void', '"20240101******.000000+000"', '{', '}', ';', ':', '=', '$a', 'as $a', 'null',
  '-1', '0x8000000000000000', '18446744073709551616', '__proto__', 'constructor', '#pragma namespace("\\\\\\\\.\\\\root\\\\x")', '#pragma amendment',
  '[Abstract]', '[Association]', '[Amendment]', 'Flavor(Amended)',
];
const TYPES = ['uint8', 'sint64', 'real32', 'char16', 'datetime', 'object', 'CIM_Job REF', 'Msvm_ComputerSystem'];

describe('damaged schemas after the parser', () => {
  it('compile, serialize, render their diagnostics and generate without throwing', () => {
    const next = random(20261201);
    const pick = <T,>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
    let generated = 0;
    for (let run = 0; run < 150; run++) {
      let text = next() < 0.5 ? Array.from({ length: 1 + Math.floor(next() * 15) }, () => pick(HYPERV_STATEMENTS)).join('\n') : DMTF_BASE;
      for (let edit = 1 + Math.floor(next() * 6); edit > 0; edit--) {
        const at = Math.floor(next() * text.length);
        const kind = next();
        if (kind < 0.3) text = `${text.slice(0, at)} ${pick(WORDS)} ${text.slice(at)}`;
        else if (kind < 0.5) text = text.slice(0, at) + text.slice(at + Math.floor(next() * 40));
        else if (kind < 0.7) {
          const from = Math.floor(next() * text.length);
          text = text.slice(0, at) + text.slice(from, from + Math.floor(next() * 300)) + text.slice(at);
        } else if (kind < 0.85) text = text.replace(/\b(uint32|uint16|string|boolean)\b/, pick(TYPES));
        else text = text.replace(/class (\w+) : (\w+)/, (_all, name: string, superclass: string) => `class ${name} : ${pick([name, superclass, 'CIM_Nope', '__SystemClass'])}`);
      }
      const dialect = pick([undefined, 'dmtf', 'microsoft'] as const);
      const where = `run ${run}`;
      const compiled = compileText(text, dialect ? { dialect } : {});
      expect(() => JSON.parse(modelToJson(compiled.repository)), where).not.toThrow();
      const sources = new Map([...compiled.program.files.values()].map((file) => [file.source.path, file.source]));
      expect(() => renderHuman([...compiled.program.diagnostics, ...compiled.diagnostics], (path) => sources.get(path)), where).not.toThrow();
      if (compiled.problems.some((d) => d.severity === 'error')) continue;
      const rendered = renderPackage(compiled.repository, { packageName: 'damaged', packageVersion: '0.0.0', header: '// damaged' });
      if (rendered.files.length > 0) generated++;
    }
    // Some edits leave a schema that still generates: the code generator was reached.
    expect(generated).toBeGreaterThan(0);
  });
});

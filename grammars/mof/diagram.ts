/**
 * Writes `grammars/mof/diagram.html`, the railroad diagram of the MOF grammar
 * (`npm run grammar:diagram`, after a build). Run from the repository root.
 */
import { writeFileSync } from 'node:fs';
import { createSyntaxDiagramsCode } from 'chevrotain';
import { MofParser } from './parser.js';

const outputPath = 'grammars/mof/diagram.html';
const grammar = new MofParser().getSerializedGastProductions();
writeFileSync(outputPath, createSyntaxDiagramsCode(grammar));
console.log(`wrote ${outputPath}`);

#!/usr/bin/env node
// The floor under `mofc parse|check|compile` of a schema: a Node process that does the least
// any MOF compiler must do, read every file and split it into tokens, with one regular
// expression and nothing else (no AST, no includes, no diagnostics). bench/process.js runs
// it in the same run as mofc and prints mofc's times as multiples of it.
//
// Usage: node bench/floor.js [dir]   (default: the DMTF CIM Schema 2.49 under fixtures/dmtf)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.argv[2] ?? fileURLToPath(new URL('../fixtures/dmtf/cim-schema-2.49.0', import.meta.url));

// One alternative per MOF token class: white space, comments, strings, char16 literals,
// numbers, names (with `$alias` and `#pragma`), punctuation, and any other character.
const TOKEN =
  /[ \t\r\n\f\v\uFEFF]+|\/\/[^\r\n]*|\/\*[\s\S]*?(?:\*\/|$)|"(?:[^"\\\r\n]|\\.)*"?|'(?:[^'\\\r\n]|\\.)*'?|[+-]?(?:0[xX][0-9A-Fa-f]+|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)[A-Za-z]*|[$#]?[A-Za-z_\u0080-\uFFEF][A-Za-z0-9_\u0080-\uFFEF]*|[{}[\]();,:=.]|[^]/g;

let files = 0;
let bytes = 0;
let tokens = 0;
for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.toLowerCase().endsWith('.mof')) continue;
  const content = readFileSync(join(entry.parentPath, entry.name));
  const text = content.toString('utf8');
  files += 1;
  bytes += content.length;
  TOKEN.lastIndex = 0;
  while (TOKEN.exec(text) !== null) tokens += 1;
}
process.stdout.write(`${JSON.stringify({ files, bytes, tokens })}\n`);

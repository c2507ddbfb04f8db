/**
 * Docs that stay true: every relative link in the Markdown files (docs/,
 * READMEs, decision records) resolves to a file in the repository, headings
 * named by `#anchors` exist, and every `docs/…`/`fixtures/…`-style path named
 * in a source comment exists. The repository stands alone, so nothing points
 * at the data folder the project was started from.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

/** Files in the repository as git sees them (tracked, or new and not ignored). */
function repositoryFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 256 << 20 });
  return out.split('\0').filter((f) => f !== '' && fs.existsSync(path.join(root, f)));
}

const files = repositoryFiles();
const markdown = files.filter((f) => f.endsWith('.md') && !f.startsWith('fixtures/dmtf/') && !f.startsWith('generated/'));
const sources = files.filter((f) => /\.(ts|js|mjs)$/.test(f) && !f.startsWith('generated/') && !f.startsWith('fixtures/') && !f.includes('/dist/'));

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function headings(file: string): Set<string> {
  const text = fs.readFileSync(path.join(root, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)].map((m) => anchorOf(m[1]!)));
}

/** `[text](target)` links outside code blocks and inline code. */
function markdownLinks(text: string): string[] {
  const prose = text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]!);
}

describe('relative links', () => {
  it('in Markdown files resolve to files and headings that exist', () => {
    const broken: string[] = [];
    for (const file of markdown) {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      for (const link of markdownLinks(text)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // http:, https:, mailto:
        const [target, anchor] = link.split('#') as [string, string | undefined];
        const resolved = target === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURI(target)));
        if (resolved.startsWith('..') || !fs.existsSync(path.join(root, resolved))) {
          broken.push(`${file}: ${link} (no such file)`);
          continue;
        }
        if (anchor && resolved.endsWith('.md') && !headings(resolved).has(anchor.toLowerCase())) {
          broken.push(`${file}: ${link} (no such heading)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('named in source comments point at files that exist', () => {
    const broken: string[] = [];
    const named = /(?:^|[\s(`'"])((?:docs|fixtures|examples|bench|scripts|grammars)\/[\w./-]*\w\.(?:md|mof|mfl|json|ts|js|mjs|html))\b/g;
    for (const file of sources) {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      const comments = [...text.matchAll(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g)].map((m) => m[0]).join('\n');
      for (const m of comments.matchAll(named)) {
        const target = m[1]!;
        if (target.includes('*') || target.includes('<')) continue;
        if (!fs.existsSync(path.join(root, target))) broken.push(`${file}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('never leave the repository for the data it was started from', () => {
    const outside = /\.\.\/shared\/|\bshared\/(?:DESIGN|PERFORMANCE)\.md|\bshared\/(?:fixtures|cim-schema|docs)\//;
    const offenders = [...markdown, ...sources].filter((file) => !file.startsWith('test/') && outside.test(fs.readFileSync(path.join(root, file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});

/**
 * Text from an exercise file reads as written in every Markdown output (worked solution, question
 * sheet, errata page), and carries no markup of its own: no HTML, no link (a `javascript:` one
 * least of all), no emphasis, code, strike-through, math or heading. Checked by rendering the
 * output with markdown-it, a CommonMark renderer independent of backstep, set up as a permissive
 * site generator would be (raw HTML passed through), and reading back the rendered text.
 */
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const md = new MarkdownIt({ html: true, linkify: false });

const TITLE = 'Loss *of* _x_ [click](javascript:alert(1)) ![i](x.png) $y$ ~~z~~ `c` <b>b</b> & \\n';
const DESCRIPTION = [
  '# not a heading',
  'see [r] and <https://evil.example> and **bold** and __this__',
  '[r]: javascript:alert(2)',
  'a_1 * b_2 = $5 and $6 \\(x\\)',
];
const WHERE = 'page [3](javascript:alert(3)) *eq.* <i>1</i>';
const NOTE = "the book's _typo_ [here](javascript:alert(4))";

const SOURCE = 'Notes *v2* [s](javascript:alert(5))';

const FILE = `id: md-literal
title: ${JSON.stringify(TITLE)}
description: ${JSON.stringify(DESCRIPTION.join('\n'))}
source:
  title: ${JSON.stringify(SOURCE)}
  document: notes.txt
graph:
  function: f
  inputs: { x: 0.5 }
  nodes:
    g: x^2
steps:
  g:
    printed: 0.4
    where: ${JSON.stringify(WHERE)}
    erratum: ${JSON.stringify(NOTE)}
`;

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'" };
const decode = (html: string) => html.replace(/&(lt|gt|amp|quot|#39);/g, (_, e: string) => ENTITIES[e]!);
/** Tags in rendered HTML, by name. */
const tags = (html: string) => [...html.matchAll(/<([a-z][a-z0-9]*)\b/g)].map((m) => m[1]!);

async function output(args: string[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'backstep-md-'));
  writeFileSync(join(dir, 'md.yaml'), FILE);
  const r = await runCli([...args, 'md.yaml'], { cwd: dir });
  expect(r.stderr).toBe('');
  // verify: the printed 0.4 is a known erratum (x^2 = 0.25), reported as acknowledged.
  expect(r.code).toBe(0);
  return md.render(r.stdout);
}

describe('file text in Markdown output reads as written', () => {
  for (const args of [
    ['solve', '--format', 'markdown'],
    ['solve', '--blank', '--format', 'markdown'],
    ['verify', '--format', 'markdown'],
  ]) {
    it(args.join(' '), async () => {
      const html = await output(args);
      // The title is the page's only heading of level 1, and it holds nothing but text.
      const h1 = [...html.matchAll(/<h1>(.*?)<\/h1>/gs)].map((m) => m[1]!);
      expect(h1).toHaveLength(1);
      expect(tags(h1[0]!)).toEqual([]);
      expect(decode(h1[0]!)).toBe(args[0] === 'verify' ? `Errata: ${TITLE}` : TITLE);
      // Every piece of file text is found whole in the rendered text: markup would have eaten
      // its brackets, stars, underscores, tildes, backticks or dollars.
      const text = decode(html.replace(/<[^>]*>/g, ''));
      // (The errata page leaves the description out.)
      const pieces = args[0] === 'verify' ? [TITLE, SOURCE, WHERE, NOTE] : [TITLE, ...DESCRIPTION, SOURCE];
      for (const piece of pieces) expect(text, html).toContain(piece);
      // No link, image or raw tag at all (the program's own markup is emphasis, tables, code).
      for (const t of ['a', 'img', 'b', 'i', 's', 'del', 'script'])
        expect(tags(html), `<${t}> in\n${html}`).not.toContain(t);
      if (args[0] !== 'verify') {
        // The description: one paragraph of plain text, its lines as written.
        const p = /<p>(# not a heading.*?)<\/p>/s.exec(html)?.[1];
        expect(p, html).toBeDefined();
        expect(tags(p!)).toEqual([]);
        expect(decode(p!)).toBe(DESCRIPTION.join('\n'));
      }
    });
  }
});

/** Block syntax in a description: each line would open a heading, table, code block, list or quote. */
const BLOCKS = [
  'A setext heading',
  '===',
  '| step | answer |',
  '|---|---|',
  '| z_C | 0.99 |',
  '- a list item',
  '+ another',
  '* and another',
  '1. first',
  '2) second',
  '> a quote',
  '---',
  '~~~',
  'fenced',
  '~~~',
  '<div>html block</div>',
  'two trailing spaces  ',
  'end',
  '',
  '    indented code',
  '\tand a tab',
];

const BLOCK_FILE = `id: md-blocks
title: Blocks
description: ${JSON.stringify(BLOCKS.join('\n'))}
graph:
  function: f
  inputs: { x: 0.5 }
  nodes:
    g: x^2
`;

describe('block syntax in file text is inert in Markdown', () => {
  for (const args of [
    ['solve', '--format', 'markdown'],
    ['solve', '--blank', '--format', 'markdown'],
  ]) {
    it(args.join(' '), async () => {
      const dir = mkdtempSync(join(tmpdir(), 'backstep-md-'));
      writeFileSync(join(dir, 'b.yaml'), BLOCK_FILE);
      const r = await runCli([...args, 'b.yaml'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      const html = md.render(r.stdout);
      // The description: the paragraphs between the title and backstep's own next line.
      const region = /<\/h1>\n([\s\S]*?)<p>(?:Values are shown|Give each answer)/.exec(html)?.[1];
      expect(region, html).toBeDefined();
      const paragraphs = [...region!.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => m[1]!);
      // Only paragraphs, holding no tag at all: no heading, table, list, quote, rule or code.
      expect(region!.replace(/<p>[\s\S]*?<\/p>\n?/g, '')).toBe('');
      for (const p of paragraphs) expect(tags(p), p).toEqual([]);
      // Read back: the description as written (its blank line separates the two paragraphs).
      expect(paragraphs.map(decode).join('\n\n')).toBe(BLOCKS.join('\n'));
      for (const t of ['h2', 'table', 'ul', 'ol', 'blockquote', 'pre', 'hr', 'div'])
        expect(tags(region!), t).not.toContain(t);
    });
  }
});

describe('variant seeds carry no markup in Markdown', () => {
  it("variants --seeds '[x](https://evil.example/),<script>,**b**'", async () => {
    const seeds = ['[x](https://evil.example/)', '<script>', '**b**'];
    const r = await runCli([
      'variants',
      'two-two-one-network',
      '--seeds',
      seeds.join(','),
      '--format',
      'markdown',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const html = md.render(r.stdout);
    for (const t of ['a', 'script', 'strong', 'em']) expect(tags(html), t).not.toContain(t);
    const text = decode(html.replace(/<[^>]*>/g, ''));
    for (const s of seeds) {
      expect(text).toContain(`Seed ${s}`);
      // The seed is the first cell of its row in the table of given values.
      expect(html).toContain(
        `<td style="text-align:right">${s.replace(/</g, '&lt;').replace(/>/g, '&gt;')}</td>`,
      );
    }
  });
});

describe('notation symbols carry no markup in Markdown', () => {
  const file = new URL('./fixtures/markup/notation-and-text.yaml', import.meta.url).pathname;
  for (const [args, cells] of [
    [['solve', '--format', 'markdown'], 2],
    [['solve', '--blank', '--format', 'markdown'], 3],
  ] as Array<[string[], number]>) {
    it(args.join(' '), async () => {
      const r = await runCli([...args, file]);
      expect(r.code, r.stderr).toBe(0);
      // Math spans as a math-aware renderer (GitHub, KaTeX, MathJax) takes them: whole, before
      // Markdown. Inside, nothing a browser reads as a tag and no pipe that ends a table cell.
      const spans = r.stdout.match(/\$\$[^$]*\$\$|\$[^$\n]*\$/g) ?? [];
      expect(spans.length).toBeGreaterThan(20);
      for (const m of spans) {
        expect(m).not.toMatch(/<[A-Za-z/!?]/);
        expect(m).not.toContain('|');
      }
      const html = md.render(r.stdout.replace(/\$\$[^$]*\$\$|\$[^$\n]*\$/g, 'MATH'));
      // A symbol `<script>`, `[a](b)`, `*b*` or `a|b`: no tag, link or emphasis comes of it.
      for (const t of ['script', 'a', 'x']) expect(tags(html), t).not.toContain(t);
      expect(html).not.toMatch(/<(em|strong)>b<\/(em|strong)>/);
      // The Given table keeps its columns: a `|` in a symbol does not split a row.
      const given = /<h2>Given<\/h2>\n<table>([\s\S]*?)<\/table>/.exec(html)?.[1];
      expect(given, html).toBeDefined();
      const rows = [...given!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!);
      expect(rows.length).toBe(10);
      for (const row of rows) expect(row.match(/<t[dh]\b/g)?.length, row).toBe(cells);
    });
  }
});

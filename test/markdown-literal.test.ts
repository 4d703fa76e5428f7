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

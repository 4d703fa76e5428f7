/**
 * `backstep export --format canvas`: the zip is read back by a reader written here from the zip
 * specification (PKWARE APPNOTE 4.3: central directory, local headers, CRC-32 checked), and each
 * assessment is read the way Canvas reads a numerical question. Canvas runs the QTI Migration
 * Tool on the package (QTI 1.2 to 2.1: <varequal> becomes stringMatch, <vargte>/<varlte> become
 * customOperator vargte/varlte), then canvas-lms numeric_interaction.rb takes, for each
 * condition with an <or>, the exact answer from the string match and the margin as the varlte
 * bound minus it (BigDecimal), and assessment_item_converter.rb picks that reader by the
 * `question_type` metadata `numerical_question`. The test mirrors that reading on the QTI 1.2
 * elements the tool converts one for one; test/fixtures/lms-import/canvas_check.py runs the
 * real tool (a manual check: it needs a clone of it and lxml).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { decimalAt } from '../src/engine/numbers.js';
import { runCli } from './helpers/run-cli.js';

const D = decimalAt(100);
const quizReference = (
  JSON.parse(readFileSync(new URL('./fixtures/quiz-reference.json', import.meta.url), 'utf8')) as Record<
    string,
    Record<string, { uses: Record<string, string>; value: string }>
  >
)['two-two-one-network']!;

/** The files of a zip, by name, from its central directory, each checked against its CRC-32. */
function unzip(buf: Buffer): Map<string, string> {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(end).toBe(buf.length - 22);
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(at)).toBe(0x02014b50);
    const method = buf.readUInt16LE(at + 10);
    const crc = buf.readUInt32LE(at + 16);
    const packed = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    expect(buf.readUInt32LE(local)).toBe(0x04034b50);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + packed);
    const data = method === 8 ? inflateRawSync(raw) : raw;
    expect(data.length).toBe(size);
    expect(crc32(data)).toBe(crc);
    files.set(name, data.toString('utf8'));
    at += 46 + nameLength + extra + comment;
  }
  return files;
}

type Node = Record<string, unknown>;
const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  isArray: (name) => ['item', 'respcondition', 'qtimetadatafield', 'resource'].includes(name),
});

interface CanvasQuestion {
  title: string;
  type: string;
  html: string;
  answers: Array<{ exact: string; margin: string }>;
}

/** An assessment as Canvas reads it: each item's type, text and (exact, margin) answers. */
function readAssessment(xml: string): CanvasQuestion[] {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = parser.parse(xml) as { questestinterop: { assessment: { section: { item: Node[] } } } };
  return doc.questestinterop.assessment.section.item.map((item) => {
    const fields = (item.itemmetadata as { qtimetadata: { qtimetadatafield: Node[] } }).qtimetadata
      .qtimetadatafield;
    const type = String(fields.find((f) => f.fieldlabel === 'question_type')!.fieldentry);
    const html = String(
      ((item.presentation as Node).material as { mattext: { '#text': string } }).mattext['#text'],
    );
    const conditions = ((item.resprocessing as Node | undefined)?.respcondition ?? []) as Node[];
    const answers = conditions
      .map((c) => (c.conditionvar as Node).or as Node | undefined)
      .filter((or) => or !== undefined)
      .map((or) => {
        const exact = String((or.varequal as Node)['#text']);
        const upper = String(((or.and as Node).varlte as Node)['#text']);
        // margin = BigDecimal(upper) - BigDecimal(exact), as numeric_interaction.rb
        return { exact, margin: new D(upper).minus(exact).toFixed() };
      });
    return { title: String(item['@_title']), type, html, answers };
  });
}

async function canvasExport(args: string[]): Promise<Map<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'backstep-canvas-'));
  const r = await runCli(['export', ...args, '--format', 'canvas', '--out', 'quiz.zip'], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toBe('');
  return unzip(readFileSync(join(dir, 'quiz.zip')));
}

describe('backstep export --format canvas', () => {
  it('two-two-one-network: a content package whose numerical questions carry the mpmath answers with their margins', async () => {
    const files = await canvasExport(['two-two-one-network']);
    const manifest = parser.parse(files.get('imsmanifest.xml')!) as {
      manifest: { resources: { resource: Node[] } };
    };
    const resources = manifest.manifest.resources.resource;
    expect(resources.map((r) => r['@_type'])).toEqual(['imsqti_xmlv1p2']);
    const href = String((resources[0]!.file as Node)['@_href']);
    expect([...files.keys()].sort()).toEqual(['imsmanifest.xml', href].sort());
    const [about, ...questions] = readAssessment(files.get(href)!);
    expect(about!.type).toBe('text_only_question');
    expect(about!.answers).toEqual([]);
    expect(questions).toHaveLength(41);
    for (const q of questions) {
      expect(q.type).toBe('numerical_question');
      const ref = quizReference[q.title.slice(q.title.lastIndexOf(': ') + 2)]!;
      const value = new D(ref.value);
      const shown = value.toDecimalPlaces(4, D.ROUND_HALF_UP);
      // The first answer is the value as shown; every answer holds the value, within a unit.
      expect(new D(q.answers[0]!.exact).eq(shown), q.title).toBe(true);
      for (const a of q.answers) {
        expect(
          value.minus(a.exact).abs().lte(a.margin),
          `${q.title}: ${ref.value} vs ${a.exact} +- ${a.margin}`,
        ).toBe(true);
        expect(new D(a.margin).lte('0.0001')).toBe(true);
        expect(new D(a.margin).gte('0.00004')).toBe(true);
      }
      for (const [k, v] of Object.entries(ref.uses)) expect(q.html).toContain(`<li>${k} = ${v}</li>`);
    }
  });

  it('one assessment per variant, the same answers as the Moodle XML export', async () => {
    const files = await canvasExport(['one-hidden-node', '--count', '2']);
    expect(files.size).toBe(3);
    const r = await runCli(['export', 'one-hidden-node', '--count', '2']);
    const moodle = [...r.stdout.matchAll(/<text>([^<]*)<\/text>\n\s*<tolerance>([^<]*)<\/tolerance>/g)].map(
      (m) => `${m[1]} +- ${m[2]}`,
    );
    const canvas = [...files.entries()]
      .filter(([name]) => name !== 'imsmanifest.xml')
      .sort(([a], [b]) =>
        files.get('imsmanifest.xml')!.indexOf(a) < files.get('imsmanifest.xml')!.indexOf(b) ? -1 : 1,
      )
      .flatMap(([, xml]) =>
        readAssessment(xml).flatMap((q) => q.answers.map((a) => `${a.exact} +- ${a.margin}`)),
      );
    expect(canvas).toEqual(moodle);
  });

  it('needs --out, and never writes over a file (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backstep-canvas-'));
    const bare = await runCli(['export', 'one-hidden-node', '--format', 'canvas'], { cwd: dir });
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('--out FILE.zip');
    expect((await runCli(['export', 'one-hidden-node', '--out', 'q.xml'], { cwd: dir })).code).toBe(0);
    const again = await runCli(['export', 'one-hidden-node', '--out', 'q.xml'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('q.xml: it already exists');
  });
});

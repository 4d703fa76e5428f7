/**
 * A zip archive of text files, deflated, as an LMS reads a content package (Canvas's QTI
 * import). The format (PKWARE APPNOTE.TXT 6.3.x, sections 4.3 and 4.4): for each file a local
 * header and its data, then a central directory and its end record. No zip64 (a package is
 * bounded far below 4 GiB by authoring/quiz-limits.ts), no encryption, names in UTF-8 (flag bit
 * 11). node:zlib gives the deflate stream and the CRC-32; nothing else is needed.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  readonly path: string;
  readonly text: string;
}

const UTF8_NAMES = 0x0800;
const DEFLATE = 8;
/** 1980-01-01 00:00, the earliest DOS date: a fixed time keeps the archive the same on every run. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

export function zip(entries: readonly ZipEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.path, 'utf8');
    const data = Buffer.from(e.text, 'utf8');
    const packed = deflateRawSync(data);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    shared(local, 4, crc, packed.length, data.length, name.length);
    // no extra field
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4); // made by: 2.0, MS-DOS attributes
    shared(dir, 6, crc, packed.length, data.length, name.length);
    // extra, comment, disk number, internal and external attributes: all 0
    dir.writeUInt32LE(offset, 42);
    parts.push(local, name, packed);
    central.push(dir, name);
    offset += local.length + name.length + packed.length;
  }
  const dirSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}

/**
 * The fields a local header (from byte 4) and a central directory entry (from byte 6) share:
 * version needed (2.0, deflate), flags, method, time, date, CRC-32, sizes and name length.
 */
function shared(b: Buffer, at: number, crc: number, packed: number, size: number, name: number): void {
  b.writeUInt16LE(20, at);
  b.writeUInt16LE(UTF8_NAMES, at + 2);
  b.writeUInt16LE(DEFLATE, at + 4);
  b.writeUInt16LE(DOS_TIME, at + 6);
  b.writeUInt16LE(DOS_DATE, at + 8);
  b.writeUInt32LE(crc, at + 10);
  b.writeUInt32LE(packed, at + 14);
  b.writeUInt32LE(size, at + 18);
  b.writeUInt16LE(name, at + 22);
}

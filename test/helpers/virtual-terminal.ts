/**
 * A terminal for the tests of the terminal loop: records every write, and keeps the screen a
 * person would see by interpreting the few codes the program writes (line feed, carriage
 * return, cursor up, clear to the end of the screen, clear screen and home; styles are read
 * past). Lines that scroll off the top go to `scrollback`. Independent of src/ui: written from
 * the ECMA-48 meaning of each code.
 */
import { EventEmitter } from 'node:events';

// eslint-disable-next-line no-control-regex
const CODE = /^\u001B\[(\??)([0-9;]*)([A-Za-z])/u;

export class VirtualTerminal extends EventEmitter {
  readonly writes: string[] = [];
  readonly scrollback: string[] = [];
  screen: string[];
  row = 0;
  col = 0;
  cursorShown = true;
  readonly isTTY = true;

  constructor(
    public columns = 100,
    public rows = 30,
  ) {
    super();
    this.screen = Array.from({ length: rows }, () => '');
  }

  write = (s: string): boolean => {
    this.writes.push(s);
    for (let i = 0; i < s.length;) {
      const code = CODE.exec(s.slice(i));
      if (code) {
        this.apply(code[1]!, code[2]!, code[3]!);
        i += code[0].length;
        continue;
      }
      this.put(s[i]!);
      i++;
    }
    return true;
  };

  /** The screen as text, trailing blank lines left out. */
  text(): string {
    return this.screen
      .map((l) => l.trimEnd())
      .join('\n')
      .trimEnd();
  }

  resize(columns: number, rows: number): void {
    this.columns = columns;
    while (this.screen.length > rows) {
      this.scrollback.push(this.screen.shift()!);
      this.row = Math.max(0, this.row - 1);
    }
    while (this.screen.length < rows) this.screen.push('');
    this.rows = rows;
    this.emit('resize');
  }

  private apply(private_: string, params: string, final: string): void {
    const n = Number.parseInt(params || '1', 10);
    if (private_ === '?') {
      if (params === '25') this.cursorShown = final === 'h';
    } else if (final === 'A') this.row = Math.max(0, this.row - n);
    else if (final === 'J') {
      const from = params === '2' ? 0 : this.row;
      if (params !== '2') this.screen[this.row] = this.screen[this.row]!.slice(0, this.col);
      for (let r = params === '2' ? from : from + 1; r < this.rows; r++) this.screen[r] = '';
    } else if (final === 'H') [this.row, this.col] = [0, 0];
    else if (final !== 'm') throw new Error(`a code the program should not write: ${params}${final}`);
  }

  private put(ch: string): void {
    if (ch === '\n') {
      this.col = 0;
      if (this.row === this.rows - 1) {
        this.scrollback.push(this.screen.shift()!);
        this.screen.push('');
      } else this.row++;
    } else if (ch === '\r') this.col = 0;
    else {
      const line = this.screen[this.row]!.padEnd(this.col);
      this.screen[this.row] = line.slice(0, this.col) + ch + line.slice(this.col + 1);
      this.col++;
    }
  }
}

/** A keyboard in raw mode: the loop's listener gets what a test types. */
export class VirtualKeyboard extends EventEmitter {
  raw = false;
  setRawMode(on: boolean) {
    this.raw = on;
  }
  setEncoding() {}
  resume() {}
  pause() {}
  type(s: string): void {
    this.emit('data', s);
  }
}

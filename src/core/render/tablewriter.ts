// olekukonko/tablewriter v0.0.5 (what calicoctl v3.1x–v3.2x links) with its defaults, as
// `calicoctl node status` and `calicoctl ipam show` use it: NewWriter, SetHeader, Append, Render.
//
// Rules reproduced from table.go / util.go / wrap.go of that version:
// - borders "+-…-+" and "|", one space of padding each side of every cell;
// - a column is as wide as its widest cell; a cell wider than 30 (MAX_ROW_WIDTH) is word-wrapped onto
//   more lines with WrapWords' minimal-raggedness algorithm (a single word longer than 30 widens the
//   column instead), e.g. "Active Socket: Connection refused" → "Active Socket: Connection" / "refused";
// - headers go through Title() (upper-case, '_' → ' ') and are centred with the left gap rounded down
//   (gap 3 → 1 left, 2 right: "|  PEER ADDRESS   |");
// - data cells use ALIGN_DEFAULT: cells that look like a number ("65536", "1,024", "0.5") are
//   right-aligned, everything else left-aligned.

const MAX_ROW_WIDTH = 30;
const DEFAULT_PENALTY = 1e5;
const DECIMAL = /^-?(?:\d{1,3}(?:,\d{3})*|\d+)(?:\.\d+)?$/;

export type TableAlign = 'default' | 'left' | 'right' | 'center';

export interface TablewriterOptions {
  /** SetAlignment; 'default' is tablewriter's number-right/text-left rule */
  align?: TableAlign;
}

/** tablewriter.Title: header auto-format. */
export function title(name: string): string {
  const chars = [...name];
  const isNumOrSpace = (c: string) => /[0-9 ]/.test(c);
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] === '_') chars[i] = ' ';
    else if (chars[i] === '.') {
      // a '.' between digits (a version number) is kept
      if ((i !== 0 && !isNumOrSpace(chars[i - 1])) || (i !== chars.length - 1 && !isNumOrSpace(chars[i + 1]))) {
        chars[i] = ' ';
      }
    }
  }
  let out = chars.join('').trim();
  if (out.length === 0 && name.length > 0) out = ' ';
  return out.toUpperCase();
}

/** tablewriter.WrapWords: split words into lines of at most `lim` with minimal raggedness. */
export function wrapWords(words: string[], spc: number, lim: number, pen: number): string[][] {
  const n = words.length;
  const length: number[][] = [];
  for (let i = 0; i < n; i++) {
    length.push(new Array<number>(n).fill(0));
    length[i][i] = words[i].length;
    for (let j = i + 1; j < n; j++) length[i][j] = length[i][j - 1] + spc + words[j].length;
  }
  const nbrk = new Array<number>(n).fill(0);
  const cost = new Array<number>(n).fill(2147483647);
  for (let i = n - 1; i >= 0; i--) {
    if (length[i][n - 1] <= lim) {
      cost[i] = 0;
      nbrk[i] = n;
    } else {
      for (let j = i + 1; j < n; j++) {
        const d = lim - length[i][j - 1];
        let c = d * d + cost[j];
        if (length[i][j - 1] > lim) c += pen;
        if (c < cost[i]) {
          cost[i] = c;
          nbrk[i] = j;
        }
      }
    }
  }
  const lines: string[][] = [];
  for (let i = 0; i < n; i = nbrk[i]) lines.push(words.slice(i, nbrk[i]));
  return lines;
}

/** tablewriter.WrapString: returns the lines and the (possibly raised) limit. */
export function wrapString(s: string, lim: number): { lines: string[]; lim: number } {
  const words = s.replace(/\n/g, ' ').split(' ');
  for (const w of words) lim = Math.max(lim, w.length);
  return { lines: wrapWords(words, 1, lim, DEFAULT_PENALTY).map((l) => l.join(' ')), lim };
}

/** Pad (centre, left gap rounded down), PadRight (left-align), PadLeft (right-align). */
function padCenter(s: string, width: number): string {
  const gap = width - s.length;
  if (gap <= 0) return s;
  const left = Math.floor(gap / 2);
  return ' '.repeat(left) + s + ' '.repeat(gap - left);
}
const padRightTw = (s: string, width: number) => (s.length >= width ? s : s + ' '.repeat(width - s.length));
const padLeftTw = (s: string, width: number) => (s.length >= width ? s : ' '.repeat(width - s.length) + s);

/** Renders a table exactly as tablewriter v0.0.5 Render() does with default settings. */
export function tablewriter(headers: string[], rows: string[][], opts: TablewriterOptions = {}): string {
  const align = opts.align ?? 'default';
  const cs: number[] = headers.map(() => 0);
  // parseDimension: measure, wrap, widen the column
  const parse = (cell: string, col: number): string[] => {
    let raw = cell.split('\n');
    let maxWidth = Math.max(...raw.map((l) => l.length));
    if (maxWidth > MAX_ROW_WIDTH) maxWidth = MAX_ROW_WIDTH;
    let newMax = maxWidth;
    raw = [raw.join(' ')]; // reflow during auto-wrap (the default)
    const wrapped: string[] = [];
    for (const para of raw) {
      for (const line of wrapString(para, maxWidth).lines) {
        newMax = Math.max(newMax, line.length);
        wrapped.push(line);
      }
    }
    if (cs[col] < newMax || cs[col] === 0) cs[col] = newMax;
    return wrapped;
  };
  const head = headers.map((h, i) => parse(h, i));
  const body = rows.map((row) => {
    if (row.length !== headers.length) throw new Error('tablewriter: every row needs one cell per header');
    return row.map((cell, i) => parse(cell, i));
  });

  const border = '+' + cs.map((w) => '-'.repeat(w + 2)).join('+') + '+\n';
  let out = border;
  const headHeight = Math.max(...head.map((h) => h.length));
  for (let x = 0; x < headHeight; x++) {
    out += '|' + head.map((h, y) => ` ${padCenter(title(h[x] ?? ''), cs[y])} |`).join('') + '\n';
  }
  out += border;
  for (const row of body) {
    const height = Math.max(...row.map((c) => c.length));
    for (let x = 0; x < height; x++) {
      let line = '';
      row.forEach((cellLines, y) => {
        const str = x < cellLines.length ? cellLines[x] : '  '; // tablewriter fills short cells with "  "
        let padded: string;
        if (align === 'center') padded = padCenter(str, cs[y]);
        else if (align === 'right') padded = padLeftTw(str, cs[y]);
        else if (align === 'left') padded = padRightTw(str, cs[y]);
        else padded = DECIMAL.test(str.trim()) ? padLeftTw(str, cs[y]) : padRightTw(str, cs[y]);
        line += `| ${padded} `;
      });
      out += line + '|\n';
    }
  }
  out += border;
  return out;
}

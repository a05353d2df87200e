// Go's text/tabwriter, as calicoctl (`calicoctl get`) and kubectl (`kubectl get`) use it with the
// space pad character and no flags that change alignment. Cells are left-aligned; a column is as wide
// as its widest cell plus `padding`, and never narrower than `minwidth`.
//
// calicoctl writes every cell followed by a tab ("NAME\tCIDR\t...\tSELECTOR\t\n"), so the last column
// is padded too and every line ends in spaces (seed 001 shows them). kubectl joins cells with tabs and
// ends the line without one, so its last column is trailing text and is not padded.
//
// Only uniform tables are supported (every line has the same number of cells), which is what both
// tools print; Go's per-"column block" widths then reduce to one width per column.

export interface TabwriterOptions {
  /** tabwriter minwidth: minimal cell width including padding */
  minwidth: number;
  /** added to the widest cell of a column */
  padding: number;
  /** true when each line's last cell is followed by a tab (calicoctl), false when not (kubectl) */
  terminated: boolean;
}

/** calicoctl's printer: tabwriter.NewWriter(os.Stdout, 5, 1, 3, ' ', 0) (commands/common/printer.go). */
export const CALICOCTL_TABWRITER: TabwriterOptions = { minwidth: 5, padding: 3, terminated: true };

/** kubectl's printer: minwidth 6, tabwidth 4, padding 3, ' ' (cli-runtime printers/tabwriter.go). */
export const KUBECTL_TABWRITER: TabwriterOptions = { minwidth: 6, padding: 3, terminated: false };

/** Lays out `lines` (rows of cells) as tabwriter does; every output line ends with "\n". */
export function tabwrite(lines: string[][], opts: TabwriterOptions): string {
  if (lines.length === 0) return '';
  const cells = lines[0].length;
  for (const line of lines) {
    if (line.length !== cells) throw new Error('tabwrite: every line needs the same number of cells');
  }
  const aligned = opts.terminated ? cells : cells - 1;
  const widths: number[] = [];
  for (let col = 0; col < aligned; col++) {
    let width = opts.minwidth;
    for (const line of lines) width = Math.max(width, line[col].length + opts.padding);
    widths.push(width);
  }
  let out = '';
  for (const line of lines) {
    let text = '';
    for (let col = 0; col < cells; col++) {
      const cell = line[col];
      text += col < aligned ? cell + ' '.repeat(widths[col] - cell.length) : cell;
    }
    out += text + '\n';
  }
  return out;
}

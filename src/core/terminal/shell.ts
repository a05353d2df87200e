// The bits of a shell the seeds' write commands need: here-documents (`calicoctl apply -f - <<EOF`, `cat > f
// <<'EOF'`), an output redirection (`calicoctl get node n -o yaml > rr-node.yaml`), and splitting a script of
// such commands (a lab's reference solution, a .solution.sh file) into one entry per command. No expansion:
// the seeds' bodies are YAML, and `$` in them stays as typed (bash would expand it in an unquoted <<EOF).

/** One command as typed: its first line, the here-document body it reads as stdin, where stdout goes. */
export interface ShellCommand {
  /** the command line without the `<<WORD` and `> FILE` parts */
  line: string;
  /** the here-document's lines, each ending in "\n" (undefined: no here-document) */
  heredoc?: string;
  /** `> FILE` / `>> FILE` */
  redirect?: { file: string; append: boolean };
}

const HEREDOC = /<<(-?)\s*(?:'([^']+)'|"([^"]+)"|([A-Za-z_][A-Za-z0-9_]*))/;

/** Words outside quotes: a `<<` or `>` inside a quoted -p '{"a":">"}' is not an operator. */
function unquotedIndex(line: string, re: RegExp): RegExpExecArray | undefined {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      continue;
    }
    const m = re.exec(line.slice(i));
    if (m && m.index === 0) {
      const found = m as RegExpExecArray;
      found.index = i;
      return found;
    }
  }
  return undefined;
}

/** The here-document delimiter a first line opens, if any (and whether `<<-` strips leading tabs). */
export function heredocOf(firstLine: string): { word: string; strip: boolean; at: number; length: number } | undefined {
  const m = unquotedIndex(firstLine, new RegExp(HEREDOC.source));
  if (!m) return undefined;
  return { word: m[2] ?? m[3] ?? m[4], strip: m[1] === '-', at: m.index, length: m[0].length };
}

/** True while a typed text still waits for its here-document's closing word (the terminal keeps reading). */
export function needsMoreLines(text: string): boolean {
  const lines = text.split('\n');
  const h = heredocOf(lines[0]);
  if (!h) return false;
  return !lines.slice(1).some((l) => (h.strip ? l.replace(/^\t+/, '') : l) === h.word);
}

/**
 * Parses one command (its first line and, when it opens a here-document, the lines up to the closing word).
 * Returns the command and how many lines it used.
 */
export function parseCommand(lines: readonly string[], start = 0): { cmd: ShellCommand; used: number } {
  let line = lines[start] ?? '';
  let used = 1;
  let heredoc: string | undefined;
  const h = heredocOf(line);
  if (h) {
    line = (line.slice(0, h.at) + line.slice(h.at + h.length)).trim();
    const body: string[] = [];
    let i = start + 1;
    for (; i < lines.length; i++) {
      const l = h.strip ? lines[i].replace(/^\t+/, '') : lines[i];
      if (l === h.word) break;
      body.push(l);
    }
    used = Math.min(i + 1, lines.length) - start;
    heredoc = body.map((l) => `${l}\n`).join('');
  }
  let redirect: ShellCommand['redirect'];
  const r = unquotedIndex(line, /(>>?)\s*([^\s|<>]+)\s*$/);
  if (r) {
    redirect = { file: r[2], append: r[1] === '>>' };
    line = line.slice(0, r.index).trim();
  }
  return { cmd: { line: line.trim(), ...(heredoc !== undefined ? { heredoc } : {}), ...(redirect ? { redirect } : {}) }, used };
}

/**
 * A script → its commands, each as the text a learner would type (first line plus here-document lines),
 * without blank lines and `#` comments. A trailing `\` joins a line with the next, as in a shell.
 */
export function splitScript(text: string): string[] {
  const raw = text.replace(/\r\n/g, '\n').split('\n');
  const lines: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    let l = raw[i];
    while (/\\$/.test(l) && i + 1 < raw.length && !heredocOf(l)) l = l.slice(0, -1) + raw[++i].replace(/^\s+/, ' ');
    lines.push(l);
  }
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    const t = lines[i].trim();
    if (t === '' || t.startsWith('#')) {
      i++;
      continue;
    }
    const { used } = parseCommand(lines, i);
    out.push(lines.slice(i, i + used).join('\n').replace(/^\s+/, ''));
    i += used;
  }
  return out;
}

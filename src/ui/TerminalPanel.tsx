// Terminal (lazy chunk): a shell on any node, pod or underlay router. Parsing and output are core/terminal's runCommand (the
// same renderers as the CLI); this is only the screen, the prompt, the history (↑/↓), the lines of a here-document
// (`calicoctl apply -f - <<EOF` … `EOF`, with bash's "> " prompt) and the file area. A write command's new
// cluster goes through the store's one edit path (undoable; its diff shows on the route panels).
import { useEffect, useRef, useState } from 'react';
import { useLab, useLabStore } from './LabContext';
import { promptFor, runCommand, type TerminalTarget } from '../core/terminal';
import { needsMoreLines } from '../core/terminal/shell';
import { useT } from '../i18n/react';

interface Entry {
  prompt: string;
  line: string;
  out: string;
  exit: number;
}

export default function TerminalPanel() {
  const state = useLab((s) => s.state);
  const walk = useLab((s) => s.walk);
  const store = useLabStore();
  // a here-document being typed: the lines so far (the command runs once its closing word arrives)
  const [pending, setPending] = useState<string[]>([]);
  const [files, setFiles] = useState<Record<string, string>>({});
  const tr = useT();
  const [target, setTarget] = useState(() => `node:${state.nodes[0]?.name ?? ''}`);
  const [entries, setEntries] = useState<Entry[]>([]);
  const [line, setLine] = useState('');
  const [history, setHistory] = useState<string[]>([]);
  const [hpos, setHpos] = useState(-1);
  const screenRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  const routers = state.scenario.topology.routers;
  const t: TerminalTarget = target.startsWith('pod:') ? { pod: target.slice(4) } : target.startsWith('router:') ? { router: target.slice(7) } : { node: target.slice(5) };
  const exists = 'node' in t ? state.nodes.some((n) => n.name === t.node) : 'router' in t ? routers.some((r) => r.name === t.router) : state.pods.some((p) => `${p.namespace}/${p.name}` === t.pod);
  useEffect(() => {
    if (!exists) setTarget(`node:${state.nodes[0]?.name ?? ''}`);
  }, [exists, state]);
  useEffect(() => {
    screenRef.current?.scrollTo({ top: screenRef.current.scrollHeight });
  }, [entries]);

  const prompt = promptFor(t);
  const pmtu = useRef<{ state: unknown; map: Map<string, number> }>({ state: undefined, map: new Map() });
  const run = (typed: string) => {
    const text = [...pending, typed].join('\n');
    if (needsMoreLines(text)) {
      setPending((p) => [...p, typed]);
      setLine('');
      return;
    }
    setPending([]);
    const cmd = text;
    if (cmd.trim() === 'clear') {
      setEntries([]);
    } else {
      // the kernels' route cache lives as long as this cluster does: a new state starts an empty one
      if (pmtu.current.state !== state) pmtu.current = { state, map: new Map() };
      const r = runCommand(state, t, cmd, { lastWalk: walk, files, pmtu: pmtu.current.map });
      if (r.files) setFiles(r.files);
      if (r.write) store.getState().apply({ kind: 'scenario', scenario: r.write.scenario, label: r.write.label, source: 'terminal' });
      setEntries((e) => [...e.slice(-200), { prompt, line: cmd.replace(/\n/g, '\n> '), out: r.out, exit: r.exit }]);
    }
    if (cmd.trim()) setHistory((h) => (h[h.length - 1] === cmd ? h : [...h, cmd]));
    setHpos(-1);
    setLine('');
  };

  return (
    <div className="terminal" role="region" aria-label={tr('dock.terminal')}>
      <div className="row">
        <label>
          {tr('term.shellOn')}{' '}
          <select aria-label={tr('term.target')} value={target} onChange={(e) => setTarget(e.target.value)}>
            <optgroup label={tr('common.nodes')}>
              {state.nodes.map((n) => (
                <option key={n.name} value={`node:${n.name}`}>
                  {n.name}
                </option>
              ))}
            </optgroup>
            <optgroup label={tr('common.pods')}>
              {state.pods.map((p) => (
                <option key={p.ns} value={`pod:${p.namespace}/${p.name}`}>
                  {p.namespace}/{p.name}
                </option>
              ))}
            </optgroup>
            {routers.length > 0 && (
              <optgroup label={tr('term.routers')}>
                {routers.map((r) => (
                  <option key={r.name} value={`router:${r.name}`}>
                    {r.name}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </label>
        <span className="hint">{tr('term.hint')}</span>
      </div>
      <div className="screen term" ref={screenRef} role="log" aria-label={tr('term.output')} onClick={() => inputRef.current?.focus()}>
        {entries.map((e, i) => (
          <div key={i} className="entry">
            <div className="cmd">
              <span className="prompt">{e.prompt}</span>
              {e.line}
            </div>
            {e.out && <div className={`out${e.exit ? ' err' : ''}`}>{e.out.replace(/\n$/, '')}</div>}
          </div>
        ))}
        {pending.length > 0 && (
          <div className="entry pending">
            <div className="cmd">
              <span className="prompt">{prompt}</span>
              {pending.join('\n> ')}
            </div>
          </div>
        )}
        <form
          className="cmd input-line"
          onSubmit={(ev) => {
            ev.preventDefault();
            run(line);
          }}
        >
          <span className="prompt">{pending.length ? '> ' : prompt}</span>
          <input
            ref={inputRef}
            aria-label={tr('term.command')}
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            value={line}
            onChange={(e) => setLine(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowUp' && history.length) {
                e.preventDefault();
                const p = hpos < 0 ? history.length - 1 : Math.max(0, hpos - 1);
                setHpos(p);
                setLine(history[p]);
              } else if (e.key === 'ArrowDown' && hpos >= 0) {
                e.preventDefault();
                const p = hpos + 1;
                if (p >= history.length) {
                  setHpos(-1);
                  setLine('');
                } else {
                  setHpos(p);
                  setLine(history[p]);
                }
              } else if (e.key === 'l' && e.ctrlKey) {
                e.preventDefault();
                setEntries([]);
              } else if (e.key === 'c' && e.ctrlKey && pending.length) {
                // ^C drops a half-typed here-document, as in bash
                e.preventDefault();
                setPending([]);
                setLine('');
              }
            }}
          />
        </form>
      </div>
    </div>
  );
}

// Compare (lazy chunk): the current packet in two modes side by side — hops, the header stack on the
// underlay wire, bytes on the wire per payload byte, and the source node's route differences.
import { useMemo, useState } from 'react';
import { useLab } from './LabContext';
import { modeChoices, routeDiffAB, runMode, type ModeResult } from '../view/compare';
import { nsIdNode } from '../core/model/kernel';

function Column({ r, name }: { r: ModeResult; name: string }) {
  const v = r.walk?.verdict;
  return (
    <section className="cmp-col" aria-label={`Mode ${name}: ${r.choice.label}`}>
      <h3>
        {name}: {r.choice.label}
      </h3>
      {r.error && <p className="error-inline">{r.error}</p>}
      {r.walk && (
        <>
          <p className={`verdict ${v?.kind}`}>
            {v?.kind === 'delivered' ? '✔ delivered' : `✘ dropped: ${v?.reason}`} · {r.walk.hops.length} hops
            {r.walk.reply ? ` + ${r.walk.reply.hops.length} reply hops` : ''}
          </p>
          <dl className="cmp-facts">
            <dt>on the wire</dt>
            <dd>{r.wireBytes !== undefined ? `${r.wireBytes} bytes (${r.wireHop!.wire!.medium})` : 'never leaves the node'}</dd>
            <dt>per payload byte</dt>
            <dd aria-label={`bytes per payload byte ${name}`}>{r.perPayloadByte !== undefined ? `${r.perPayloadByte} (payload ${r.payloadBytes})` : 'n/a'}</dd>
            <dt>headers</dt>
            <dd>
              <ol className="stack" aria-label={`Header stack ${name}`}>
                {r.headers.map((h, i) => (
                  <li key={i} className={h.endsWith('(encap)') ? 'encap' : ''}>
                    {h}
                  </li>
                ))}
              </ol>
            </dd>
          </dl>
          <ol className="cmp-hops" aria-label={`Hops ${name}`}>
            {r.walk.hops.map((h) => (
              <li key={h.index} className={`kind-${h.kind}`}>
                <b>{h.kind}</b> {h.text}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

export default function Compare() {
  const scenario = useLab((s) => s.scenario);
  const state = useLab((s) => s.state);
  const packet = useLab((s) => s.packet);
  const choices = modeChoices(scenario);
  const [a, setA] = useState(choices[0].id);
  const [b, setB] = useState(choices[choices.length > 3 ? 3 : 1].id);
  const ca = choices.find((c) => c.id === a) ?? choices[0];
  const cb = choices.find((c) => c.id === b) ?? choices[1];
  const args = { from: packet.from, to: packet.to, protocol: packet.protocol, ...(packet.protocol !== 'icmp' ? { port: packet.port } : {}), size: packet.size };
  const ra = useMemo(() => runMode(scenario, state, ca, args), [scenario, state, ca.id, JSON.stringify(args)]);
  const rb = useMemo(() => runMode(scenario, state, cb, args), [scenario, state, cb.id, JSON.stringify(args)]);
  const srcNode = ra.walk?.hops.find((h) => h.ns.startsWith('node/'))?.ns ?? (state.nodes[0] ? nsIdNode(state.nodes[0].name) : '');
  const diff = routeDiffAB(ra.state, rb.state, srcNode);

  if (!packet.from || !packet.to) return <p className="empty">Pick a source and a destination in “Send a packet” to compare modes.</p>;
  return (
    <div className="compare" role="region" aria-label="Compare modes">
      <div className="row">
        <span>
          {packet.protocol === 'icmp' ? 'ping' : `${packet.protocol.toUpperCase()} ${packet.port}`} {packet.from} → {packet.to}, payload {packet.size}
        </span>
        <label>
          A{' '}
          <select aria-label="Mode A" value={a} onChange={(e) => setA(e.target.value)}>
            {choices.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          B{' '}
          <select aria-label="Mode B" value={b} onChange={(e) => setB(e.target.value)}>
            {choices.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="cmp-grid">
        <Column r={ra} name="A" />
        <Column r={rb} name="B" />
      </div>
      <section aria-label="Route diff" className="cmp-diff">
        <h3>Routes of {srcNode.replace(/^node\//, '')}: only in A / only in B</h3>
        <pre className="term">
          {diff.onlyA.map((l, i) => (
            <div key={`a${i}`} className="line removed">
              {l}
            </div>
          ))}
          {diff.onlyB.map((l, i) => (
            <div key={`b${i}`} className="line added">
              {l}
            </div>
          ))}
          {!diff.onlyA.length && !diff.onlyB.length && <div className="line">(same routes)</div>}
        </pre>
      </section>
    </div>
  );
}

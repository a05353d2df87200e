// Send a packet: source, destination, protocol, size → the core's walk (with its reply); then step through
// it. The narration of the current hop is also an aria-live region.
import { memo, useState } from 'react';
import { useLab, useLabStore } from './LabContext';
import { RadioGroup } from './controls';
import { stepsOf, type LabState, type Protocol } from '../store/labStore';

/** A source/destination picker; memoised so stepping through hops does not re-render hundreds of options. */
export const EndpointSelect = memo(function EndpointSelect(props: { label: string; field: 'from' | 'to' }) {
  const store = useLabStore();
  const state = useLab((s) => s.state);
  const value = useLab((s) => s.packet[props.field]);
  return <EndpointOptions label={props.label} value={value} state={state} onChange={(v) => store.getState().setPacket({ [props.field]: v })} />;
});

function EndpointOptions(props: { label: string; value: string; state: LabState['state']; onChange(v: string): void }) {
  const state = props.state;
  const known = state.pods.some((p) => `${p.namespace}/${p.name}` === props.value) || state.nodes.some((n) => n.name === props.value) || !props.value;
  return (
    <select aria-label={props.label} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
      {!props.value && <option value="">(pick)</option>}
      {!known && <option value={props.value}>{props.value}</option>}
      <optgroup label="Pods">
        {state.pods.map((p) => (
          <option key={p.ns} value={`${p.namespace}/${p.name}`}>
            {p.name} {p.ip} ({p.node})
          </option>
        ))}
      </optgroup>
      <optgroup label="Nodes">
        {state.nodes.map((n) => (
          <option key={n.name} value={n.name}>
            {n.name} {n.address?.ip ?? ''}
          </option>
        ))}
      </optgroup>
    </select>
  );
}

/** Any address as the destination (an unused pod IP, a node's other NIC, something outside the lab). */
function IpDestination() {
  const store = useLabStore();
  const [ip, setIp] = useState('');
  const ok = /^\d{1,3}(\.\d{1,3}){3}$/.test(ip.trim());
  return (
    <form
      className="row ip-dest"
      onSubmit={(e) => {
        e.preventDefault();
        if (!ok) return;
        store.getState().setPacket({ to: ip.trim() });
        store.getState().send();
      }}
    >
      <input aria-label="Destination IP address" placeholder="or an IP, e.g. 8.8.8.8" value={ip} onChange={(e) => setIp(e.target.value)} />
      <button type="submit" disabled={!ok}>
        Use IP
      </button>
    </form>
  );
}

export function narrationOf(step: ReturnType<typeof stepsOf>[number] | undefined, total: number): string {
  if (!step) return '';
  const h = step.hop;
  return `Hop ${step.i + 1} of ${total} (${step.leg}), ${h.kind}: ${h.text}. Why: ${h.why}`;
}

export function PacketPanel() {
  const store = useLabStore();
  const packet = useLab((s) => s.packet);
  const walk = useLab((s) => s.walk);
  const walkError = useLab((s) => s.walkError);
  const cursor = useLab((s) => s.cursor);
  const playing = useLab((s) => s.playing);
  const speed = useLab((s) => s.speed);
  const steps = stepsOf(walk);
  const st = store.getState();
  const cur = steps[cursor];
  const verdict = walk ? (walk.reply ?? walk).verdict : undefined;

  return (
    <section className="panel packet" aria-label="Send a packet">
      <h2>Send a packet</h2>
      <div className="row">
        <label>
          From <EndpointSelect label="Source" field="from" />
        </label>
        <button type="button" className="icon" aria-label="Swap source and destination" onClick={() => st.setPacket({ from: packet.to, to: packet.from })}>
          ⇄
        </button>
        <label>
          To <EndpointSelect label="Destination" field="to" />
        </label>
      </div>
      <div className="row">
        <RadioGroup<Protocol>
          label="Protocol"
          value={packet.protocol}
          options={[
            { value: 'icmp', label: 'ping' },
            { value: 'tcp', label: 'TCP' },
            { value: 'udp', label: 'UDP' },
          ]}
          onChange={(p) => st.setPacket({ protocol: p, size: p === 'tcp' ? 0 : packet.size || 56 })}
        />
        {packet.protocol !== 'icmp' && (
          <label>
            port{' '}
            <input aria-label="Port" type="number" min={1} max={65535} value={packet.port} onChange={(e) => st.setPacket({ port: Number(e.target.value) })} />
          </label>
        )}
        <label>
          payload{' '}
          <input aria-label="Payload size" type="number" min={0} max={65507} value={packet.size} onChange={(e) => st.setPacket({ size: Number(e.target.value) })} />
        </label>
        <button type="button" className="primary" onClick={() => st.send()} disabled={!packet.from || !packet.to}>
          Send
        </button>
      </div>
      <IpDestination />
      <p className="hint">Tip: click a pod (or a node's name) in the picture, then another.</p>
      {walkError && (
        <p role="alert" className="error-inline">
          {walkError}
        </p>
      )}
      {walk && (
        <>
          <div className="row transport" role="toolbar" aria-label="Playback">
            <button type="button" aria-label="First hop" onClick={() => st.setCursor(0)} disabled={cursor === 0}>
              |◀
            </button>
            <button type="button" aria-label="Step back" onClick={() => st.step(-1)} disabled={cursor === 0}>
              ◀
            </button>
            <button type="button" className="play" aria-label={playing ? 'Pause' : 'Play'} onClick={() => st.setPlaying(!playing)}>
              {playing ? 'Pause' : 'Play'}
            </button>
            <button type="button" aria-label="Step forward" onClick={() => st.step(1)} disabled={cursor >= steps.length - 1}>
              ▶
            </button>
            <button type="button" aria-label="Last hop" onClick={() => st.setCursor(steps.length - 1)} disabled={cursor >= steps.length - 1}>
              ▶|
            </button>
            <label>
              speed{' '}
              <select aria-label="Speed" value={speed} onChange={(e) => st.setSpeed(Number(e.target.value))}>
                {[0.25, 0.5, 1, 2, 4].map((x) => (
                  <option key={x} value={x}>
                    {x}×
                  </option>
                ))}
              </select>
            </label>
            <span className="counter">
              {cursor + 1}/{steps.length}
            </span>
          </div>
          <p className={`verdict ${verdict?.kind}`}>
            {walk.verdict.kind === 'delivered' ? '✔ request delivered' : `✘ request dropped at ${walk.verdict.at}: ${walk.verdict.reason}`}
            {walk.reply ? (walk.reply.verdict.kind === 'delivered' ? ' · ✔ reply delivered' : ` · ✘ reply dropped: ${walk.reply.verdict.reason}`) : ''}
          </p>
        </>
      )}
      {/* the current hop is shown in full in the hop list; this copy is for screen readers */}
      <p className="narration visually-hidden" aria-live="polite" aria-label="Hop narration">
        {narrationOf(cur, steps.length)}
      </p>
    </section>
  );
}

// Send a packet: source, destination, protocol, size → the core's walk (with its reply); then step through
// it. The narration of the current hop is also an aria-live region.
import { memo, useState } from 'react';
import { useLab, useLabStore } from './LabContext';
import { RadioGroup } from './controls';
import { stepsOf, type LabState, type Protocol } from '../store/labStore';
import { translate, type Lang } from '../i18n';
import { useLang, useT } from '../i18n/react';
import { saveAutoplay } from './playback';
import { hopText, hopWhy } from '../i18n/core';

/** A source/destination picker; memoised so stepping through hops does not re-render hundreds of options. */
export const EndpointSelect = memo(function EndpointSelect(props: { label: string; field: 'from' | 'to' }) {
  const store = useLabStore();
  const state = useLab((s) => s.state);
  const value = useLab((s) => s.packet[props.field]);
  return <EndpointOptions label={props.label} value={value} state={state} onChange={(v) => store.getState().setPacket({ [props.field]: v })} />;
});

function EndpointOptions(props: { label: string; value: string; state: LabState['state']; onChange(v: string): void }) {
  const state = props.state;
  const t = useT();
  const known = state.pods.some((p) => `${p.namespace}/${p.name}` === props.value) || state.nodes.some((n) => n.name === props.value) || !props.value;
  return (
    <select aria-label={props.label} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
      {!props.value && <option value="">{t('packet.pick')}</option>}
      {!known && <option value={props.value}>{props.value}</option>}
      <optgroup label={t('common.pods')}>
        {state.pods.map((p) => (
          <option key={p.ns} value={`${p.namespace}/${p.name}`}>
            {p.name} {p.ip} ({p.node})
          </option>
        ))}
      </optgroup>
      <optgroup label={t('common.nodes')}>
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
  const t = useT();
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
      <input aria-label={t('packet.destIp')} placeholder={t('packet.destIpPlaceholder')} value={ip} onChange={(e) => setIp(e.target.value)} />
      <button type="submit" disabled={!ok}>
        {t('packet.useIp')}
      </button>
    </form>
  );
}

export function narrationOf(step: ReturnType<typeof stepsOf>[number] | undefined, total: number, lang: Lang = 'en'): string {
  if (!step) return '';
  const h = step.hop;
  const kind = translate(lang, `hop.kind.${h.kind}`);
  return translate(lang, 'packet.narration', { n: step.i + 1, total, leg: translate(lang, `leg.${step.leg}`), kind, text: hopText(lang, h), why: hopWhy(lang, h) });
}

/** |◀ ◀ Play ▶ ▶|, speed and the hop counter, once there is a walk. Also at the top of the lab panel when the
 *  Send column is folded into the dock (ui/folds.ts), and in the embed's one-row bar (without speed). */
export function Transport({ speed: withSpeed = true }: { speed?: boolean } = {}) {
  const store = useLabStore();
  const walk = useLab((s) => s.walk);
  const cursor = useLab((s) => s.cursor);
  const playing = useLab((s) => s.playing);
  const speed = useLab((s) => s.speed);
  const t = useT();
  if (!walk) return null;
  const steps = stepsOf(walk);
  const st = store.getState();
  return (
    <div className="row transport" role="toolbar" aria-label={t('packet.playback')}>
      <button type="button" aria-label={t('packet.first')} onClick={() => st.setCursor(0)} disabled={cursor === 0}>
        |◀
      </button>
      <button type="button" aria-label={t('packet.back')} aria-keyshortcuts="ArrowLeft" title={t('packet.backKey')} onClick={() => (st.setPlaying(false), st.step(-1))} disabled={cursor === 0}>
        ◀
      </button>
      <button type="button" className="play" aria-label={playing ? t('packet.pause') : t('packet.play')} aria-keyshortcuts="Space" title={t('packet.playKey')} onClick={() => st.setPlaying(!playing)}>
        {playing ? t('packet.pause') : t('packet.play')}
      </button>
      <button type="button" aria-label={t('packet.forward')} aria-keyshortcuts="ArrowRight" title={t('packet.forwardKey')} onClick={() => (st.setPlaying(false), st.step(1))} disabled={cursor >= steps.length - 1}>
        ▶
      </button>
      <button type="button" aria-label={t('packet.last')} onClick={() => st.setCursor(steps.length - 1)} disabled={cursor >= steps.length - 1}>
        ▶|
      </button>
      {withSpeed && (
        <label>
          {t('packet.speed')}{' '}
          <select aria-label={t('packet.speedAria')} value={speed} onChange={(e) => st.setSpeed(Number(e.target.value))}>
            {[0.25, 0.5, 1, 2, 4].map((x) => (
              <option key={x} value={x}>
                {x}×
              </option>
            ))}
          </select>
        </label>
      )}
      <span className="counter">
        {cursor + 1}/{steps.length}
      </span>
    </div>
  );
}

/** The current hop in one sentence for screen readers (the hop list shows it in full); one per page. */
export function Narration() {
  const walk = useLab((s) => s.walk);
  const cursor = useLab((s) => s.cursor);
  const t = useT();
  const [lang] = useLang();
  const steps = stepsOf(walk);
  return (
    <p className="narration visually-hidden" aria-live="polite" aria-label={t('packet.narrationLabel')}>
      {narrationOf(steps[cursor], steps.length, lang)}
    </p>
  );
}

export function PacketPanel({ narration = true }: { narration?: boolean }) {
  const store = useLabStore();
  const packet = useLab((s) => s.packet);
  const walk = useLab((s) => s.walk);
  const walkError = useLab((s) => s.walkError);
  const autoplay = useLab((s) => s.autoplay);
  const st = store.getState();
  const verdict = walk ? (walk.reply ?? walk).verdict : undefined;
  const t = useT();

  return (
    <section className="panel packet" aria-label={t('packet.title')}>
      <h2>{t('packet.title')}</h2>
      <div className="row">
        <label>
          {t('packet.from')} <EndpointSelect label={t('packet.source')} field="from" />
        </label>
        <button type="button" className="icon" aria-label={t('packet.swap')} onClick={() => st.setPacket({ from: packet.to, to: packet.from })}>
          ⇄
        </button>
        <label>
          {t('packet.to')} <EndpointSelect label={t('packet.destination')} field="to" />
        </label>
      </div>
      <div className="row">
        <RadioGroup<Protocol>
          label={t('packet.protocol')}
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
            {t('packet.port')}{' '}
            <input aria-label={t('packet.portAria')} type="number" min={1} max={65535} value={packet.port} onChange={(e) => st.setPacket({ port: Number(e.target.value) })} />
          </label>
        )}
        <label>
          {t('packet.payload')}{' '}
          <input aria-label={t('packet.payloadAria')} type="number" min={0} max={65507} value={packet.size} onChange={(e) => st.setPacket({ size: Number(e.target.value) })} />
        </label>
        <button type="button" className="primary" onClick={() => st.send()} disabled={!packet.from || !packet.to}>
          {t('packet.send')}
        </button>
        <label className="autoplay" title={t('packet.autoplayTitle')}>
          <input
            type="checkbox"
            checked={autoplay}
            onChange={(e) => {
              st.setAutoplay(e.target.checked);
              saveAutoplay(e.target.checked);
            }}
          />{' '}
          {t('packet.autoplay')}
        </label>
      </div>
      <IpDestination />
      <p className="hint">{t('packet.tip')}</p>
      <p className="hint keys" aria-label={t('packet.keysAria')}>
        <kbd>←</kbd> <kbd>→</kbd> {t('packet.keysStep')} · <kbd>{t('packet.keySpace')}</kbd> {t('packet.keysPlay')}
      </p>
      {walkError && (
        <p role="alert" className="error-inline">
          {walkError}
        </p>
      )}
      {walk && (
        <>
          <Transport />
          <p className={`verdict ${verdict?.kind}`}>
            {walk.verdict.kind === 'delivered' ? t('packet.reqDelivered') : t('packet.reqDropped', { at: String(walk.verdict.at), reason: t(`drop.${walk.verdict.reason ?? 'unknown'}`) })}
            {walk.reply ? ' · ' + (walk.reply.verdict.kind === 'delivered' ? t('packet.replyDelivered') : t('packet.replyDropped', { reason: t(`drop.${walk.reply.verdict.reason ?? 'unknown'}`) })) : ''}
          </p>
        </>
      )}
      {narration && <Narration />}
    </section>
  );
}

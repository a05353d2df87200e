// With a lab open (and always in presenter mode) the lab settings column folds into the dock so the picture
// gets the room (ui/folds.ts); the controls a teacher reaches for while talking sit at the top of the lab
// panel instead: the encapsulation modes (or Flannel's backend), mesh or reflectors, Send for the packet
// chosen in the packet panel, and — when the Send column is folded too — the hop-by-hop playback.
import { useLab, useLabStore } from '../ui/LabContext';
import { RadioGroup } from '../ui/controls';
import { EndpointSelect, Narration, Transport } from '../ui/PacketPanel';
import { VerdictLine } from '../ui/VerdictLine';
import { flannelMode, meshEnabled, poolModes, reflectorsOf, setBgpTopology, setEncap, setFlannelMode, type FlannelMode } from '../store/edits';
import type { EncapMode } from '../core/model/scenario';
import { useT } from '../i18n/react';

const MODES: readonly { value: EncapMode; label: string }[] = [
  { value: 'Always', label: 'Always' },
  { value: 'CrossSubnet', label: 'CrossSubnet' },
  { value: 'Never', label: 'Never' },
];

export function PresenterControls({ playback = false, narration = playback }: { playback?: boolean; narration?: boolean }) {
  const store = useLabStore();
  const t = useT();
  const scenario = useLab((s) => s.scenario);
  const state = useLab((s) => s.state);
  const packet = useLab((s) => s.packet);
  const apply = store.getState().apply;
  const modes = poolModes(scenario);
  const cni = scenario.cluster.cni;
  const rrOn = reflectorsOf(scenario).length > 0 || !meshEnabled(scenario);
  const nodes = state.nodes.map((n) => n.name);
  const short = (e: string) => e.replace(/^[^/]*\//, '');
  // plays at once unless "Play on Send" is off (the store decides, as for the packet panel's Send)
  const send = () => void store.getState().send();

  return (
    <section className="presenter-controls" aria-label={t('present.controls')}>
      <div className="pc-row">
        {cni === 'calico' && modes && (
          <>
            <span className="pc-group">
              <span className="pc-label">IPIP</span>
              <RadioGroup label={t('mode.ipip')} value={modes.ipip} options={MODES} onChange={(m) => apply(setEncap('ipip', m))} />
            </span>
            <span className="pc-group">
              <span className="pc-label">VXLAN</span>
              <RadioGroup label={t('mode.vxlan')} value={modes.vxlan} options={MODES} onChange={(m) => apply(setEncap('vxlan', m))} />
            </span>
            {scenario.cluster.calico.networkingBackend === 'bird' && (
              <RadioGroup
                label={t('mode.bgp')}
                value={rrOn ? 'rr' : 'mesh'}
                options={[
                  { value: 'mesh', label: t('mode.mesh') },
                  { value: 'rr', label: t('mode.rr') },
                ]}
                onChange={(v) => apply(setBgpTopology(v === 'rr' ? 'rr' : 'mesh', nodes))}
              />
            )}
          </>
        )}
        {cni === 'flannel' && (
          <RadioGroup<FlannelMode>
            label={t('mode.flannel')}
            value={flannelMode(scenario)}
            options={[
              { value: 'vxlan', label: 'vxlan' },
              { value: 'directrouting', label: 'DirectRouting' },
              { value: 'host-gw', label: 'host-gw' },
            ]}
            onChange={(m) => apply(setFlannelMode(m))}
          />
        )}
      </div>
      <div className="pc-row">
        <EndpointSelect label={t('present.from')} field="from" />
        <span aria-hidden="true">→</span>
        <EndpointSelect label={t('present.to')} field="to" />
        <button type="button" className="primary" onClick={send} disabled={!packet.from || !packet.to}>
          {t('present.send', { from: short(packet.from), to: short(packet.to) })}
        </button>
      </div>
      {playback && <Transport />}
      <VerdictLine />
      {narration && <Narration />}
    </section>
  );
}

// The lab's toggles. The CNI modes come from the modes table (core/session/modes.ts); every toggle is a
// typed edit the store applies through the session and rebuilds:
// the routes, devices and sessions on screen are whatever the core derives from the edited resources.
import { useState } from 'react';
import { useLab, useLabStore } from './LabContext';
import { RadioGroup, Field } from './controls';
import {
  addNode,
  addPod,
  meshEnabled,
  poolModes,
  reflectorsOf,
  removeNode,
  removePod,
  setAutodetection,
  setBlockSize,
  setBgpTopology,
  setRouteReflectors,
} from '../store/edits';
import { MODE_TOGGLES, modeHint, type ModeToggle } from '../core/session/modes';
import type { MessageKey } from '../i18n';
import { nodeSubnets } from '../core/query';
import { presetText } from '../store/presets';
import { useT } from '../i18n/react';

/** the preset where CrossSubnet has two subnets to tell apart (seed 002's cluster shares one /24) */
export const TWO_SUBNET_PRESET = 'calico-crosssubnet-two-racks';

/** One toggle of the modes table (core/session/modes.ts): its field, values and label keys are data there. */
function ModeField({ toggle }: { toggle: ModeToggle }) {
  const store = useLabStore();
  const t = useT();
  const value = useLab((s) => toggle.read(s.scenario) ?? '');
  const hint = modeHint(toggle);
  const label = t(toggle.labelKey as MessageKey);
  return (
    <Field label={label} hint={'key' in hint ? t(hint.key as MessageKey) : hint.text}>
      <RadioGroup label={label} value={value} options={toggle.values} onChange={(v) => store.getState().apply(toggle.edit(v))} />
    </Field>
  );
}

const togglesOf = (cni: string) => MODE_TOGGLES.filter((m) => m.cni === cni);

export function ModePanel() {
  const store = useLabStore();
  const t = useT();
  const scenario = useLab((s) => s.scenario);
  const state = useLab((s) => s.state);
  const apply = store.getState().apply;
  const cni = scenario.cluster.cni;
  const modes = poolModes(scenario);
  const rrs = reflectorsOf(scenario);
  const rrOn = rrs.length > 0 || !meshEnabled(scenario);
  const [podNode, setPodNode] = useState('');
  const [delPod, setDelPod] = useState('');
  const nodeNames = state.nodes.map((n) => n.name);

  const net = scenario.topology.networks[0];
  const firstNic = scenario.topology.nodes[0]?.interfaces.find((i) => i.network)?.name ?? 'eth0';
  const method = scenario.cluster.calico.ipAutodetectionMethod;
  const methods = [...new Set([
    'first-found',
    ...(net?.gateway ? [`can-reach=${net.gateway}`] : []),
    `interface=${firstNic}`,
    'skip-interface=docker.*',
    ...scenario.topology.networks.map((n) => `cidr=${n.cidr}`),
    method,
  ])];

  return (
    <section className="panel side" aria-label={t('mode.title')}>
      <h2>{t('mode.title')}</h2>
      {cni === 'calico' && modes && (
        <>
          {togglesOf('calico').map((m) => (
            <ModeField key={m.id} toggle={m} />
          ))}
          {(modes.ipip === 'CrossSubnet' || modes.vxlan === 'CrossSubnet') && nodeSubnets(state).length === 1 && (
            <div className="hint mode-note" role="note">
              {t('mode.oneSubnet', { subnet: nodeSubnets(state)[0] })}{' '}
              <button
                type="button"
                onClick={() =>
                  void presetText(TWO_SUBNET_PRESET).then(
                    (text) => store.getState().loadText(text, `presets/${TWO_SUBNET_PRESET}.yaml`, TWO_SUBNET_PRESET),
                    (e: Error) => store.getState().setError(e.message),
                  )
                }
              >
                {t('mode.openTwoSubnets')}
              </button>
            </div>
          )}
          <Field label={t('mode.blockSize')}>
            <select aria-label={t('mode.blockSize')} value={modes.blockSize} onChange={(e) => apply(setBlockSize(Number(e.target.value)))}>
              {[20, 22, 24, 26, 28, 29, 30].map((b) => (
                <option key={b} value={b}>
                  {t('mode.blockOption', { b, n: 2 ** (32 - b) })}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('mode.autodetect')} hint={t('mode.autodetectHint')}>
            <select aria-label={t('mode.autodetect')} value={method} onChange={(e) => apply(setAutodetection(e.target.value))}>
              {methods.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </Field>
          {scenario.cluster.calico.networkingBackend === 'bird' && (
            <Field label={t('mode.bgp')} hint={rrOn ? t('mode.bgpHintRr') : t('mode.bgpHintMesh')}>
              <RadioGroup
                label={t('mode.bgp')}
                value={rrOn ? 'rr' : 'mesh'}
                options={[
                  { value: 'mesh', label: t('mode.mesh') },
                  { value: 'rr', label: t('mode.rr') },
                ]}
                onChange={(v) => apply(setBgpTopology(v === 'rr' ? 'rr' : 'mesh', nodeNames))}
              />
              {rrOn && (
                <div role="group" aria-label={t('mode.reflectorNodes')} className="checks">
                  {nodeNames.map((n) => (
                    <label key={n}>
                      <input
                        type="checkbox"
                        checked={rrs.includes(n)}
                        onChange={(e) => {
                          const next = e.target.checked ? [...rrs, n] : rrs.filter((x) => x !== n);
                          apply(setRouteReflectors(nodeNames.filter((x) => next.includes(x))));
                        }}
                      />{' '}
                      {n}
                    </label>
                  ))}
                </div>
              )}
            </Field>
          )}
        </>
      )}
      {/* Calico's toggles sit among its own fields above; any other CNI's are its table entries alone */}
      {cni !== 'calico' && togglesOf(cni).map((m) => <ModeField key={m.id} toggle={m} />)}
      <Field label={t('mode.nodes')}>
        <ul className="node-list" aria-label={t('mode.nodes')}>
          {nodeNames.map((n) => (
            <li key={n}>
              <span>{n}</span>
              <button type="button" aria-label={t('mode.removeNode', { name: n })} onClick={() => apply(removeNode(n))} disabled={nodeNames.length <= 1}>
                ✕
              </button>
            </li>
          ))}
        </ul>
        <button type="button" onClick={() => apply(addNode())}>
          {t('mode.addNode')}
        </button>
      </Field>
      <Field label={t('mode.pods')}>
        <div className="row">
          <select aria-label={t('mode.podNode')} value={podNode || nodeNames[0]} onChange={(e) => setPodNode(e.target.value)}>
            {nodeNames.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
          <button type="button" onClick={() => apply(addPod(podNode || nodeNames[0]))}>
            {t('mode.addPod')}
          </button>
        </div>
        <div className="row">
          <select aria-label={t('mode.podToDelete')} value={delPod} onChange={(e) => setDelPod(e.target.value)}>
            <option value="">{t('mode.podPick')}</option>
            {state.pods.map((p) => (
              <option key={p.ns} value={`${p.namespace}/${p.name}`}>
                {p.namespace}/{p.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={!delPod}
            onClick={() => {
              const [ns, name] = [delPod.slice(0, delPod.indexOf('/')), delPod.slice(delPod.indexOf('/') + 1)];
              const nodeOf = (a: string, b: string) => state.pods.find((p) => p.namespace === a && p.name === b)?.node;
              if (apply(removePod(ns, name, nodeOf))) setDelPod('');
            }}
          >
            {t('mode.deletePod')}
          </button>
        </div>
      </Field>
    </section>
  );
}

// `?embed=1`: the chrome-less view for docs. With `lab=NAME[&step=K]` it shows only the lab view (the
// topology and the step's text); without, the app's own embed view. Either way the postMessage API
// (./api.ts) drives it from the parent page.
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { App } from '../ui/App';
import { TopologyPane } from '../ui/TopologyPane';
import { useLabStore } from '../ui/LabContext';
import { setEncap, setFlannelMode } from '../store/edits';
import { pick } from '../i18n';
import { useLang, useT } from '../i18n/react';
import { usePlayer } from '../labs-ui/Shell';
import type { PlayerStore } from '../labs-ui/player';
import { allowedOrigins, connectEmbedApi, type InMessage, type OutMessage } from './api';

function theme(): 'dark' | 'light' {
  const q = new URLSearchParams(location.search).get('theme');
  if (q === 'light' || q === 'dark') return q;
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

function LabEmbed({ player }: { player: PlayerStore }) {
  const t = useT();
  const [lang] = useLang();
  const s = useStore(player);
  const [th] = useState(theme);
  const step = s.lab?.steps[s.cur];
  return (
    <div className="app embed lab-embed" data-theme={th}>
      <TopologyPane compact theme={th} />
      <section className="embed-step" role="region" aria-label={t('labs.region')}>
        {s.startError && <p role="alert">{t('labs.startError', { error: s.startError })}</p>}
        {s.lab && step && (
          <>
            <h2>
              <span className="labs-stepno">{t('labs.stepOf', { n: s.cur + 1, total: s.lab.steps.length })}</span> {pick(step.title, lang)}
            </h2>
            <p className="labs-do">{pick(step.do, lang)}</p>
            {step.observe && <p className="labs-observe">{pick(step.observe, lang)}</p>}
          </>
        )}
      </section>
    </div>
  );
}

export function EmbedRoot({ lab: lab0, step: step0 }: { lab?: string; step?: number }) {
  const store = useLabStore();
  const player = usePlayer();
  const [labMode, setLabMode] = useState(!!lab0);

  useEffect(() => {
    const origins = allowedOrigins(import.meta.env.VITE_CNI_LAB_PARENT_ORIGINS, location.origin);
    let alive = true;
    const api = connectEmbedApi(window, origins, { onMessage: (m) => void handle(m) });
    const stepChanged = () => {
      const p = player.getState();
      if (p.lab) api.post({ type: 'step-changed', v: 1, lab: p.name, step: p.cur + 1 });
    };
    async function handle(m: InMessage) {
      const s = store.getState();
      switch (m.type) {
        case 'load-lab':
          setLabMode(true);
          if (await player.getState().load(m.lab)) stepChanged();
          return;
        case 'go-to-step':
          if (!player.getState().lab) return;
          player.getState().goTo(m.step - 1);
          stepChanged();
          return;
        case 'set-mode':
          if (m.ipipMode) s.apply(setEncap('ipip', m.ipipMode));
          if (m.vxlanMode) store.getState().apply(setEncap('vxlan', m.vxlanMode));
          if (m.flannelBackend) store.getState().apply(setFlannelMode(m.flannelBackend));
          return;
        case 'send-packet': {
          store.getState().setPacket({ from: m.from, to: m.to, protocol: m.protocol ?? 'icmp', ...(m.port ? { port: m.port } : {}) });
          void store.getState().send().then(() => {
          const after = store.getState();
          const out: OutMessage = after.walk
            ? { type: 'packet-verdict', v: 1, from: m.from, to: m.to, verdict: after.walk.verdict.kind === 'dropped' ? 'dropped' : after.walk.verdict.kind, ...(after.walk.verdict.reason ? { reason: after.walk.verdict.reason } : {}) }
            : { type: 'packet-verdict', v: 1, from: m.from, to: m.to, verdict: 'error', reason: after.walkError ?? 'no walk' };
          api.post(out);
          });
          return;
        }
      }
    }
    void (async () => {
      if (lab0 && (await player.getState().load(lab0)) && alive) {
        if (step0) player.getState().goTo(step0 - 1);
      }
      if (!alive) return;
      api.post({ type: 'ready', v: 1 });
      stepChanged();
    })();
    return () => {
      alive = false;
      api.stop();
    };
  }, [store, player, lab0, step0]);

  return labMode ? <LabEmbed player={player} /> : <App embed />;
}

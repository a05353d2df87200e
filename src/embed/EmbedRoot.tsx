// `?embed=1`: the chrome-less view for docs. With `lab=NAME[&step=K]` it shows only the lab view (the
// topology and the step's text); with `preset=NAME[&from=A&to=B][&autoplay=1]` (or nothing: the default
// preset) the app's own embed view. Either way the postMessage API (./api.ts) drives it from the parent
// page, and a link opens the same state full-size in a new tab.
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { App } from '../ui/App';
import { TopologyPane } from '../ui/TopologyPane';
import { useLabStore } from '../ui/LabContext';
import { VerdictLine } from '../ui/VerdictLine';
import { shareHash } from '../ui/TopBar';
import { MODE_TOGGLES } from '../core/session/modes';
import type { LabStore } from '../store/labStore';
import { presetText } from '../store/presets';
import { pick } from '../i18n';
import { useLang, useT } from '../i18n/react';
import { usePlayer } from '../labs-ui/Shell';
import type { PlayerStore } from '../labs-ui/player';
import { connectEmbedApi, parentOriginHint, parentPolicy, type InMessage, type OutMessage } from './api';

export interface EmbedParams {
  lab?: string;
  step?: number;
  preset?: string;
  from?: string;
  to?: string;
  autoplay?: boolean;
}

/** The embed's settings from its URL (`?embed=1&…`). */
export function embedParams(search: string): EmbedParams {
  const q = new URLSearchParams(search);
  const str = (k: string) => q.get(k)?.trim() || undefined;
  return {
    lab: str('lab'),
    step: Number(q.get('step')) || undefined,
    preset: str('preset'),
    from: str('from'),
    to: str('to'),
    autoplay: q.get('autoplay') === '1',
  };
}

function theme(): 'dark' | 'light' {
  const q = new URLSearchParams(location.search).get('theme');
  if (q === 'light' || q === 'dark') return q;
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

/** The full app at this deployment's address, with what this embed shows: the lab and step, or the
 *  scenario, packet and hop as a share link. */
function fullSizeUrl(store: LabStore, player: PlayerStore, labMode: boolean): string {
  const base = location.origin + location.pathname;
  const q = new URLSearchParams();
  const th = new URLSearchParams(location.search).get('theme');
  if (th) q.set('theme', th);
  const p = player.getState();
  if (labMode && p.lab) {
    q.set('lab', p.name);
    q.set('step', String(p.cur + 1));
    return `${base}?${q}`;
  }
  return `${base}${q.size ? `?${q}` : ''}${shareHash(store.getState())}`;
}

/** "Open in CNI Lab": the href is filled in as the link is about to be used, so it carries the state of
 *  that moment without re-encoding the scenario on every change. */
function OpenFull({ href }: { href: () => string }) {
  const t = useT();
  const refresh = (e: { currentTarget: HTMLAnchorElement }) => {
    e.currentTarget.href = href();
  };
  return (
    <a className="embed-open" href={location.pathname} target="_blank" rel="noopener" onPointerDown={refresh} onFocus={refresh} onClick={refresh} onContextMenu={refresh}>
      {t('embed.open')} <span aria-hidden="true">↗</span>
    </a>
  );
}

function LabEmbed({ player, open }: { player: PlayerStore; open: () => string }) {
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
        <VerdictLine />
      </section>
      <OpenFull href={open} />
    </div>
  );
}

export function EmbedRoot(props: EmbedParams) {
  const store = useLabStore();
  const player = usePlayer();
  const [labMode, setLabMode] = useState(!!props.lab);
  // a preset other than the bundled default arrives as its own chunk: nothing is drawn until it is in
  const [booting, setBooting] = useState(!!props.preset && !props.lab);
  const { lab: lab0, step: step0, preset, from, to, autoplay } = props;

  useEffect(() => {
    const policy = parentPolicy(import.meta.env.VITE_CNI_LAB_PARENT_ORIGINS, new URLSearchParams(location.search).get('parentOrigin'));
    let alive = true;
    const api = connectEmbedApi(window, policy, { onMessage: (m) => void handle(m) }, parentOriginHint(location, document.referrer));
    const stepChanged = () => {
      const p = player.getState();
      if (p.lab) api.post({ type: 'step-changed', v: 1, lab: p.name, step: p.cur + 1 });
    };
    /** walks a packet and plays it on the picture (what a reader of the docs page came to see) */
    const sendAndPlay = async () => {
      await store.getState().send();
      if (store.getState().walk) store.getState().setPlaying(true);
    };
    async function handle(m: InMessage) {
      switch (m.type) {
        case 'hello':
          return;
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
          for (const t of MODE_TOGGLES) {
            const v = m[t.id];
            if (v) store.getState().apply({ kind: 'edit', edit: t.edit(v), source: 'embed' });
          }
          return;
        case 'send-packet': {
          store.getState().setPacket({ from: m.from, to: m.to, protocol: m.protocol ?? 'icmp', ...(m.port ? { port: m.port } : {}) });
          await sendAndPlay();
          const after = store.getState();
          const out: OutMessage = after.walk
            ? { type: 'packet-verdict', v: 1, from: m.from, to: m.to, verdict: after.walk.verdict.kind === 'dropped' ? 'dropped' : after.walk.verdict.kind, ...(after.walk.verdict.reason ? { reason: after.walk.verdict.reason } : {}) }
            : { type: 'packet-verdict', v: 1, from: m.from, to: m.to, verdict: 'error', reason: after.walkError ?? 'no walk' };
          api.post(out);
          return;
        }
      }
    }
    void (async () => {
      if (lab0) {
        if ((await player.getState().load(lab0)) && alive && step0) player.getState().goTo(step0 - 1);
      } else if (preset) {
        try {
          const text = await presetText(preset);
          if (alive) store.getState().loadText(text, `presets/${preset}.yaml`, preset);
        } catch (e) {
          if (alive) store.getState().setError((e as Error).message);
        }
        if (alive) setBooting(false);
      }
      if (!alive) return;
      if (from || to || autoplay) {
        store.getState().setPacket({ ...(from ? { from } : {}), ...(to ? { to } : {}) });
        await sendAndPlay();
        if (!autoplay) store.getState().setPlaying(false);
      }
      if (!alive) return;
      api.post({ type: 'ready', v: 1 });
      stepChanged();
    })();
    return () => {
      alive = false;
      api.stop();
    };
  }, [store, player, lab0, step0, preset, from, to, autoplay]);

  const open = () => fullSizeUrl(store, player, labMode);
  if (booting) return <div className="app embed" data-theme={theme()} aria-busy="true" />;
  return labMode ? (
    <LabEmbed player={player} open={open} />
  ) : (
    <App embed>
      <OpenFull href={open} />
    </App>
  );
}

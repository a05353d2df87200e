// The walk as a list of hops (request, then reply): action and one-line why; the current one is marked
// and kept in view. Clicking a hop moves the cursor there.
import { useEffect, useRef } from 'react';
import { useLab, useLabStore } from './LabContext';
import { stepsOf } from '../store/labStore';
import { useLang, useT } from '../i18n/react';
import { hopText, hopWhy } from '../i18n/core';
import { scrollWithin } from './scrollWithin';
import { ServicePath } from './ServicePath';

const KIND_ICON: Record<string, string> = {
  send: '↗',
  route: '⤳',
  arp: '?',
  encap: '⊕',
  decap: '⊖',
  wire: '━',
  receive: '↘',
  nat: '⇆',
  policy: '⛨',
  fragment: '✂',
  deliver: '✔',
  drop: '✘',
  icmp: '!',
};

function nsLabel(ns: string): string {
  return ns.replace(/^(node|pod|router)\//, '');
}

export function HopList() {
  const store = useLabStore();
  const walk = useLab((s) => s.walk);
  const cursor = useLab((s) => s.cursor);
  const steps = stepsOf(walk);
  const listRef = useRef<HTMLOListElement>(null);
  const t = useT();
  const [lang] = useLang();

  useEffect(() => {
    const el = listRef.current?.querySelector<HTMLElement>('[aria-current="step"]');
    scrollWithin(el);
  }, [cursor, walk]);

  if (!walk) return <p className="empty">{t('hops.empty')}</p>;
  return (
    <>
    <ServicePath />
    <ol className="hops" role="list" aria-label={t('hops.list')} ref={listRef}>
      {steps.map((s) => {
        const h = s.hop;
        const first = s.leg === 'reply' && (s.i === 0 || steps[s.i - 1].leg === 'request');
        return (
          <li
            key={s.i}
            className={`hop kind-${h.kind}${s.i === cursor ? ' current' : ''}${first ? ' leg-start' : ''} leg-${s.leg}`}
            aria-current={s.i === cursor ? 'step' : undefined}
          >
            <button type="button" onClick={() => store.getState().setCursor(s.i)} aria-label={t('hops.item', { n: s.i + 1, leg: t(`leg.${s.leg}`), kind: t(`hop.kind.${h.kind}`), where: nsLabel(h.ns) })}>
              <span className="hop-n">{s.i + 1}</span>
              <span className="hop-kind" aria-hidden="true">
                {KIND_ICON[h.kind] ?? '·'}
              </span>
              <span className="hop-body">
                <span className="hop-text">
                  <b>{t(`hop.kind.${h.kind}`)}</b> {hopText(lang, h)}
                </span>
                <span className="hop-why">{hopWhy(lang, h)}</span>
              </span>
            </button>
          </li>
        );
      })}
    </ol>
    </>
  );
}

// The progress line of work done in the lab worker (opening a shared lab, a big build). Work that ends
// within 300 ms shows nothing — a flash would be noise — past that a status line says what is being done and
// for how long, so a long open never looks like a frozen page.

import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { useT } from '../i18n/react';
import type { MessageKey } from '../i18n/messages';
import type { Stage } from '../worker/protocol';
import type { BusyStore } from '../worker/client';

export const BUSY_AFTER_MS = 300;

const STAGE_KEY: Record<Stage, MessageKey> = { inflate: 'busy.inflate', read: 'busy.read', build: 'busy.build', work: 'busy.work' };

export function Busy({ busy, title }: { busy: BusyStore; title?: MessageKey }) {
  const t = useT();
  const { stage, since } = useStore(busy);
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!stage) return;
    const id = setInterval(() => setNow(performance.now()), 100);
    return () => clearInterval(id);
  }, [stage]);
  if (!stage) return null;
  const ms = now - since;
  if (ms < BUSY_AFTER_MS) return null;
  return (
    <div className="busy" role="status" aria-live="polite">
      {title && <strong>{t(title)} </strong>}
      <span>{t('busy.elapsed', { stage: t(STAGE_KEY[stage]), s: (ms / 1000).toFixed(1) })}</span>
    </div>
  );
}

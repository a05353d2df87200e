// The big-lab page's address: the link it opened from and, beside it, its edits (store/bigEdits.ts), written
// at once after each edit (the packet's fields 300 ms after typing) and on pagehide (urlSync.ts), so a reload
// or Back rebuilds the same lab — and leaving it for another lab (the default lab, a pasted link) leaves it
// one Back away.

import { useEffect } from 'react';
import type { BigLabState, BigLabStore } from '../store/bigLab';
import { encodeEdits, type EditStep } from '../store/bigEdits';
import { syncUrl } from './urlSync';

/** The address of the lab as asked for (`target`: an edit still building is kept too). */
export function bigHash(s: Pick<BigLabState, 'link' | 'target' | 'packet' | 'basePacket'>): string {
  if (!s.link) return location.hash;
  const steps = s.target.steps.flatMap((st): EditStep[] => (st.kind === 'encap' ? [{ encap: st.encap, mode: st.mode }] : st.run ? [{ run: st.run.target, line: st.run.line }] : []));
  const p = s.packet;
  const b = s.basePacket;
  const moved = p.from !== b.from || p.to !== b.to || p.protocol !== b.protocol;
  if (!steps.length && !moved) return `#s=${s.link}`;
  return `#s=${s.link}&edits=${encodeEdits({ steps, ...(moved ? { packet: { from: p.from, to: p.to, protocol: p.protocol } } : {}) })}`;
}

export function useBigUrl(store: BigLabStore): void {
  useEffect(() => {
    return syncUrl(
      (changed) =>
        store.subscribe((s, prev) => {
          // an edit at once (a few small steps compressed; the link's YAML is never compressed again), so a
          // reload right after it keeps it; the packet's fields, typed a key at a time, 300 ms after
          if (s.target !== prev.target) changed(true);
          else if (s.packet !== prev.packet) changed();
        }),
      () => bigHash(store.getState()),
    );
  }, [store]);
}

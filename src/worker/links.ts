// A shared link, opened where it cannot freeze the page: inflate the `#s=` value, read the payload against
// its schema, then parse and validate the lab it holds. Every limit (link length, inflated size, nodes,
// pods, BGP peerings) is checked here, before the expensive step it bounds, so a hostile or huge link ends
// as one numbered, located line instead of a frozen tab. Pure: the worker calls it, and so do the tests.

import { checkText } from '../core/session/load';
import { decodeShareHash, ShareError } from '../store/share';
import { SHARED_FILE, type LabSize, type Reply, type Stage } from './protocol';
import { isSmall, sessionOfChecked, type BigLab } from './big';


type Answer = Extract<Reply, { kind: 'link' | 'big-link' | 'failed' }>;
type Body<T> = T extends unknown ? Omit<T, 'id' | 'gen'> : never;

/** Opens the link in `hash`; `progress` hears each stage as it starts (the page shows it past 300 ms). With
 *  `big`, a lab over the page's size (big.ts, SMALL_LAB) is built here and kept in it. */
export function openLink(hash: string, progress: (stage: Stage) => void = () => {}, big?: BigLab): Body<Answer> {
  progress('inflate');
  let payload;
  try {
    payload = decodeShareHash(hash);
  } catch (e) {
    return { kind: 'failed', message: e instanceof ShareError ? e.message : `the shared link is damaged (${(e as Error).message})` };
  }
  if (!payload) return { kind: 'failed', message: 'the address holds no shared link' };
  progress('read');
  const c = checkText(payload.yaml, SHARED_FILE);
  if (c.errors.length || !c.scenario) {
    const first = c.errors[0];
    return { kind: 'failed', message: first ? first.message.split('\n')[0] : `${SHARED_FILE}: the lab could not be read` };
  }
  const size: LabSize = { nodes: c.scenario.topology.nodes.length, pods: c.scenario.pods.length };
  if (!big || isSmall(size)) return { kind: 'link', payload, size };
  progress('build');
  const session = sessionOfChecked(payload.yaml, SHARED_FILE, c);
  if ('error' in session) return { kind: 'failed', message: session.error };
  big.adopt(payload.yaml, session);
  return { kind: 'big-link', payload, size, view: big.view([]) };
}

// A shared link, opened where it cannot freeze the page: inflate the `#s=` value, read the payload against
// its schema, then parse and validate the lab it holds. Every limit (link length, inflated size, nodes,
// pods, BGP peerings) is checked here, before the expensive step it bounds, so a hostile or huge link ends
// as one numbered, located line instead of a frozen tab. Pure: the worker calls it, and so do the tests.

import { importCluster } from '../core/import';
import { checkText } from '../core/session/load';
import { decodeShareHash, encodeShare, ShareError } from '../store/share';
import { isSmall, SHARED_FILE, type LabSize, type Reply, type Stage } from './protocol';
import { sessionOfChecked, type BigLab } from './big';
import { decodeEdits, editsValue, EditsError, type Edits } from '../store/bigEdits';
import { replayEdits } from './replay';


type Answer = Extract<Reply, { kind: 'link' | 'big-link' | 'failed' }>;
type Failed = Extract<Reply, { kind: 'failed' }>;
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
  // a big lab's edits beside its link (store/bigEdits.ts), read before anything is built
  const editsAt = editsValue(hash);
  let edits: Edits | undefined;
  try {
    edits = editsAt === undefined ? undefined : decodeEdits(editsAt);
  } catch (e) {
    if (!(e instanceof EditsError)) throw e;
    return { kind: 'failed', message: e.message };
  }
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
  if (!edits) return { kind: 'big-link', payload, size, view: big.view([]) };
  const replayed = replayEdits(big, payload.yaml, SHARED_FILE, edits, progress);
  return { kind: 'big-link', payload, size, view: big.view([]), edits: { ...replayed, ...(edits.packet ? { packet: edits.packet } : {}) } };
}

/** A scenario file before the page loads it: its size, or every error (located) it is refused for; with
 *  `bigLink`, a lab over SMALL_LAB also gets the link that opens it as a big lab. */
export function checkFile(text: string, file: string, progress: (stage: Stage) => void = () => {}, bigLink = false): Body<Extract<Reply, { kind: 'checked' }> | Failed> {
  progress('read');
  const c = checkText(text, file);
  if (c.errors.length || !c.scenario) {
    const messages = c.errors.map((e) => e.message);
    return { kind: 'failed', message: messages[0]?.split('\n')[0] ?? `${file}: the lab could not be read`, messages };
  }
  const size = { nodes: c.scenario.topology.nodes.length, pods: c.scenario.pods.length };
  return { kind: 'checked', size, ...(!bigLink || isSmall(size) ? {} : { link: `#s=${encodeShare({ yaml: text })}` }) };
}

/** A cluster's dumps → a scenario (core/import), with its report and the size of the lab it makes. */
export function importFiles(files: { name: string; text: string }[], progress: (stage: Stage) => void = () => {}): Body<Extract<Reply, { kind: 'imported' }> | Failed> {
  progress('read');
  const r = importCluster(files);
  if (r.errors.length || !r.yaml) {
    const messages = r.errors.map((e) => e.message);
    return { kind: 'failed', message: messages[0] ?? 'the files hold no cluster', messages };
  }
  const c = checkFile(r.yaml, 'imported.yaml', undefined, true);
  if (c.kind === 'failed') return c;
  return { kind: 'imported', yaml: r.yaml, notes: r.notes.map((n) => ({ code: n.code, message: n.message })), summary: { nodes: r.summary.nodes, pods: r.summary.pods }, size: c.size, ...(c.link ? { link: c.link } : {}) };
}

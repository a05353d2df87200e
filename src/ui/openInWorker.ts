// Files opened through the lab worker (importFiles.ts loads this on the first import, off the first load).
// A scenario file is parsed and validated there first: a broken one is refused with every located error and
// costs the page no parse. One within SMALL_LAB then loads on the page; a bigger one opens as a big lab,
// exactly as a shared link of it would: the worker answers with its `#s=` link (compressed there) and the
// page goes to it (a new hash reloads the page, main.tsx), so no scenario of any size is built on the main
// thread. A cluster's dumps are imported in the worker the same way (core/import takes seconds on a 200-node
// dump). The newest import wins: a second one, or an edit of the lab on screen, abandons the one still being
// read (the worker is terminated; it is the only way to stop a synchronous parse).

import type { LabStore } from '../store/labStore';
import type { MessageKey } from '../i18n/messages';
import { createLabWorkerClient, type Answer, type BusyStore, type LabWorkerClient } from '../worker/client';
import { flushUrl } from './urlSync';

let worker: LabWorkerClient | undefined;
/** the import in flight, abandoned by the next import or by an edit of the lab it would replace */
let inFlight: (() => void) | undefined;

export async function openInWorker(store: LabStore, files: { name: string; text: string }[], t: (k: MessageKey, p?: Record<string, string | number>) => string, busy: BusyStore): Promise<string> {
  worker ??= createLabWorkerClient();
  const w = worker;
  inFlight?.();
  w.supersede();
  const names = files.map((f) => f.name).join(', ');
  let abandoned = false;
  // an edit made while the files are read is newer than the import: the import gives way
  const unsub = store.subscribe((s, prev) => {
    if (s.scenario !== prev.scenario) abandon();
  });
  const abandon = () => {
    abandoned = true;
    unsub();
    if (inFlight === abandon) inFlight = undefined;
    w.terminate();
    busy.setState({ stage: undefined });
  };
  inFlight = abandon;
  const call = async (req: Parameters<LabWorkerClient['call']>[0]): Promise<Answer> => {
    busy.setState({ stage: 'read', since: performance.now() });
    const a = await w.call(req, { progress: (stage) => busy.setState({ stage }) });
    if (!abandoned) busy.setState({ stage: undefined });
    return a;
  };
  const done = () => {
    unsub();
    if (inFlight === abandon) inFlight = undefined;
  };
  /** a lab over SMALL_LAB: opened from its link, as a shared link is; the lab left stays one Back away */
  const goBig = (link: string) => {
    flushUrl();
    location.hash = link;
  };

  const f = files[0];
  if (files.length === 1 && /^\s*apiVersion:\s*["']?cnilab\/v1\b|"apiVersion"\s*:\s*"cnilab\/v1"/m.test(f.text)) {
    const a = await call({ kind: 'check', text: f.text, file: f.name, bigLink: true });
    if (a.kind === 'superseded' || abandoned) return '';
    done();
    if (a.kind === 'failed') {
      store.setState({ errors: [`Could not load ${f.name}; the current lab is unchanged.`, ...(a.messages ?? [a.message])] });
      return '';
    }
    if (a.kind !== 'checked') return '';
    if (a.link) {
      goBig(a.link);
      return t('app.imported', { file: f.name });
    }
    return store.getState().loadText(f.text, f.name, '') ? t('app.imported', { file: f.name }) : '';
  }
  const a = await call({ kind: 'import', files });
  if (a.kind === 'superseded' || abandoned) return '';
  done();
  if (a.kind === 'failed') {
    store.setState({ errors: [t('app.importFailed', { files: names }), ...(a.messages ?? [a.message])] });
    return '';
  }
  if (a.kind !== 'imported') return '';
  const said = t('app.importedCluster', { nodes: a.summary.nodes, pods: a.summary.pods, files: names });
  if (a.link) {
    goBig(a.link);
    return said;
  }
  return store.getState().loadImported(a.yaml, { files: files.map((x) => x.name), notes: a.notes }) ? said : '';
}

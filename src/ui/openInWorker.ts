// Files opened through the lab worker (importFiles.ts loads this on the first import, off the first load).
// A scenario file is parsed and validated there first: a broken one is refused with every located error and
// costs the page no parse. A scenario file of any size then loads on the page as before (the app's full
// picture of a few hundred nodes, view/aggregate, needs its state there). A cluster's dumps are imported
// there (core/import takes seconds on a 200-node dump); a cluster over SMALL_LAB opens as a big lab through
// the `#s=` link the worker compressed (a new hash reloads the page, main.tsx).

import type { LabStore } from '../store/labStore';
import type { MessageKey } from '../i18n/messages';
import { createLabWorkerClient, type BusyStore, type LabWorkerClient } from '../worker/client';

let worker: LabWorkerClient | undefined;

export async function openInWorker(store: LabStore, files: { name: string; text: string }[], t: (k: MessageKey, p?: Record<string, string | number>) => string, busy: BusyStore): Promise<string> {
  worker ??= createLabWorkerClient();
  const names = files.map((f) => f.name).join(', ');
  const call = async (req: Parameters<LabWorkerClient['call']>[0]) => {
    busy.setState({ stage: 'read', since: performance.now() });
    const a = await worker!.call(req, { progress: (stage) => busy.setState({ stage }) });
    busy.setState({ stage: undefined });
    return a;
  };
  const f = files[0];
  if (files.length === 1 && /^\s*apiVersion:\s*["']?cnilab\/v1\b|"apiVersion"\s*:\s*"cnilab\/v1"/m.test(f.text)) {
    const a = await call({ kind: 'check', text: f.text, file: f.name });
    if (a.kind === 'failed') {
      store.setState({ errors: [`Could not load ${f.name}; the current lab is unchanged.`, ...(a.messages ?? [a.message])] });
      return '';
    }
    return store.getState().loadText(f.text, f.name, '') ? t('app.imported', { file: f.name }) : '';
  }
  const a = await call({ kind: 'import', files });
  if (a.kind === 'failed') {
    store.setState({ errors: [t('app.importFailed', { files: names }), ...(a.messages ?? [a.message])] });
    return '';
  }
  if (a.kind !== 'imported') return '';
  const done = t('app.importedCluster', { nodes: a.summary.nodes, pods: a.summary.pods, files: names });
  if (a.link) {
    location.hash = a.link;
    return done;
  }
  return store.getState().loadImported(a.yaml, { files: files.map((x) => x.name), notes: a.notes }) ? done : '';
}

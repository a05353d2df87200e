// The app's way in for files: a scenario file loads as before; anything else — kubectl/calicoctl dumps, a
// node's `ip` output, several files at once — goes through the importer (core/import, loaded on first use so
// the first page load does not carry it), and its report is kept for the import panel.

import type { LabStore } from '../store/labStore';
import type { MessageKey } from '../i18n/messages';
import { createBusyStore, createLabWorkerClient, type LabWorkerClient } from '../worker/client';

/** The page's worker for file jobs (reading and checking a scenario, importing dumps), started on first
 *  use; none where there is no Worker (the unit tests run in node), and files are then read here. */
let filesWorker: LabWorkerClient | undefined;
function fileWorker(): LabWorkerClient | undefined {
  if (typeof Worker === 'undefined') return undefined;
  return (filesWorker ??= createLabWorkerClient());
}

/** Progress of the file jobs, for the app's busy line. */
export const filesBusy = createBusyStore();

/** A lab over SMALL_LAB opens as a big lab: the page goes to the link the worker made for it (a new
 *  `#s=` reloads the page, main.tsx), where it is built in the worker and never on the page. */
function openBig(link: string) {
  location.hash = link;
}

export interface InFile {
  name: string;
  text: string;
}

/** A cnilab/v1 scenario (Topology/Cluster) rather than a cluster's dump. */
export function isScenarioText(text: string): boolean {
  return /^\s*apiVersion:\s*["']?cnilab\/v1\b|"apiVersion"\s*:\s*"cnilab\/v1"/m.test(text);
}

/** Loads or imports the files; returns the status line to show ('' when it failed: the errors are shown). */
export async function openFiles(store: LabStore, files: InFile[], t: (k: MessageKey, p?: Record<string, string | number>) => string): Promise<string> {
  const w = fileWorker();
  const names = files.map((f) => f.name).join(', ');
  if (files.length === 1 && isScenarioText(files[0].text)) {
    const f = files[0];
    if (w) {
      // read and checked in the worker first: a broken file is refused without costing the page a parse.
      // A scenario file of any size is then loaded here (the app's full picture of a few hundred nodes,
      // view/aggregate, needs its state on the page); a big cluster from dumps opens as a big lab (below).
      filesBusy.setState({ stage: 'read', since: performance.now() });
      const a = await w.call({ kind: 'check', text: f.text, file: f.name }, { progress: (stage) => filesBusy.setState({ stage }) });
      filesBusy.setState({ stage: undefined });
      if (a.kind === 'failed') {
        store.setState({ errors: [`Could not load ${f.name}; the current lab is unchanged.`, ...(a.messages ?? [a.message])] });
        return '';
      }
    }
    return store.getState().loadText(f.text, f.name, '') ? t('app.imported', { file: f.name }) : '';
  }
  if (w) {
    filesBusy.setState({ stage: 'read', since: performance.now() });
    const a = await w.call({ kind: 'import', files }, { progress: (stage) => filesBusy.setState({ stage }) });
    filesBusy.setState({ stage: undefined });
    if (a.kind === 'failed') {
      store.setState({ errors: [t('app.importFailed', { files: names }), ...(a.messages ?? [a.message])] });
      return '';
    }
    if (a.kind !== 'imported') return '';
    if (a.link) {
      openBig(a.link);
      return t('app.importedCluster', { nodes: a.summary.nodes, pods: a.summary.pods, files: names });
    }
    const ok = store.getState().loadImported(a.yaml, { files: files.map((f) => f.name), notes: a.notes });
    return ok ? t('app.importedCluster', { nodes: a.summary.nodes, pods: a.summary.pods, files: names }) : '';
  }
  const { importCluster } = await import('../core/import');
  const r = importCluster(files);
  if (r.errors.length || !r.yaml) {
    store.setState({ errors: [t('app.importFailed', { files: names }), ...r.errors.map((e) => e.message)] });
    return '';
  }
  const ok = store.getState().loadImported(r.yaml, { files: files.map((f) => f.name), notes: r.notes.map((n) => ({ code: n.code, message: n.message })) });
  return ok ? t('app.importedCluster', { nodes: r.summary.nodes, pods: r.summary.pods, files: names }) : '';
}

export async function readFiles(list: FileList | readonly File[]): Promise<InFile[]> {
  return Promise.all([...list].map(async (f) => ({ name: f.name, text: await f.text() })));
}

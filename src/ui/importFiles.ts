// The app's way in for files: a scenario file loads as before; anything else — kubectl/calicoctl dumps, a
// node's `ip` output, several files at once — goes through the importer (core/import, loaded on first use so
// the first page load does not carry it), and its report is kept for the import panel.

import type { LabStore } from '../store/labStore';
import type { MessageKey } from '../i18n/messages';
import { createBusyStore } from '../worker/client';

/** Progress of the file jobs in the lab worker, for the app's busy line. */
export const filesBusy = createBusyStore();

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
  // with a Worker (the browser), files are read in the lab worker (openInWorker.ts, its own small chunk)
  if (typeof Worker !== 'undefined') return (await import('./openInWorker')).openInWorker(store, files, t, filesBusy);
  const names = files.map((f) => f.name).join(', ');
  if (files.length === 1 && isScenarioText(files[0].text)) {
    return store.getState().loadText(files[0].text, files[0].name, '') ? t('app.imported', { file: files[0].name }) : '';
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

// The lab worker's entry: started by the page (client.ts) with `new Worker(new URL(…), {type: 'module'})`,
// it runs the core — the same loader and session code the page and the CLI run — off the main thread, and
// answers each request with plain data. One request is worked at a time; the page drops answers of a
// superseded generation, and terminates the worker when one must be abandoned mid-way.

import { BigLab } from './big';
import { checkFile, importFiles, openLink } from './links';
import { panel } from './panelReply';
import type { Reply, Request, Stage } from './protocol';

interface WorkerScope {
  onmessage: ((e: MessageEvent<Request>) => void) | null;
  postMessage(m: Reply): void;
}
const scope = self as unknown as WorkerScope;
type Body<T> = T extends unknown ? Omit<T, 'id' | 'gen'> : never;

/** the big lab this worker holds (one page, one lab) */
const big = new BigLab();

scope.onmessage = (e) => {
  const req = e.data;
  const post = (m: Body<Reply>) => scope.postMessage({ ...m, id: req.id, gen: req.gen } as Reply);
  const progress = (stage: Stage) => post({ kind: 'progress', stage });
  try {
    switch (req.kind) {
      case 'open-link':
        post(openLink(req.hash, progress, big));
        break;
      case 'check':
        post(checkFile(req.text, req.file, progress, req.bigLink));
        break;
      case 'import':
        post(importFiles(req.files, progress));
        break;
      case 'open': {
        const o = big.open(req.recipe, progress, req.show, req.picture);
        post(o.ok ? { kind: 'view', view: o.view } : { kind: 'failed', message: o.message });
        break;
      }
      case 'picture': {
        const o = big.open(req.recipe, progress);
        post(o.ok ? { kind: 'picture', model: big.model(req.picture) } : { kind: 'failed', message: o.message });
        break;
      }
      case 'routes': {
        const o = big.open(req.recipe, progress);
        post(o.ok ? { kind: 'routes', routes: big.routes(req.nodes) } : { kind: 'failed', message: o.message });
        break;
      }
      case 'run': {
        const o = big.open(req.recipe, progress);
        post(o.ok ? { kind: 'ran', ...big.run(req.target, req.line) } : { kind: 'failed', message: o.message });
        break;
      }
      case 'panel': {
        const o = big.bring(req.recipe, progress);
        if (!o.ok) post({ kind: 'failed', message: o.message });
        else post(panel(big.state!, req.ask));
        break;
      }
      case 'walk': {
        const o = big.open(req.recipe, progress);
        if (!o.ok) post({ kind: 'failed', message: o.message });
        else {
          try {
            post({ kind: 'walk', walk: big.walk(req.packet) });
          } catch (err) {
            // a packet the walk refuses (an unknown endpoint) is the user's input, said as such
            post({ kind: 'failed', message: (err as Error).message });
          }
        }
        break;
      }
    }
  } catch (err) {
    // the core reports bad input as located errors; anything thrown is a bug, still said in one line
    post({ kind: 'failed', message: `internal error: ${(err as Error).message}` });
  }
};

// The lab worker's entry: started by the page (client.ts) with `new Worker(new URL(…), {type: 'module'})`,
// it runs the core — the same loader and session code the page and the CLI run — off the main thread, and
// answers each request with plain data. One request is worked at a time; the page drops answers of a
// superseded generation, and terminates the worker when one must be abandoned mid-way.

import { openLink } from './links';
import type { Reply, Request } from './protocol';

interface WorkerScope {
  onmessage: ((e: MessageEvent<Request>) => void) | null;
  postMessage(m: Reply): void;
}
const scope = self as unknown as WorkerScope;
type Body<T> = T extends unknown ? Omit<T, 'id' | 'gen'> : never;

scope.onmessage = (e) => {
  const req = e.data;
  const post = (m: Body<Reply>) => scope.postMessage({ ...m, id: req.id, gen: req.gen } as Reply);
  try {
    switch (req.kind) {
      case 'open-link':
        post(openLink(req.hash, (stage) => post({ kind: 'progress', stage })));
        break;
    }
  } catch (err) {
    // the core reports bad input as located errors; anything thrown is a bug, still said in one line
    post({ kind: 'failed', message: `internal error: ${(err as Error).message}` });
  }
};

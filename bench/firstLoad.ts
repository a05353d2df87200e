// The initial JS of the built app: the entry script plus every modulepreload dist/index.html names, gzip -9.
// One definition for `npm run bench:ui` (first_load_js_kb) and the budget check `npm test` runs after the build.

import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

export interface InitialChunk {
  file: string;
  gzipBytes: number;
}

export function initialChunks(dist = 'dist'): InitialChunk[] {
  const html = readFileSync(`${dist}/index.html`, 'utf8');
  const srcs = new Set<string>();
  for (const m of html.matchAll(/<script[^>]+type="module"[^>]*src="([^"]+)"/g)) srcs.add(m[1]);
  for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]*href="([^"]+)"/g)) srcs.add(m[1]);
  return [...srcs].map((s) => {
    const file = `${dist}/` + s.replace(/^\//, '').replace(/^.*?assets\//, 'assets/');
    return { file, gzipBytes: gzipSync(readFileSync(file), { level: 9 }).length };
  });
}

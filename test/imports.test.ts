// Imports point one way. The test reads the import graph of src/ (test/support/imports.ts: every import,
// re-export and dynamic import of the non-test .ts/.tsx files, relative paths resolved) and fails on an arrow
// that points the wrong way:
//   - core imports nothing outside core (packages: only the pure YAML parser);
//   - kernel-model code (core/walk, core/bgp) does not import text renderers;
//   - store does not import view or ui; view does not import store or ui;
//   - nothing imports app but the entry point (src/main.tsx);
//   - no import cycles except the walk's kernel recursion, ip ↔ link and ip ↔ tunnel: IP output hands a frame
//     to the link layer, which delivers it to the next namespace's IP receive; a tunnel's transmit re-enters
//     IP output with the outer packet and its decapsulation re-enters IP receive with the inner one, as in
//     the kernel (ip_output → neigh_output → … → ip_rcv; ip_tunnel_xmit → ip_local_out; ipip_rcv → ip_rcv);
//   - every non-test file under src is imported by shipped code (test helpers live in test/support).
// Type-only imports count: a type is a dependency too, and belongs to the module that owns it.
//
// What counts as a text renderer: a module whose job is the text a tool prints for a state or a result —
// core/render (route -n, ip route, calicoctl tables, ss, ping, traceroute), core/bgp/text.ts (calicoctl node
// status and friends), core/tools.ts (a walk's traceroute/ping/report text), core/wire/tcpdump.ts and the
// terminal (core/terminal). The walk's own hop narration (walk/text.ts, core/msg) is part of the walk's
// record, not a renderer; a route's one-line form is the model's (core/model/routeLine.ts).

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycles, importGraph, ROOT, sourceFiles, type Edge } from './support/imports';

const edges = importGraph(['src']).filter((e) => !/\.test\.tsx?$/.test(e.from));
const under = (f: string, dir: string) => f === dir || f.startsWith(dir + '/');
const arrow = (e: Edge) => `${e.from} -> ${e.to}${e.typeOnly ? ' (type)' : ''}`;

const CORE_PACKAGES = new Set(['yaml']);
const ENTRY_POINTS = new Set(['src/main.tsx']);
/** Started from outside (index.html, `npm run cli`, the page's `new Worker(new URL(…))`), so nothing in src imports them. */
const PROGRAMS = new Set(['src/main.tsx', 'src/cli/main.ts', 'src/worker/labWorker.ts']);
const RENDERERS = (f: string) =>
  under(f, 'src/core/render') || under(f, 'src/core/terminal') || ['src/core/bgp/text.ts', 'src/core/tools.ts', 'src/core/wire/tcpdump.ts'].includes(f);
const KERNEL_MODEL = (f: string) => (under(f, 'src/core/walk') || under(f, 'src/core/bgp')) && !RENDERERS(f);

/** The one cycle the design has: the walk's kernel recursion. */
const ALLOWED_CYCLES = [['src/core/walk/ip.ts', 'src/core/walk/link.ts', 'src/core/walk/tunnel.ts']];


function wrong(rule: (e: Edge) => boolean): string[] {
  return edges.filter(rule).map(arrow);
}

describe('import graph', () => {
  it('reads every import: relative paths resolve to files, and a multi-line import is seen', () => {
    const unresolved = edges.filter((e) => e.to.startsWith('src/') && !existsSync(join(ROOT, e.to))).map(arrow);
    expect(unresolved).toEqual([]);
    // walk/ip.ts imports './icmp' with a named list over several lines
    expect(edges.some((e) => e.from === 'src/core/walk/ip.ts' && e.to === 'src/core/walk/icmp.ts')).toBe(true);
    // lazy panels are dynamic imports
    expect(edges.some((e) => e.from === 'src/ui/Dock.tsx' && e.dynamic)).toBe(true);
  });

  it('core imports nothing outside core', () => {
    expect(wrong((e) => under(e.from, 'src/core') && (e.to.startsWith('src/') ? !under(e.to, 'src/core') : !CORE_PACKAGES.has(e.to)))).toEqual([]);
  });

  it('kernel-model code (walk, bgp) does not import text renderers', () => {
    expect(wrong((e) => KERNEL_MODEL(e.from) && RENDERERS(e.to))).toEqual([]);
  });

  it('store does not import view or ui; view does not import store or ui', () => {
    expect(wrong((e) => under(e.from, 'src/store') && (under(e.to, 'src/view') || under(e.to, 'src/ui')))).toEqual([]);
    expect(wrong((e) => under(e.from, 'src/view') && (under(e.to, 'src/store') || under(e.to, 'src/ui')))).toEqual([]);
  });

  it('nothing imports app but the entry point', () => {
    expect(wrong((e) => under(e.to, 'src/app') && !under(e.from, 'src/app') && !ENTRY_POINTS.has(e.from))).toEqual([]);
  });

  it('holds only shipped code: every non-test file under src is imported by src (test helpers live in test/support)', () => {
    const imported = new Set(edges.map((e) => e.to));
    const orphans = sourceFiles('src').filter((f) => !/\.test\.tsx?$/.test(f) && !PROGRAMS.has(f) && !imported.has(f));
    expect(orphans, 'imported by no shipped file: move a test-only helper to test/support, or delete dead code').toEqual([]);
  });

  it('has no import cycles but the walk kernel recursion', () => {
    const found = cycles(edges.filter((e) => e.to.startsWith('src/')));
    const key = (c: string[]) => c.join(' ');
    const allowed = new Set(ALLOWED_CYCLES.map(key));
    expect(found.map(key).filter((c) => !allowed.has(c))).toEqual([]);
    // the allowed cycle is still what it claims to be (if the walk untangles it, drop it from the list)
    expect(found.map(key)).toEqual(expect.arrayContaining(ALLOWED_CYCLES.map(key)));
  });
});

// `npm run bench:ui`: the app's figures, measured in Debian's chromium on this machine. Builds, serves the
// build with `vite preview`, then measures
//   first_load_js_kb     the initial JS (entry + modulepreloads in dist/index.html), gzip -9 via node:zlib
//   first_render_ms      navigation start → the default lab's first route panel in the DOM (median of 5), for a
//                        returning visitor (the first-visit callout dismissed: localStorage cni-lab:intro-dismissed=1)
//   first_render_callout_ms  the same for a first visit: navigation start → the route panel and the first-visit
//                        callout both in the DOM (median of 5)
//   anim_fps_median      requestAnimationFrame callbacks per second while a packet animates on a generated
//                        20-node, 200-pod lab (median of 1 s windows)
//   interactive_50_ms    on a generated 50-node lab: IPIP → Never clicked → route panel updated → next frame
//                        (median of 3)
//   min_pod_name_px_1366 / min_pod_name_px_presenter_1920
//                        the smallest pod name on screen (CSS px: computed font size × the scale its box is drawn
//                        at) after the initial fit of the default lab, at 1366×768 and in presenter mode at
//                        1920×1080; min_name_px_* the same over every name in the picture (nodes, devices, NICs)
// Progress goes to stderr; stdout gets ONE JSON object. No thresholds: the report compares.

import { execSync, spawn } from 'node:child_process';
import { chromium, type Page } from '@playwright/test';
import lz from 'lz-string';
import { generateCluster } from './generate';
import { initialChunks } from './firstLoad';
import { scenarioToYaml } from '../src/core/scenario';

const PORT = 4179;
const BASE = `http://127.0.0.1:${PORT}`;
const log = (...a: unknown[]) => console.error('[bench:ui]', ...a);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round1 = (x: number) => Math.round(x * 10) / 10;
/** rounded down: a size reported as 11 is never 10.96 */
const floor2 = (x: number) => Math.floor(x * 100) / 100;

/** the app's share link format (src/store/share.ts, schemaVersion 2) */
function shareUrl(yaml: string, packet: Record<string, unknown>): string {
  return `${BASE}/#s=${lz.compressToEncodedURIComponent(JSON.stringify({ schemaVersion: 2, yaml, packet }))}`;
}

function firstLoadJsKb(): number {
  let bytes = 0;
  for (const c of initialChunks()) {
    log(`initial chunk ${c.file}: ${(c.gzipBytes / 1024).toFixed(1)} KB gzip`);
    bytes += c.gzipBytes;
  }
  return round1(bytes / 1024);
}

async function waitForServer(url: string, ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`preview server did not answer on ${url}`);
}

/** `callout`: also wait for the first-visit callout (src/ui/FirstVisit.tsx) */
const renderProbe = (callout: boolean) => `
  window.__firstRender = undefined;
  new MutationObserver((_, obs) => {
    if (document.querySelector('[aria-label^="route -n — "]')${callout ? " && document.querySelector('.first-visit')" : ''}) { window.__firstRender = performance.now(); obs.disconnect(); }
  }).observe(document, { subtree: true, childList: true });
`;
const INTRO_KEY = 'cni-lab:intro-dismissed';

async function firstRender(page: Page): Promise<number> {
  await page.goto(BASE + '/');
  await page.waitForFunction('window.__firstRender !== undefined');
  return page.evaluate('window.__firstRender') as Promise<number>;
}

/** median first render over 5 loads (a sixth, first, warms the server and the disk cache) */
async function firstRenders(browser: Awaited<ReturnType<typeof chromium.launch>>, firstVisit: boolean): Promise<number> {
  const ctx = await browser.newContext({
    viewport: { width: 1280, height: 720 },
    reducedMotion: 'no-preference',
    // a returning visitor has dismissed the callout; a first visit has empty storage (and nothing dismisses it here)
    ...(firstVisit ? {} : { storageState: { cookies: [], origins: [{ origin: BASE, localStorage: [{ name: INTRO_KEY, value: '1' }] }] } }),
  });
  await ctx.addInitScript(renderProbe(firstVisit));
  const renders: number[] = [];
  for (let i = 0; i < 6; i++) {
    const page = await ctx.newPage();
    const ms = await firstRender(page);
    if (i > 0) renders.push(ms);
    if (firstVisit && i === 0 && !(await page.locator('.first-visit').count())) throw new Error('the first-visit callout did not show');
    await page.close();
  }
  await ctx.close();
  log(`first render runs (${firstVisit ? 'first visit, callout shown' : 'callout dismissed'}): ${renders.map(round1).join(', ')} ms`);
  return round1(median(renders));
}

// Page-side code is passed as text: tsx's helpers (__name) do not exist in the page.

/** rAF callbacks in one-second windows while the packet plays */
const FPS_PROBE = `(async () => {
  const windows = [];
  for (let w = 0; w < 6; w++) {
    let n = 0;
    const t0 = performance.now();
    await new Promise((done) => {
      const tick = () => { n++; if (performance.now() - t0 < 1000) requestAnimationFrame(tick); else done(); };
      requestAnimationFrame(tick);
    });
    windows.push((n * 1000) / (performance.now() - t0));
  }
  return windows;
})()`;

async function animFps(page: Page): Promise<number[]> {
  return page.evaluate(FPS_PROBE) as Promise<number[]>;
}

/** click an IPIP mode; resolve when the first route panel shows the new table (no tunl0 line for Never,
 *  tunl0 lines for Always, the struck-through marks ignored), one frame later */
const toggleProbe = (m: 'Never' | 'Always') => `(async () => {
  const radio = [...document.querySelectorAll('[role="radiogroup"][aria-label="IPIP mode"] input')].find((i) => i.value === '${m}');
  const panel = document.querySelector('[aria-label^="route -n — "]');
  const lines = () => [...panel.querySelectorAll('.line:not(.removed)')].map((l) => l.textContent).join('\\n');
  const done = () => ${m === 'Never' ? "!/tunl0/.test(lines())" : '/tunl0/.test(lines())'};
  const t0 = performance.now();
  radio.click();
  await new Promise((resolve) => { const check = () => (done() ? resolve() : requestAnimationFrame(check)); check(); });
  await new Promise((r) => requestAnimationFrame(r));
  return performance.now() - t0;
})()`;

async function toggleLatency(page: Page, mode: 'Never' | 'Always'): Promise<number> {
  return page.evaluate(toggleProbe(mode)) as Promise<number>;
}

/** the smallest on-screen size of the picture's texts in view: pod names, and every name */
const NAME_PROBE = `(() => {
  const svg = document.querySelector('.topology svg');
  const vb = svg.getBoundingClientRect();
  let pod = Infinity, any = Infinity;
  for (const t of svg.querySelectorAll('.pod-name, .node-name, .chip-text, .nic-name, .more-text, .router-name')) {
    const r = t.getBoundingClientRect();
    if (r.width === 0 || r.right < vb.left || r.left > vb.right || r.bottom < vb.top || r.top > vb.bottom) continue;
    const px = parseFloat(getComputedStyle(t).fontSize) * (r.height / t.getBBox().height);
    any = Math.min(any, px);
    if (t.classList.contains('pod-name')) pod = Math.min(pod, px);
  }
  return { pod, any };
})()`;

async function nameSizes(browser: Awaited<ReturnType<typeof chromium.launch>>, width: number, height: number, query: string): Promise<{ pod: number; any: number }> {
  const ctx = await browser.newContext({ viewport: { width, height }, reducedMotion: 'no-preference' });
  const page = await ctx.newPage();
  await page.goto(`${BASE}/${query}`);
  await page.locator('.topo .pod-name').first().waitFor();
  await page.waitForTimeout(500); // the fit follows the box's first resize
  const r = (await page.evaluate(NAME_PROBE)) as { pod: number; any: number };
  await page.screenshot({ path: `artifacts/bench-names-${width}x${height}${query ? '-presenter' : ''}.png` });
  await ctx.close();
  return r;
}

async function main() {
  log('vite build');
  execSync('npx vite build', { stdio: ['ignore', 'ignore', 'inherit'] });
  const figures: Record<string, number> = { first_load_js_kb: firstLoadJsKb() };

  const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], { stdio: 'ignore', detached: true });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    await waitForServer(BASE + '/', 30_000);
    // first render of the default lab: a returning visitor, then a first visit with the callout over the picture
    figures.first_render_ms = await firstRenders(browser, false);
    figures.first_render_callout_ms = await firstRenders(browser, true);
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 }, reducedMotion: 'no-preference', storageState: { cookies: [], origins: [{ origin: BASE, localStorage: [{ name: INTRO_KEY, value: '1' }] }] } });

    // animation on a 20-node, 200-pod lab
    const s20 = generateCluster({ nodes: 20, podsPerNode: 10, ipipMode: 'Always' });
    const page = await ctx.newPage();
    await page.goto(shareUrl(scenarioToYaml(s20), { from: 'default/pod-1-1', to: 'default/pod-20-1', protocol: 'icmp', size: 56 }));
    await page.getByRole('list', { name: 'Hops' }).waitFor();
    await page.getByRole('button', { name: 'Play' }).click();
    const fps = await animFps(page);
    const stillPlaying = await page.getByRole('button', { name: 'Pause' }).count();
    figures.anim_fps_median = round1(median(fps));
    log(`20 nodes / 200 pods, fps per second while playing: ${fps.map(round1).join(', ')} (still playing at the end: ${stillPlaying > 0})`);
    await page.close();

    // a 50-node lab stays interactive
    const s50 = generateCluster({ nodes: 50, podsPerNode: 4, ipipMode: 'Always' });
    const p50 = await ctx.newPage();
    const t0 = Date.now();
    await p50.goto(shareUrl(scenarioToYaml(s50), { from: 'default/pod-1-1', to: 'default/pod-50-1', protocol: 'icmp', size: 56 }));
    await p50.getByRole('region', { name: /^route -n — / }).first().waitFor();
    log(`50-node lab on screen after ${Date.now() - t0} ms`);
    const lat: number[] = [];
    for (let i = 0; i < 3; i++) {
      lat.push(await toggleLatency(p50, 'Never'));
      lat.push(await toggleLatency(p50, 'Always'));
    }
    figures.interactive_50_ms = round1(median(lat));
    log(`50 nodes, IPIP toggle → route panel updated: ${lat.map(round1).join(', ')} ms`);
    await p50.screenshot({ path: 'artifacts/bench-50-nodes.png' });
    await p50.close();

    // readable names: the default lab at a laptop size and in presenter mode on a 1080p projector
    const laptop = await nameSizes(browser, 1366, 768, '');
    const presenter = await nameSizes(browser, 1920, 1080, '?present=1');
    figures.min_pod_name_px_1366 = floor2(laptop.pod);
    figures.min_name_px_1366 = floor2(laptop.any);
    figures.min_pod_name_px_presenter_1920 = floor2(presenter.pod);
    figures.min_name_px_presenter_1920 = floor2(presenter.any);
    log(`smallest names on screen: 1366×768 pods ${laptop.pod.toFixed(2)} px (any ${laptop.any.toFixed(2)}), presenter 1920×1080 pods ${presenter.pod.toFixed(2)} px (any ${presenter.any.toFixed(2)})`);
  } finally {
    await browser.close();
    try {
      process.kill(-server.pid!, 'SIGTERM');
    } catch {
      server.kill('SIGTERM');
    }
  }
  console.log(JSON.stringify(figures));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

// Issue 13's browser figures, part of `npm run bench`: a production build served by `vite preview`, opened in
// Debian's chromium with share links of generated labs (test/support/bigLab.ts, pods as Deployments).
//   open_1k_ms           navigation start → node-1's `route -n` text on screen, 1,000 nodes × 30 pods
//                        (the lab is built in the lab worker; median of 3)
//   longest_task_1k_ms   the longest main-thread task (PerformanceObserver 'longtask') during that open
//                        (median over the runs of each run's longest)
//   longest_task_10k_ms  the same for a 10,000-node link, until its E122 node-limit error shows
// Progress goes to stderr. No thresholds: the report compares (target: 3,000 ms, 200 ms, 200 ms).

import { execSync, spawn } from 'node:child_process';
import { chromium, type Browser } from '@playwright/test';
import lz from 'lz-string';
import { bigLabYaml } from '../test/support/bigLab';

const PORT = Number(process.env.CNI_LAB_BENCH_PORT ?? 4178);
const BASE = `http://127.0.0.1:${PORT}`;
const log = (...a: unknown[]) => console.error('[bench:open]', ...a);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round1 = (x: number) => Math.round(x * 10) / 10;

const link = (yaml: string) => `${BASE}/#s=${lz.compressToEncodedURIComponent(JSON.stringify({ schemaVersion: 2, yaml }))}`;

// page-side code as text (tsx's helpers do not exist in the page)
const PROBE = `
  window.__longest = 0;
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longest = Math.max(window.__longest, e.duration); }).observe({ type: 'longtask', buffered: true });
`;

async function openOnce(browser: Browser, url: string, done: string): Promise<{ ms: number; longest: number }> {
  // bypassCSP: the probes below are strings, which the app's policy (no eval) would refuse
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 }, bypassCSP: true });
  await ctx.addInitScript(PROBE);
  const page = await ctx.newPage();
  await page.goto(url);
  await page.waitForFunction(done, undefined, { timeout: 120_000, polling: 16 });
  const ms = (await page.evaluate('performance.now()')) as number;
  // tasks already running when the text appeared are reported when they end
  await page.waitForTimeout(500);
  const longest = (await page.evaluate('window.__longest')) as number;
  await ctx.close();
  return { ms, longest };
}

export async function openBench(): Promise<Record<string, number>> {
  log('building the app');
  execSync('npx vite build', { stdio: ['ignore', 'ignore', 'inherit'] });
  const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], { stdio: 'ignore', detached: true });
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(BASE)).ok) break;
      } catch {
        if (i > 200) throw new Error(`preview server did not answer on ${BASE}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      const url1k = link(bigLabYaml(1000, 30));
      const routeShown = `!!document.querySelector('[aria-label="route -n — node-1"]')?.textContent?.includes('Kernel IP routing table')`;
      const runs1k = [];
      for (let i = 0; i < 3; i++) runs1k.push(await openOnce(browser, url1k, routeShown));
      log(`1k×30 runs: ${runs1k.map((r) => `${round1(r.ms)} ms (longest task ${round1(r.longest)})`).join(', ')}`);
      const url10k = link(bigLabYaml(10_000, 3));
      const limitShown = `[...document.querySelectorAll('[role="alert"]')].some((e) => e.textContent.includes('E122'))`;
      const runs10k = [];
      for (let i = 0; i < 3; i++) runs10k.push(await openOnce(browser, url10k, limitShown));
      log(`10k runs: ${runs10k.map((r) => `${round1(r.ms)} ms to E122 (longest task ${round1(r.longest)})`).join(', ')}`);
      return {
        open_1k_ms: round1(median(runs1k.map((r) => r.ms))),
        longest_task_1k_ms: round1(median(runs1k.map((r) => r.longest))),
        longest_task_10k_ms: round1(median(runs10k.map((r) => r.longest))),
        open_10k_error_ms: round1(median(runs10k.map((r) => r.ms))),
      };
    } finally {
      await browser.close();
    }
  } finally {
    // the preview server and its children: its own process group, started above (already gone: nothing to do)
    try {
      if (server.pid) process.kill(-server.pid);
    } catch {
      server.kill();
    }
  }
}

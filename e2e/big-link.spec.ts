import { expect, test, type Page } from '@playwright/test';
import lz from 'lz-string';
import { bigLabYaml } from '../test/support/bigLab';
import { clusterDump } from '../test/support/clusterDump';
import { openText } from '../src/core/session/session';
import { bomb } from '../test/support/linkBomb';

// Issue 13: a huge shared link must not freeze the tab. The link is inflated, read and refused in the lab
// worker (src/worker), so the page stays responsive, shows progress while it waits, and ends at the
// numbered limit error over the default lab.
//
// The long-task bound here is deliberately generous (LONG_TASK_BOUND_MS): the 200 ms target is a benchmark
// figure (`npm run bench`: longest_task_10k_ms), measured and reported, because this suite runs on shared,
// loaded machines where a browser's ordinary first render of the default lab can pass 200 ms. The bound still
// fails the way this broke: reading a 10,000-node link on the main thread is one task of several seconds
// (54 s in the issue; ~2.5 s just to reach the node limit).

const LONG_TASK_BOUND_MS = 1000;

const link = (yaml: string) => '/#s=' + lz.compressToEncodedURIComponent(JSON.stringify({ schemaVersion: 2, yaml }));

async function watchLongTasks(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
    // the worker runs under the page's Content-Security-Policy (worker-src 'self'): a violation fails here
    (window as unknown as { __csp: string[] }).__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return async () => page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
}

test('a 10,000-node shared link stops at the numbered node limit, off the main thread, with progress shown', async ({ page }) => {
  const longTasks = await watchLongTasks(page);
  const url = link(bigLabYaml(10_000, 3));
  expect(url.length).toBeGreaterThan(50_000);
  const t0 = Date.now();
  await page.goto(url);
  // the worker is reading the lab: the page says so instead of freezing
  await expect(page.getByRole('status').filter({ hasText: 'Opening the shared lab' })).toContainText('Reading and checking the lab');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('E122 the scenario has 10,000 nodes, more than the limit of 2,000', { timeout: 10_000 });
  expect(Date.now() - t0).toBeLessThan(10_000);
  await expect(alert).toContainText('Showing the default lab instead');
  await expect(page.getByRole('region', { name: 'route -n — node-1' })).toContainText('Kernel IP routing table');
  const tasks = await longTasks();
  console.log(`[big-link] 10k link: error after ${Date.now() - t0} ms; long tasks (ms): ${tasks.map(Math.round).join(', ') || 'none'}`);
  expect(Math.max(0, ...tasks)).toBeLessThan(LONG_TASK_BOUND_MS);
  expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
});

test('a 1,000-node × 30-pod link opens from the worker: route text on screen, counts instead of boxes, edits and packets answered', async ({ page }) => {
  test.setTimeout(240_000);
  const longTasks = await watchLongTasks(page);
  const t0 = Date.now();
  await page.goto(link(bigLabYaml(1000, 30)));
  const node1 = page.getByRole('region', { name: 'route -n — node-1' });
  await expect(node1).toContainText('Kernel IP routing table', { timeout: 60_000 });
  const openMs = Date.now() - t0;
  await expect(page.getByText('calico · 1,000 nodes · 30,000 pods')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Nodes by network' })).toContainText('lan 10.0.0.0/16: 1,000 nodes (node-1 … node-1000), 30,000 pods');
  // the picture is the worker's aggregated model: 40 groups of 25 nodes, not 1,000 cards
  await expect(page.locator('svg.topo [data-group]')).toHaveCount(40);
  await expect(page.locator('[data-group="group:lan:1"] .group-counts')).toHaveText('25 nodes · 750 pods');
  expect(await page.locator('svg.topo [data-node]').count()).toBe(0);
  // node-2's block is reached through the IPIP tunnel …
  await expect(node1).toContainText(/10\.1[2-4]\d\.\d+\.\d+\s+10\.0\.0\.11\s+255\.255\.255\.192 UG\s+0\s+0\s+0 tunl0/);
  // … and over eth0 once IPIP is off: the worker rebuilds, the page only shows the answer
  await page.getByRole('radiogroup', { name: 'IPIP mode' }).getByRole('radio', { name: 'Never' }).check();
  await expect(node1).toContainText(/10\.1[2-4]\d\.\d+\.\d+\s+10\.0\.0\.11\s+255\.255\.255\.192 UG\s+0\s+0\s+0 eth0/, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('list', { name: 'Hops' })).toContainText('eth0', { timeout: 30_000 });
  await expect(page.getByText(/^Verdict: delivered at pod\//)).toBeVisible();
  // the packet's two nodes become real cards, each after its group
  await expect(page.locator('svg.topo [data-node]')).toHaveCount(2);

  // a change made while the previous one still builds replaces it: Undo (back to IPIP, a rebuild from the
  // YAML) is abandoned mid-way by VXLAN Always — the worker is terminated, a fresh one builds the newest
  // recipe, and the undone lab (tunl0 routes) is never shown
  await page.evaluate(() => {
    const w = window as unknown as { __sawUndone: boolean };
    w.__sawUndone = false;
    const panel = document.querySelector('[aria-label="route -n — node-1"]')!;
    new MutationObserver(() => {
      if (/ 10\.0\.0\.11 .* tunl0$/m.test(panel.textContent ?? '')) w.__sawUndone = true;
    }).observe(panel, { subtree: true, childList: true, characterData: true });
  });
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.getByRole('radiogroup', { name: 'VXLAN mode' }).getByRole('radio', { name: 'Always' }).check();
  await expect(page.getByRole('status')).toContainText('Building the cluster');
  await expect(node1).toContainText(/ vxlan\.calico$/m, { timeout: 90_000 });
  await expect(page.getByRole('radiogroup', { name: 'IPIP mode' }).getByRole('radio', { name: 'Never' })).toBeChecked();
  expect(await page.evaluate(() => (window as unknown as { __sawUndone: boolean }).__sawUndone)).toBe(false);
  const tasks = await longTasks();
  console.log(`[big-link] 1k×30 link: route text after ${openMs} ms; long tasks (ms): ${tasks.map(Math.round).join(', ') || 'none'}`);
  expect(Math.max(0, ...tasks)).toBeLessThan(LONG_TASK_BOUND_MS);
});

test('files are read in the worker: a broken scenario keeps the lab, a big cluster\'s dumps open as a big lab', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('region', { name: 'route -n — node-1' })).toContainText('Kernel IP routing table');
  const input = page.getByLabel('Import scenario YAML file');
  await input.setInputFiles({ name: 'broken.yaml', mimeType: 'text/yaml', buffer: Buffer.from(bigLabYaml(60, 2).replace('ip: 10.0.0.11/16', 'ip: 10.0.0.300/16')) });
  await expect(page.getByRole('alert')).toContainText('broken.yaml:8 spec.nodes[1].interfaces[0].ip: E113');
  await expect(page.getByText('calico · 4 nodes · 10 pods')).toBeVisible();
  // kubectl/calicoctl dumps of a 60-node cluster: imported in the worker, over SMALL_LAB, so a big lab
  const dump = clusterDump(openText(bigLabYaml(60, 2), 'x.yaml').session!.state, { nodeFiles: false });
  await input.setInputFiles(dump.map((f) => ({ name: f.name, mimeType: 'text/yaml', buffer: Buffer.from(f.text) })));
  await expect(page.getByText('calico · 60 nodes · 120 pods')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(/^A big lab: it is built and walked in a background worker/)).toBeVisible();
  await expect(page.getByRole('region', { name: 'route -n — node-1' })).toContainText('tunl0');
});

test('a 45 KB link that would inflate to 200 million characters stops at the inflated-size limit, numbered, at once', async ({ page }) => {
  const longTasks = await watchLongTasks(page);
  const t0 = Date.now();
  // written by hand in lz-string's stream format (test/support/linkBomb.ts); inflating stops at the limit
  await page.goto('/#s=' + bomb(20_000));
  await expect(page.getByRole('alert')).toContainText('E122 the shared link inflates to over 2,102,275 characters, more than the limit of 2,101,248', { timeout: 10_000 });
  const ms = Date.now() - t0;
  await expect(page.getByRole('alert')).toContainText('Showing the default lab instead');
  const tasks = await longTasks();
  console.log(`[big-link] hostile link: error after ${ms} ms; long tasks (ms): ${tasks.map(Math.round).join(', ') || 'none'}`);
  expect(Math.max(0, ...tasks)).toBeLessThan(LONG_TASK_BOUND_MS);
});

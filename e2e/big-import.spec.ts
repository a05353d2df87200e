// Issue 13 point 1 for files: a scenario file over SMALL_LAB given to Import YAML is checked in the lab worker
// and opened as a big lab, exactly as a shared link of it is (the worker builds it; the page never parses or
// builds it), with progress shown; a broken one keeps the lab with its located error; a newer import or an
// edit abandons one still being read.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { bigLabYaml } from '../test/support/bigLab';

/** The bound the longest main-thread task is held to here. The target is 200 ms (issue 13 point 1); this
 *  suite runs on shared machines at load 15–20 where the browser's own boot of a page (the big lab opens from
 *  its link, a new document) reaches ~200–300 ms, so the bound is big-link.spec's: it still fails the way
 *  this broke (the file built on the page was one task of 3 s at 300 nodes, 113 s at 1,000 × 30). The
 *  measured figure is printed. */
const LONG_TASK_BOUND_MS = 1000;

/** Main-thread tasks over 50 ms (longtask entries) of every document the page loads, reported as they
 *  happen (the big lab opens from its link: the page goes to it, a second document). */
async function watchLongTasks(page: Page) {
  const tasks: number[] = [];
  await page.exposeBinding('__longTask', (_s, d: number) => void tasks.push(d));
  await page.addInitScript(() => {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) (window as unknown as { __longTask(d: number): void }).__longTask(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  return tasks;
}

/** the big-lab page's route text of node-1, read without the accessibility tree (building that tree over a
 *  page of a thousand options is itself a long task, which the measure must not count) */
const bigRoutes = (page: Page, timeout: number) =>
  page.waitForFunction(() => /Kernel IP routing table/.test(document.querySelector('.big-lab section[aria-label="route -n — node-1"] pre')?.textContent ?? ''), undefined, { timeout, polling: 250 });

async function openDefault(page: Page) {
  await page.goto('/?autoplay=0');
  await page.waitForFunction(() => /Kernel IP routing table/.test(document.querySelector('section[aria-label="route -n — node-1"]')?.textContent ?? ''), undefined, { polling: 250 });
}

const importFile = (page: Page, name: string, text: string) => page.getByLabel('Import scenario YAML file').setInputFiles({ name, mimeType: 'text/yaml', buffer: Buffer.from(text) });

test('a 1,000-node × 30-pod scenario file opens as a big lab: route text on screen, no long main-thread task', async ({ page }) => {
  test.setTimeout(180_000);
  const tasks = await watchLongTasks(page);
  await openDefault(page);
  // the default lab's own first render is not the import's
  await page.waitForTimeout(500);
  tasks.length = 0;
  const t0 = Date.now();
  await importFile(page, 'big.yaml', bigLabYaml(1000, 30));
  await bigRoutes(page, 120_000);
  const ms = Date.now() - t0;
  expect(await page.locator('.big-top .summary').textContent()).toBe('calico · 1,000 nodes · 30,000 pods');
  // the address is the big lab's link: a reload or Back comes back to it
  expect(new URL(page.url()).hash).toMatch(/^#s=/);
  await page.waitForTimeout(500);
  console.log(`[big-import] 1k×30 file: route text after ${ms} ms; long tasks (ms): ${tasks.map(Math.round).join(', ') || 'none'}`);
  expect(Math.max(0, ...tasks)).toBeLessThan(LONG_TASK_BOUND_MS);
});

test('a big file shows progress while the worker reads and builds it', async ({ page }) => {
  test.setTimeout(120_000);
  await openDefault(page);
  await importFile(page, 'big.yaml', bigLabYaml(1000, 30));
  // the build of 30,000 pods takes seconds: the opening page says what is being done past 300 ms
  await expect(page.getByRole('status').filter({ hasText: 'Opening the shared lab' })).toContainText('Building the cluster', { timeout: 60_000 });
  await bigRoutes(page, 120_000);
});

test('a broken big file keeps the lab, with its located error', async ({ page }) => {
  await openDefault(page);
  await importFile(page, 'broken.yaml', bigLabYaml(1000, 30).replace('ip: 10.0.0.11/16', 'ip: 10.0.0.300/16'));
  await expect(page.getByRole('alert')).toContainText('broken.yaml:8 spec.nodes[1].interfaces[0].ip: E113', { timeout: 60_000 });
  await expect(page.getByRole('alert')).toContainText('Could not load broken.yaml; the current lab is unchanged.');
  await expect(page.getByText('calico · 4 nodes · 10 pods')).toBeVisible();
  expect(new URL(page.url()).hash).not.toMatch(/^#s=.*&/);
  expect(await page.locator('.big-lab').count()).toBe(0);
});

test('a newer import abandons a big one still being read; so does an edit of the lab on screen', async ({ page }) => {
  test.setTimeout(120_000);
  await openDefault(page);
  const small = readFileSync('presets/seed001-ipip.yaml', 'utf8');
  const big = bigLabYaml(1000, 30);
  await importFile(page, 'big.yaml', big);
  await importFile(page, 'seed001.yaml', small);
  await expect(page.getByRole('status').filter({ hasText: 'Imported seed001.yaml' })).toBeVisible({ timeout: 60_000 });
  const summary = await page.locator('.topbar').getByText(/^calico · \d+ nodes · \d+ pods$/).textContent();
  // the big file never opens over it
  await page.waitForTimeout(3000);
  expect(await page.locator('.big-lab').count()).toBe(0);
  await expect(page.locator('.topbar').getByText(summary!)).toBeVisible();

  // an edit made while a big file is read wins over it
  await importFile(page, 'big.yaml', big);
  await page.getByRole('radiogroup', { name: 'IPIP mode' }).getByRole('radio', { name: 'Never' }).check();
  await page.waitForTimeout(3000);
  expect(await page.locator('.big-lab').count()).toBe(0);
  await expect(page.getByRole('radiogroup', { name: 'IPIP mode' }).getByRole('radio', { name: 'Never' })).toBeChecked();
});

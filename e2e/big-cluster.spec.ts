// A big cluster's picture (issue 13 point 2): node groups instead of one card per node, readable at 1366×768,
// a group opens into its node cards, and a packet between two pods lands on real cards. A 300-node scenario
// file is over SMALL_LAB, so Import YAML opens it as a big lab (point 1: it is checked and built in the lab
// worker, never on the page); the big-lab page draws the worker's model with the app's picture engine.
import { expect, test, type Page } from '@playwright/test';
import { generateCluster } from '../bench/generate';
import { scenarioToYaml } from '../src/core/scenario/toYaml';

// 300 nodes on 3 racks behind a router, 2 pods each: 12 groups of 25 consecutive nodes
const yaml = scenarioToYaml(generateCluster({ nodes: 300, podsPerNode: 2, ipipMode: 'CrossSubnet', racks: 3 }));

/** The zoom the picture is drawn at (the viewport group's transform). */
async function scale(page: Page): Promise<number> {
  const t = (await page.locator('svg.topo g.viewport').getAttribute('transform')) ?? '';
  const m = /scale\(([\d.]+)/.exec(t);
  return m ? Number(m[1]) : 1;
}

async function open(page: Page) {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto('/?autoplay=0');
  await expect(page.getByRole('region', { name: 'route -n — node-1' })).toBeVisible();
  await page.getByLabel('Import scenario YAML file').setInputFiles({ name: 'big.yaml', mimeType: 'text/yaml', buffer: Buffer.from(yaml) });
  await expect(page.locator('.big-lab .big-top')).toContainText('calico · 300 nodes · 600 pods', { timeout: 60_000 });
  await expect(page.locator('svg.topo [data-group]').first()).toBeVisible();
}

test('a 300-node cluster is drawn as node groups with readable counts', async ({ page }) => {
  await open(page);
  const groups = page.locator('svg.topo [data-group]');
  await expect(groups).toHaveCount(12);
  // only the picked packet's endpoints are node cards
  expect(await page.locator('svg.topo [data-node]').count()).toBeLessThanOrEqual(2);
  const first = page.locator('[data-group="group:rack-1:1"]');
  await expect(first.locator('.group-name')).toHaveText('node-1 … node-25');
  await expect(first.locator('.group-counts')).toHaveText('25 nodes · 50 pods');
  await expect(first.locator('.group-line').first()).toHaveText('10.1.0.10 – 10.1.0.34');
  await expect(first.locator('.comp-line')).toHaveText('● calico-node 25/25  ● kube-proxy 25/25');
  // every group card text in view is at least 11 px on screen
  const box = (await page.locator('svg.topo').boundingBox())!;
  await expect(async () => {
    const k = await scale(page);
    const sizes = await groups.locator('text').evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { px: parseFloat(getComputedStyle(e).fontSize), x: r.x, y: r.y, w: r.width };
      }),
    );
    const inView = sizes.filter((s) => s.w > 0 && s.x >= box.x && s.y >= box.y && s.x < box.x + box.width && s.y < box.y + box.height);
    expect(inView.length).toBeGreaterThanOrEqual(8);
    for (const s of inView) expect(s.px * k).toBeGreaterThanOrEqual(10.99);
  }).toPass({ timeout: 10_000 });
  // the mesh is counted, not drawn
  await expect(page.locator('svg.topo .layer-note', { hasText: 'node-to-node mesh' })).toHaveText('node-to-node mesh: 44850 BGP sessions (not drawn one by one)');
  await page.screenshot({ path: 'artifacts/e2e-big-cluster-groups.png' });
});

test('a group opens into its node cards and folds again', async ({ page }) => {
  await open(page);
  const g2 = page.locator('[data-group="group:rack-2:2"]');
  // the group's "show its 25 nodes" row (the big-lab page opens a group by asking the worker for it); the
  // picture is drawn at a readable scale, so this group is out of view: by keyboard
  await g2.locator('[data-group-toggle]').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('svg.topo [data-in-group="group:rack-2:2"]')).toHaveCount(25);
  await expect(page.locator('[data-node="node-126"]')).toBeVisible();
  // the worker's model draws an opened group's pods as cards
  await expect(page.locator('[data-node="node-126"] [data-pod="default/pod-126-2"]')).toBeVisible();
  await expect(g2).toHaveAttribute('data-open', 'true');
  await page.screenshot({ path: 'artifacts/e2e-big-cluster-open.png' });
  await g2.locator('[data-group-toggle]').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('svg.topo [data-in-group="group:rack-2:2"]')).toHaveCount(0);
  await expect(g2).toHaveAttribute('data-open', 'false');
});

test('a packet between two pods in different groups lands on real cards', async ({ page }) => {
  await open(page);
  // the big-lab page's packet form: endpoints typed, the walk done in the worker, its hops listed
  await page.getByLabel('Source').fill('default/pod-5-1');
  await page.getByLabel('Destination').fill('default/pod-250-2');
  await page.getByRole('button', { name: 'Send' }).click();
  const hops = page.getByRole('list', { name: 'Hops' });
  await expect(hops).toContainText('pod-250-2', { timeout: 30_000 });
  await expect(page.getByText(/^Verdict: delivered at pod\/default\/pod-5-1/)).toBeVisible();
  // the endpoints' nodes are cards, after their groups; the rest stays grouped
  await expect(page.locator('[data-node="node-5"]')).toBeVisible();
  await expect(page.locator('[data-node="node-250"]')).toBeVisible();
  await expect(page.locator('[data-node="node-5"]')).toHaveAttribute('data-in-group', 'group:rack-1:1');
  await expect(page.locator('svg.topo [data-group]')).toHaveCount(12);
  await expect(page.locator('[data-pod="default/pod-250-2"]')).toBeVisible();
  await page.screenshot({ path: 'artifacts/e2e-big-cluster-packet.png' });
});

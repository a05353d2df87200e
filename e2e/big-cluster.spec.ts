// A big cluster's picture (issue 13 point 2): node groups instead of one card per node, readable at 1366×768,
// a group opens into its node cards, and a packet between two pods lands on real cards.
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
  await expect(page.getByText('calico · 300 nodes · 600 pods')).toBeVisible({ timeout: 30_000 });
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
  // the whole picture (small), then the group's "show its 25 nodes" row
  await page.getByRole('button', { name: 'Fit to view' }).click();
  await g2.locator('[data-group-toggle]').click();
  await expect(page.locator('svg.topo [data-in-group="group:rack-2:2"]')).toHaveCount(25);
  await expect(page.locator('[data-node="node-126"]')).toBeVisible();
  // 27 cards: their pods fold into one row each (semantic zoom), which unfolds on click
  await expect(page.locator('[data-node="node-126"] [data-expand="node-126"]')).toContainText('2 more pods');
  await expect(g2).toHaveAttribute('data-open', 'true');
  await page.screenshot({ path: 'artifacts/e2e-big-cluster-open.png' });
  await g2.locator('[data-group-toggle]').click();
  await expect(page.locator('svg.topo [data-in-group="group:rack-2:2"]')).toHaveCount(0);
  await expect(g2).toHaveAttribute('data-open', 'false');
});

test('a packet between two pods in different groups lands on real cards', async ({ page }) => {
  await open(page);
  for (const [box, pod] of [
    ['Source', 'pod-5-1'],
    ['Destination', 'pod-250-2'],
  ]) {
    const select = page.getByRole('combobox', { name: box });
    const label = await select.locator('option', { hasText: new RegExp(`^${pod} `) }).first().textContent();
    await select.selectOption({ label: label! });
  }
  await page.getByRole('button', { name: 'Send' }).click();
  // the endpoints' nodes are cards, after their groups; the rest stays grouped
  await expect(page.locator('[data-node="node-5"]')).toBeVisible();
  await expect(page.locator('[data-node="node-250"]')).toBeVisible();
  await expect(page.locator('[data-node="node-5"]')).toHaveAttribute('data-in-group', 'group:rack-1:1');
  await expect(page.locator('svg.topo [data-group]')).toHaveCount(12);
  const canvas = page.locator('canvas.packet-canvas');
  const at = async () => {
    await expect(canvas).toHaveAttribute('data-packet-at', /^\d+,\d+$/);
    const [x, y] = (await canvas.getAttribute('data-packet-at'))!.split(',').map(Number);
    const c = (await canvas.boundingBox())!;
    return { x: c.x + x, y: c.y + y };
  };
  // the view zooms to the packet's cards after Send: the packet rests inside the element once it has
  const inside = (el: string) =>
    expect(async () => {
      const p = await at();
      const b = (await page.locator(el).boundingBox())!;
      expect(p.x).toBeGreaterThanOrEqual(b.x - 1.5);
      expect(p.x).toBeLessThanOrEqual(b.x + b.width + 1.5);
      expect(p.y).toBeGreaterThanOrEqual(b.y - 1.5);
      expect(p.y).toBeLessThanOrEqual(b.y + b.height + 1.5);
    }).toPass({ timeout: 10_000 });
  // the first hop is in the source pod, on its card
  await inside('[data-pod="default/pod-5-1"]');
  await page.getByRole('button', { name: 'Step forward' }).click();
  await inside('[data-node="node-5"]');
  // on its way the packet reaches the destination pod, on node-250's card (the reply then comes back)
  const forward = page.getByRole('button', { name: 'Step forward' });
  const dest = page.locator('[data-pod="default/pod-250-2"]');
  let reached = false;
  for (let i = 0; i < 60 && !reached && !(await forward.isDisabled()); i++) {
    await forward.click();
    const p = await at();
    const b = await dest.boundingBox();
    reached = !!b && p.x >= b.x - 1.5 && p.x <= b.x + b.width + 1.5 && p.y >= b.y - 1.5 && p.y <= b.y + b.height + 1.5;
  }
  expect(reached).toBe(true);
  await expect(dest).toBeVisible();
  await page.screenshot({ path: 'artifacts/e2e-big-cluster-packet.png' });
});

import { expect, test, type Page } from '@playwright/test';
import lz from 'lz-string';
import { generateCluster } from '../bench/generate';
import { scenarioToYaml } from '../src/core/scenario';

// Issue 11, points 1 and 2: a picture the back row can read, and playback a teacher can drive.

const narration = (page: Page) => page.getByLabel('Hop narration');
const hopNo = async (page: Page) => Number(/Hop (\d+) of/.exec((await narration(page).textContent()) ?? '')?.[1] ?? NaN);

async function sendAcross(page: Page) {
  await page.getByRole('combobox', { name: 'Source' }).selectOption({ label: 'web-kbtv4l6gq8-xmgwx 172.20.247.1 (node-2)' });
  await page.getByRole('combobox', { name: 'Destination' }).selectOption({ label: 'api-tpw5cvvnjf-8jjk9 172.20.84.130 (node-1)' });
  await page.getByRole('button', { name: 'Send', exact: true }).click();
}

test.describe('playback', () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  test('Send plays at once; "Play on Send" turns it off and is remembered', async ({ page }) => {
    await page.goto('/');
    await sendAcross(page);
    await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
    await expect.poll(() => hopNo(page)).toBeGreaterThan(1);

    const auto = page.getByRole('checkbox', { name: 'Play on Send' });
    await expect(auto).toBeChecked();
    await auto.uncheck();
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
    await page.waitForTimeout(1000); // reduced motion steps every 700 ms while playing: nothing may move
    await expect(narration(page)).toContainText('Hop 1 of 34');

    await page.reload();
    await expect(page.getByRole('checkbox', { name: 'Play on Send' })).not.toBeChecked();
  });

  test('← → step and Space plays/pauses outside presenter mode, unless focus is in a text field; the keys are shown', async ({ page }) => {
    await page.goto('/?autoplay=0');
    const keys = page.getByLabel(/^Keyboard: left and right arrows step/);
    await expect(keys).toBeVisible();
    await expect(keys).toContainText('play / pause');
    await sendAcross(page);
    await expect(narration(page)).toContainText('Hop 1 of 34');
    // focus is on Send: the arrows still step, Space plays instead of sending again
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(narration(page)).toContainText('Hop 3 of 34');
    await page.keyboard.press('ArrowLeft');
    await expect(narration(page)).toContainText('Hop 2 of 34');
    await page.keyboard.press(' ');
    await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
    await page.keyboard.press(' ');
    await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
    const at = await hopNo(page);
    // typing in a field is typing
    const payload = page.getByRole('spinbutton', { name: 'Payload size' });
    await payload.focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press(' ');
    await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
    expect(await hopNo(page)).toBe(at);
    await expect(page.getByRole('button', { name: 'Step forward' })).toHaveAttribute('aria-keyshortcuts', 'ArrowRight');
  });

  test('in presenter mode with no lab open the arrows and Space drive the packet too', async ({ page }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto('/?present=1&autoplay=0');
    // no lab chosen: Send is the pinned one atop the slim lab panel (the Send column is a dock tab)
    const controls = page.getByRole('region', { name: 'Modes and Send' });
    await controls.getByRole('combobox', { name: 'Send from' }).selectOption({ label: 'web-kbtv4l6gq8-xmgwx 172.20.247.1 (node-2)' });
    await controls.getByRole('combobox', { name: 'Send to' }).selectOption({ label: 'api-tpw5cvvnjf-8jjk9 172.20.84.130 (node-1)' });
    await controls.getByRole('button', { name: 'Send web-kbtv4l6gq8-xmgwx → api-tpw5cvvnjf-8jjk9' }).click();
    await page.locator('.topology svg').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowRight');
    await expect(narration(page)).toContainText('Hop 2 of 34');
    await page.keyboard.press('ArrowLeft');
    await expect(narration(page)).toContainText('Hop 1 of 34');
    await page.keyboard.press(' ');
    await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  });

  test('after Send every node keeps its table: off-path ones fold, open on click; the matched line is scrolled into view', async ({ page }) => {
    await page.goto('/?autoplay=0');
    await sendAcross(page);
    const master1 = page.getByRole('region', { name: 'route -n — master-1' });
    await expect(master1).toBeVisible();
    await expect(master1).toContainText('not on the path');
    await expect(master1.locator('pre')).toHaveCount(0);
    await master1.getByRole('button', { name: 'Show the routing table of master-1' }).click();
    await expect(master1).toContainText('Kernel IP routing table');
    await expect(master1.getByRole('button', { name: 'Hide the routing table of master-1' })).toHaveAttribute('aria-expanded', 'true');

    // node-1's lookup of the decapsulated packet: its table is the second on the path, below the fold
    await page.getByRole('list', { name: 'Hops' }).getByRole('button', { name: /^hop \d+ request route at node-1$/ }).first().click();
    const line = page.getByRole('region', { name: 'route -n — node-1' }).locator('[aria-current="true"]');
    await expect(line).toHaveText(/^172\.20\.84\.130 +0\.0\.0\.0 +255\.255\.255\.255 UH .* cali/);
    await expect(line).toBeInViewport();
    const box = await line.boundingBox();
    const dock = await page.locator('.dock .tabpanel:not([hidden])').boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(dock!.y - 1);
    expect(box!.y + box!.height).toBeLessThanOrEqual(dock!.y + dock!.height + 1);
  });

  test('route tables show whole lines at 1366×768: the Iface column is not clipped', async ({ page }) => {
    await page.goto('/?autoplay=0');
    for (const name of ['master-1', 'node-1']) {
      const pre = page.getByRole('region', { name: `route -n — ${name}` }).locator('pre');
      await expect(pre).toContainText('docker0');
      await expect(pre).toContainText('tunl0');
      const { scroll, client } = await pre.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
      expect(scroll, `${name}: longest line fits`).toBeLessThanOrEqual(client);
    }
    // "Taller tables": a whole table (11 lines) on screen at once
    await page.getByRole('button', { name: 'Taller tables' }).click();
    const pre = (await page.getByRole('region', { name: 'route -n — master-1' }).locator('pre').boundingBox())!;
    const panel = (await page.locator('.dock .tabpanel:not([hidden])').boundingBox())!;
    expect(pre.y + pre.height).toBeLessThanOrEqual(panel.y + panel.height);
    await expect(page.getByRole('button', { name: 'Taller tables' })).toHaveAttribute('aria-pressed', 'true');
  });
});

// ---- point 1: readable at every size ---------------------------------------------------------------------

/** On-screen size (CSS px of the page) of the picture's names that are at least partly in view: the text's
 *  computed font size × the scale its box is drawn at (client rect over SVG bbox: the zoom transform and
 *  any CSS zoom of A+). */
const NAME_SIZES = `(() => {
  const svg = document.querySelector('.topology svg');
  const vb = svg.getBoundingClientRect();
  const out = [];
  for (const t of svg.querySelectorAll('.pod-name, .node-name, .chip-text, .nic-name, .more-text, .router-name')) {
    const r = t.getBoundingClientRect();
    if (r.width === 0 || r.right < vb.left || r.left > vb.right || r.bottom < vb.top || r.top > vb.bottom) continue;
    const scale = r.height / t.getBBox().height;
    out.push({ cls: t.getAttribute('class'), text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale });
  }
  return out;
})()`;
type Sized = { cls: string; text: string; px: number };
/** Every node card the picture shows is whole inside it (none cut at an edge); returns how many it shows. A card
 *  counts as shown when more than its border is. */
async function cardsInViewWhole(page: Page, what: string): Promise<number> {
  const svg = (await page.locator('.topology svg').boundingBox())!;
  const cards = await page.locator('.topo rect.card').evaluateAll((rs) => rs.map((r) => ({ node: r.closest('[data-node]')?.getAttribute('data-node'), ...r.getBoundingClientRect().toJSON() })));
  const inView = cards.filter((c) => Math.min(c.right, svg.x + svg.width) - Math.max(c.x, svg.x) > 8 && Math.min(c.bottom, svg.y + svg.height) - Math.max(c.y, svg.y) > 8);
  for (const c of inView) {
    expect(c.y, `${what}: ${c.node} top`).toBeGreaterThanOrEqual(svg.y - 0.5);
    expect(c.bottom, `${what}: ${c.node} bottom`).toBeLessThanOrEqual(svg.y + svg.height + 0.5);
    expect(c.x, `${what}: ${c.node} left`).toBeGreaterThanOrEqual(svg.x - 0.5);
    expect(c.right, `${what}: ${c.node} right`).toBeLessThanOrEqual(svg.x + svg.width + 0.5);
  }
  return inView.length;
}

const nameSizes = (page: Page) => page.evaluate(NAME_SIZES) as Promise<Sized[]>;
const smallest = (xs: Sized[]) => Math.min(...xs.map((x) => x.px));

test.describe('readable picture', () => {
  test('1366×768: pod and device names at least 11 px after the initial fit; cali* names inside their chips', async ({ page }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto('/?autoplay=0');
    await expect(page.locator('.topo .pod-name').first()).toBeVisible();
    await page.waitForTimeout(300);
    const sizes = await nameSizes(page);
    expect(sizes.filter((s) => s.cls.includes('pod-name')).length).toBeGreaterThan(0);
    expect(sizes.filter((s) => s.cls.includes('chip-text')).length).toBeGreaterThan(0);
    expect(smallest(sizes), JSON.stringify(sizes.slice(0, 5))).toBeGreaterThanOrEqual(11);
    // every veth / device chip holds its whole name
    const overflow = await page.evaluate(() =>
      [...document.querySelectorAll('.topo .chip-text')].filter((t) => {
        const chip = t.previousElementSibling as SVGGraphicsElement;
        const a = (t as SVGGraphicsElement).getBBox();
        const b = chip.getBBox();
        return a.x + a.width > b.x + b.width + 0.5;
      }).map((t) => t.textContent),
    );
    expect(overflow).toEqual([]);
    await page.screenshot({ path: 'test-results/classroom-1366x768.png' });
    await sendAcross(page);
    await expect(page.locator('.topo .pod.current, .topo .chip.current, .topo .card.current').first()).toBeAttached();
    expect(smallest(await nameSizes(page))).toBeGreaterThanOrEqual(11);
    // the fit around the packet's cards shows whole cards, not strips of their neighbours at the edges
    await page.waitForTimeout(300);
    expect(await cardsInViewWhole(page, '1366×768 after Send')).toBeGreaterThanOrEqual(2);
    // a packet within one node: its card and whole neighbours (the fit around one card left half a card at
    // each edge)
    await page.getByRole('combobox', { name: 'Source' }).selectOption({ label: 'web-kbtv4l6gq8-svb47 172.20.247.2 (node-2)' });
    await page.getByRole('combobox', { name: 'Destination' }).selectOption({ label: 'web-kbtv4l6gq8-8t95f 172.20.247.4 (node-2)' });
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(page.getByLabel('Hop narration')).toContainText('of 20');
    await page.waitForTimeout(300);
    expect(await cardsInViewWhole(page, '1366×768 after Send within node-2')).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: 'test-results/classroom-1366x768-sent.png' });
  });

  test('presenter mode at 1920×1080: names at least 14 px', async ({ page }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto('/?present=1&autoplay=0');
    await expect(page.locator('.topo .pod-name').first()).toBeVisible();
    await page.waitForTimeout(300);
    const sizes = await nameSizes(page);
    expect(sizes.length).toBeGreaterThan(5);
    expect(smallest(sizes)).toBeGreaterThanOrEqual(14);
    // the fit's spare room goes where no card stands: whole cards, no strip of one at the left edge
    expect(await cardsInViewWhole(page, 'presenter 1920×1080')).toBeGreaterThanOrEqual(2);
    // no lab chosen: the lab panel is a slim column (modes, Send, the picker), the picture takes the room —
    // it was 865 px wide beside an empty lab panel
    const topo = (await page.locator('.topology').boundingBox())!;
    const side = (await page.locator('.labs-side').boundingBox())!;
    expect(topo.width).toBeGreaterThanOrEqual(0.7 * 1920);
    expect(side.width).toBeLessThanOrEqual(440);
    expect(side.x).toBeGreaterThanOrEqual(topo.x + topo.width);
    const controls = page.getByRole('region', { name: 'Modes and Send' });
    await expect(controls.getByRole('radiogroup', { name: 'IPIP mode' })).toBeInViewport({ ratio: 1 });
    await expect(controls.getByRole('button', { name: /^Send / })).toBeInViewport({ ratio: 1 });
    await expect(page.getByRole('region', { name: 'Lab', exact: true }).getByRole('button', { name: /Choose a lab/ })).toBeInViewport({ ratio: 1 });
    await page.screenshot({ path: 'test-results/classroom-1920x1080-presenter.png' });
    // a lab chosen: its panel gets its width back for the step's text
    await page.goto('/?present=1&lab=crosssubnet&autoplay=0');
    await expect(page.getByRole('region', { name: 'Lab', exact: true }).getByRole('status')).toContainText('loaded');
    expect((await page.locator('.labs-side').boundingBox())!.width).toBeGreaterThanOrEqual(600);
    // and the picture keeps the rest: no Send column beside it repeating the pinned Send (it held the picture
    // to 865 px); Send, the modes and the playback stay at the top of the lab panel
    await expect(page.locator('.workspace > .right')).toHaveCount(0);
    const labTopo = (await page.locator('.topology').boundingBox())!;
    expect(labTopo.width).toBeGreaterThanOrEqual(1200);
    expect(labTopo.x + labTopo.width).toBeLessThanOrEqual((await page.locator('.labs-side').boundingBox())!.x);
    await expect(page.getByRole('button', { name: /^Send( |$)/ })).toHaveCount(1);
    await expect(controls.getByRole('radiogroup', { name: 'IPIP mode' })).toBeInViewport({ ratio: 1 });
    await controls.getByRole('button', { name: 'Send a1 → a2' }).click();
    await expect(controls.getByRole('toolbar', { name: 'Playback' })).toBeInViewport({ ratio: 1 });
    await expect(page.getByLabel('Hop narration')).toContainText('Hop 1 of');
    await page.waitForTimeout(300);
    expect(await cardsInViewWhole(page, 'presenter 1920×1080 with a lab, after Send')).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: 'test-results/classroom-1920x1080-presenter-lab.png' });
  });

  test('turning presenter mode on scales the picture up and refits it', async ({ page }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto('/?autoplay=0');
    await expect(page.locator('.topo .pod-name').first()).toBeVisible();
    await page.getByRole('button', { name: 'Presenter mode' }).click();
    await expect.poll(async () => smallest(await nameSizes(page))).toBeGreaterThanOrEqual(14);
  });

  test('A+ scales the picture and refits it: larger names, the source card in view', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto('/?autoplay=0');
    await expect(page.locator('.topo .pod-name').first()).toBeVisible();
    await page.waitForTimeout(300);
    const before = smallest(await nameSizes(page));
    await page.getByRole('button', { name: /large text/i }).click();
    await expect.poll(async () => smallest(await nameSizes(page))).toBeGreaterThanOrEqual(13.7);
    expect(smallest(await nameSizes(page))).toBeGreaterThan(before);
    const svg = (await page.locator('.topology svg').boundingBox())!;
    for (const pod of ['default/web-kbtv4l6gq8-xmgwx']) {
      const card = (await page.locator(`.topo g.node:has([data-pod="${pod}"]) rect.card`).boundingBox())!;
      expect(card.x, pod).toBeGreaterThanOrEqual(svg.x - 1);
      expect(card.x + card.width, pod).toBeLessThanOrEqual(svg.x + svg.width + 1);
      expect(card.y, pod).toBeGreaterThanOrEqual(svg.y - 1);
      // the card's name row and its pods are in view (a 720 px tall window at 125 % has no room for all of it)
      const name = (await page.locator(`.topo [data-pod="${pod}"] .pod-name`).boundingBox())!;
      expect(name.y + name.height, pod).toBeLessThanOrEqual(svg.y + svg.height);
    }
    // the tables run under the settings column with A+: whole lines still
    const pre = page.getByRole('region', { name: 'route -n — master-1' }).locator('pre');
    const { scroll, client } = await pre.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(scroll).toBeLessThanOrEqual(client);
    await page.screenshot({ path: 'test-results/classroom-1280x720-large.png' });
  });

  test('presenter mode at 1280×720 with A+: every card in view is whole, names no smaller than without it (pod names ≥ 14 px); the route tables, opened, show whole lines', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    for (const url of ['/?present=1&autoplay=0', '/?present=1&lab=crosssubnet&autoplay=0']) {
      await page.goto(url);
      if (url.includes('lab=')) await expect(page.getByRole('region', { name: 'Lab', exact: true }).getByRole('status')).toContainText('loaded');
      await expect(page.locator('.topo .pod-name').first()).toBeVisible();
      await page.waitForTimeout(300);
      const plain = await nameSizes(page);
      await page.getByRole('button', { name: /large text/i }).click();
      // A+ zooms the chrome 1.25×: the picture's box shrinks and is refitted, its names no smaller than before
      // (here the fit already fills the width with two whole cards, above both minimums)
      await expect.poll(async () => smallest(await nameSizes(page))).toBeGreaterThanOrEqual(Math.min(13.5, smallest(plain) - 0.5));
      expect(Math.min(...plain.filter((s) => s.cls.includes('pod-name')).map((s) => s.px))).toBeGreaterThanOrEqual(14);
      const controls = page.getByRole('region', { name: 'Modes and Send' });
      await controls.getByRole('button', { name: /^Send / }).click();
      await expect(controls.getByRole('toolbar', { name: 'Playback' })).toBeInViewport({ ratio: 1 });
      await page.waitForTimeout(500);
      const sizes = await nameSizes(page);
      expect(smallest(sizes), `${url}: ${JSON.stringify(sizes.slice(0, 3))}`).toBeGreaterThanOrEqual(11);
      expect(Math.min(...sizes.filter((s) => s.cls.includes('pod-name')).map((s) => s.px)), url).toBeGreaterThanOrEqual(14);
      // the picture had ~240 px under a two-row top bar and the route dock: less than one card at this size
      const svg = (await page.locator('.topology svg').boundingBox())!;
      expect(svg.height, url).toBeGreaterThanOrEqual(400);
      expect(await cardsInViewWhole(page, url)).toBeGreaterThanOrEqual(2);
      // the mode toggles and Send stay in reach
      await expect(controls.getByRole('radiogroup', { name: 'IPIP mode' })).toBeInViewport({ ratio: 1 });
      await page.screenshot({ path: `test-results/classroom-1280x720-present-large${url.includes('lab=') ? '-lab' : ''}.png` });
      // the route tables are a tab away, and every line is whole: the Iface column ends inside its panel
      await page.getByRole('tab', { name: 'Routes' }).click();
      const panel = page.locator('.route-dock .route-panel:not(.folded)').first();
      await expect(panel).toBeVisible();
      const pre = panel.locator('pre');
      const fit = await pre.evaluate((el) => {
        const box = el.getBoundingClientRect();
        const lines = [...el.querySelectorAll('.line')].map((l) => {
          const r = document.createRange();
          r.selectNodeContents(l);
          return { text: l.textContent, right: r.getBoundingClientRect().right };
        });
        return { scroll: el.scrollWidth, client: el.clientWidth, right: box.right, lines, px: parseFloat(getComputedStyle(el).fontSize) };
      });
      expect(fit.scroll, url).toBeLessThanOrEqual(fit.client);
      expect(fit.px, url).toBeGreaterThanOrEqual(11);
      expect(fit.lines.some((l) => / (tunl0|eth0|ens33)$/.test(l.text ?? ''))).toBe(true);
      for (const l of fit.lines) expect(l.right, `${url}: ${l.text}`).toBeLessThanOrEqual(fit.right + 0.5);
      await page.screenshot({ path: `test-results/classroom-1280x720-present-large-routes${url.includes('lab=') ? '-lab' : ''}.png` });
    }
  });

  test('semantic zoom: a lab with many pods folds them per node, a click unfolds them, names never shrink', async ({ page }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    const yaml = scenarioToYaml(generateCluster({ nodes: 6, podsPerNode: 12, ipipMode: 'Always' }));
    const hash = lz.compressToEncodedURIComponent(JSON.stringify({ schemaVersion: 2, yaml }));
    await page.goto(`/?autoplay=0#s=${hash}`);
    await expect(page.locator('.topo .pod-name').first()).toBeVisible();
    await page.waitForTimeout(300);
    const unfold = page.getByRole('button', { name: /^Show the 11 other pods on node-1$/ });
    await expect(unfold).toHaveAttribute('aria-expanded', 'false');
    expect(smallest(await nameSizes(page))).toBeGreaterThanOrEqual(11);
    await unfold.click();
    const fold = page.getByRole('button', { name: 'Fold the pods on node-1 into one row' });
    await expect(fold).toHaveAttribute('aria-expanded', 'true');
    await expect(page.locator('.topo g.node:has(.more-row[data-expand="node-1"]) .pod')).toHaveCount(12);
    await expect(page.getByRole('button', { name: /^pod default\/pod-1-12 / })).toBeAttached();
    await page.waitForTimeout(300);
    const sizes = await nameSizes(page);
    expect(sizes.some((s) => s.text === 'pod-1-5')).toBe(true); // the unfolded card is brought into view
    expect(smallest(sizes)).toBeGreaterThanOrEqual(11);
    await page.screenshot({ path: 'test-results/classroom-unfolded.png' });
    // the fold row sits under the unfolded pods, below the fold of the picture: the keyboard reaches it
    await fold.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: /^Show the 11 other pods on node-1$/ })).toHaveAttribute('aria-expanded', 'false');
  });
});

// ---- lab mode at a laptop size: the picture stays the main thing ---------------------------------------------

test.describe('lab mode', () => {
  test('1366×768 with a guided lab open: the picture keeps over half the width, names ≥ 11 px; settings, the Send form and the hop list a tab away', async ({ page }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto('/?lab=crosssubnet&autoplay=0');
    const lab = page.getByRole('region', { name: 'Lab', exact: true });
    await expect(lab.getByRole('status')).toContainText('loaded');
    await expect(page.locator('.topo .pod-name').first()).toBeVisible();
    await page.waitForTimeout(300);
    // the picture beside the lab panel, not under it: at least 55% of the window's width (it was 330 px, 24%)
    const topo = (await page.locator('.topology').boundingBox())!;
    const side = (await page.locator('.labs-side').boundingBox())!;
    expect(topo.width).toBeGreaterThanOrEqual(0.55 * 1366);
    expect(topo.height).toBeGreaterThanOrEqual(300);
    expect(side.x).toBeGreaterThanOrEqual(topo.x + topo.width);
    expect(side.x + side.width).toBeLessThanOrEqual(1366);
    const sizes = await nameSizes(page);
    expect(sizes.filter((s) => s.cls.includes('pod-name')).length).toBeGreaterThanOrEqual(2);
    expect(smallest(sizes), JSON.stringify(sizes.slice(0, 5))).toBeGreaterThanOrEqual(11);
    // the step's text and buttons are on screen under the pinned controls
    await expect(lab.getByRole('button', { name: 'Apply step' })).toBeInViewport();
    await expect(lab.locator('.labs-do')).toBeInViewport();
    // modes, Send and the playback at the top of the lab panel
    const controls = page.getByRole('region', { name: 'Modes and Send' });
    await expect(controls.getByRole('radiogroup', { name: 'IPIP mode' })).toBeInViewport({ ratio: 1 });
    await controls.getByRole('button', { name: 'Send a1 → a2' }).click();
    await expect(controls.getByRole('toolbar', { name: 'Playback' })).toBeInViewport({ ratio: 1 });
    await controls.getByRole('button', { name: 'Step forward' }).click();
    await expect(controls.locator('.transport .counter')).toHaveText(/^2\//);
    await expect(page.getByLabel('Hop narration')).toContainText('Hop 2 of');
    await page.screenshot({ path: 'test-results/classroom-lab-1366x768.png' });
    // the settings column and the Send form with its hop list are dock tabs, nothing is lost
    await expect(page.locator('.workspace > .left, .workspace > .right')).toHaveCount(0);
    await page.getByRole('tab', { name: 'Lab settings' }).click();
    await expect(page.getByRole('tabpanel').getByRole('radiogroup', { name: 'IPIP mode' })).toBeVisible();
    await page.getByRole('tab', { name: 'Send a packet' }).click();
    await expect(page.getByRole('combobox', { name: 'Source' })).toHaveValue('default/a1');
    await page.getByRole('tab', { name: 'Hop list' }).click();
    await expect(page.getByRole('list', { name: 'Hops' }).locator('.hop.current')).toContainText(/\S/);
    // closing the lab gives the columns back
    await page.getByRole('button', { name: 'Close labs' }).click();
    await expect(page.locator('.workspace > .left')).toBeVisible();
    await expect(page.locator('.workspace > .right')).toBeVisible();
  });

  test('1920×1080 with a lab open: the Send column stays beside the picture, the settings are a tab', async ({ page }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto('/?lab=crosssubnet&autoplay=0');
    await expect(page.getByRole('region', { name: 'Lab', exact: true }).getByRole('status')).toContainText('loaded');
    await expect(page.locator('.workspace > .right')).toBeVisible();
    await expect(page.locator('.workspace > .left')).toHaveCount(0);
    const topo = (await page.locator('.topology').boundingBox())!;
    expect(topo.width).toBeGreaterThanOrEqual(0.5 * 1920);
  });
});

test('segment labels start inside the picture, even where the fit leaves the bar running off its left edge', async ({ page }) => {
  let crossed = 0;
  for (const [w, h, url] of [
    [1366, 768, '/?autoplay=0'],
    [800, 500, '/?embed=1&lab=crosssubnet'],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.goto(url);
    await expect(page.locator('.topo .bar-label').first()).toBeAttached();
    await page.waitForTimeout(500); // the fit follows the box's first resize
    const svg = (await page.locator('.topology svg').boundingBox())!;
    const labels = await page.locator('.topo .bar-label').evaluateAll((ts) => ts.map((t) => ({ text: t.textContent, ...t.getBoundingClientRect().toJSON() })));
    const inView = labels.filter((l) => l.right > svg.x && l.x < svg.x + svg.width && l.bottom > svg.y && l.y < svg.y + svg.height);
    expect(inView.length, `${url}: some segment label in view`).toBeGreaterThan(0);
    for (const l of inView) expect(l.x, `${url}: ${l.text}`).toBeGreaterThanOrEqual(svg.x);
    // a cable, trunk or BGP line that crosses a label is painted under it, and the label's halo (the picture's
    // own colour) masks it: "rack-a 192.168.1.0/2|4" was struck through by node-a1's cable and a mesh arc
    const crossings = await page.locator('.topo .bar-label').evaluateAll((ts) =>
      ts.flatMap((t) => {
        const r = t.getBoundingClientRect();
        const lines = [...document.querySelectorAll('.topo line.cable, .topo line.trunk, .topo path.session')].filter((l) => {
          const b = l.getBoundingClientRect();
          return b.x < r.right && r.x < b.right && b.y < r.bottom && r.y < b.bottom;
        });
        const cs = getComputedStyle(t);
        const panel = getComputedStyle(t.closest('.topology')!).backgroundColor;
        return lines.map((l) => ({
          label: t.textContent,
          under: !!(l.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING),
          halo: cs.paintOrder.startsWith('stroke') && parseFloat(cs.strokeWidth) >= 3 && cs.stroke === panel,
        }));
      }),
    );
    for (const c of crossings) expect(c, `${url}: a line across "${c.label}"`).toEqual({ label: c.label, under: true, halo: true });
    crossed += crossings.length;
  }
  expect(crossed, 'some cable crosses a segment label in these views').toBeGreaterThan(0);
});

// ---- point 5: an 800×500 embed is mostly picture --------------------------------------------------------

test('800×500 embeds: the packet controls are one compact bar, the picture gets most of the frame, no segment name is cut', async ({ page }) => {
  await page.setViewportSize({ width: 800, height: 500 });
  for (const [url, minHeight] of [
    ['/?embed=1&preset=seed000-ipip&autoplay=1', 400],
    ['/?embed=1&lab=crosssubnet', 380],
  ] as const) {
    await page.goto(url);
    await expect(page.locator('.topo .bar-label').first()).toBeAttached();
    if (url.includes('preset')) await expect(page.locator('.verdict')).toContainText('request delivered');
    await page.waitForTimeout(500); // the fit follows the box's first resize
    const svg = (await page.locator('.topology svg').boundingBox())!;
    // the Send form took ~180 px and left the picture 295 px tall
    expect(svg.height, url).toBeGreaterThanOrEqual(minHeight);
    if (url.includes('preset')) {
      const bar = page.getByRole('region', { name: 'Send a packet' });
      const b = (await bar.boundingBox())!;
      expect(b.height, 'the packet bar').toBeLessThanOrEqual(70);
      expect(b.y + b.height).toBeLessThanOrEqual(500);
      // From, To, Send and the playback in it, on screen
      for (const c of [bar.getByRole('combobox', { name: 'Source' }), bar.getByRole('combobox', { name: 'Destination' }), bar.getByRole('button', { name: 'Send', exact: true }), bar.getByRole('button', { name: 'Last hop' })]) await expect(c).toBeInViewport({ ratio: 1 });
      await expect(bar.getByRole('status')).toContainText('reply delivered');
    }
    // every segment name drawn is whole inside the picture (one the edge would cut is left out until panned in)
    const labels = await page.locator('.topo .bar-label').evaluateAll((ts) => ts.filter((t) => getComputedStyle(t).visibility !== 'hidden').map((t) => ({ text: t.textContent, ...t.getBoundingClientRect().toJSON() })));
    const seen = labels.filter((l) => l.bottom > svg.y && l.y < svg.y + svg.height && l.right > svg.x && l.x < svg.x + svg.width);
    expect(seen.length, url).toBeGreaterThan(0);
    for (const l of seen) {
      expect(l.y, `${url}: ${l.text}`).toBeGreaterThanOrEqual(svg.y - 0.5);
      expect(l.bottom, `${url}: ${l.text}`).toBeLessThanOrEqual(svg.y + svg.height + 0.5);
    }
    await page.screenshot({ path: `test-results/classroom-embed-${url.includes('lab') ? 'lab' : 'preset'}-800x500.png` });
  }
});

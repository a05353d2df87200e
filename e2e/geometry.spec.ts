import { expect, test, type Locator, type Page } from '@playwright/test';

// Where the picture draws things, read back from the page: a BGP session line starts and ends on the boxes
// of the two speakers it joins, and the packet rests on the device its hop names (its leader starts on the
// device, its badge sits level with it in the gap beside the card, on no text). The expectations come from
// the lab (seed 001's three nodes, the reflector is the last one) and from the hop text a learner reads,
// never from the layout code: the test finds the device's box by its name in the SVG and measures it.

interface Pt {
  x: number;
  y: number;
}

/** The two ends of every drawn session line (screen coordinates), with the speakers it names. */
async function sessionEnds(page: Page): Promise<{ a: string; b: string; from: Pt; to: Pt }[]> {
  return page.locator('svg path.session').evaluateAll((paths) =>
    paths.map((p) => {
      const path = p as SVGPathElement;
      const m = path.getScreenCTM()!;
      const at = (len: number) => {
        const q = path.getPointAtLength(len);
        return { x: m.a * q.x + m.c * q.y + m.e, y: m.b * q.x + m.d * q.y + m.f };
      };
      return { a: path.dataset.a!, b: path.dataset.b!, from: at(0), to: at(path.getTotalLength()) };
    }),
  );
}

/** A speaker's box on screen: a node's card or a router's box. */
async function boxOf(page: Page, name: string) {
  const card = page.locator(`svg g[data-node="${name}"] > rect.card, svg g[data-router="${name}"] > rect.router-box`);
  await expect(card).toHaveCount(1);
  return (await card.boundingBox())!;
}

/** On the top edge of the box (the session lines leave a box from the middle of its top). */
function onTopEdge(p: Pt, box: { x: number; y: number; width: number }, what: string) {
  expect(Math.abs(p.y - box.y), `${what}: y ${p.y} vs top ${box.y}`).toBeLessThanOrEqual(2);
  expect(p.x, `${what}: x inside the box`).toBeGreaterThanOrEqual(box.x);
  expect(p.x, `${what}: x inside the box`).toBeLessThanOrEqual(box.x + box.width);
}

const pair = (a: string, b: string) => [a, b].sort().join(' ⇄ ');

test('BGP session lines end at the boxes of their two speakers: mesh, then route reflector', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('combobox', { name: 'Preset lab' }).selectOption('seed001-ipip');
  // full mesh of three nodes: every pair once
  await expect(page.locator('svg path.session')).toHaveCount(3);
  let ends = await sessionEnds(page);
  expect(ends.map((s) => pair(s.a, s.b)).sort()).toEqual([pair('k8s-master', 'k8s-node1'), pair('k8s-master', 'k8s-node2'), pair('k8s-node1', 'k8s-node2')]);
  for (const s of ends) {
    onTopEdge(s.from, await boxOf(page, s.a), `${s.a} end of ${s.a}⇄${s.b}`);
    onTopEdge(s.to, await boxOf(page, s.b), `${s.b} end of ${s.a}⇄${s.b}`);
  }

  // route reflector (seed 001: the last node): each client has one session, to k8s-node2
  await page.getByRole('radiogroup', { name: 'BGP topology' }).getByRole('radio', { name: 'Route reflectors' }).check();
  await expect(page.locator('svg path.session')).toHaveCount(2);
  ends = await sessionEnds(page);
  expect(ends.map((s) => pair(s.a, s.b)).sort()).toEqual([pair('k8s-master', 'k8s-node2'), pair('k8s-node1', 'k8s-node2')]);
  for (const s of ends) {
    onTopEdge(s.from, await boxOf(page, s.a), `${s.a} end of ${s.a}⇄${s.b}`);
    onTopEdge(s.to, await boxOf(page, s.b), `${s.b} end of ${s.a}⇄${s.b}`);
  }
  // the lines are distinct: the two sessions do not collapse onto one path
  expect(ends[0].from).not.toEqual(ends[1].from);
});

/** The packet's resting point on the page (the canvas records where it drew it). */
async function packetAt(page: Page): Promise<Pt> {
  const canvas = page.locator('canvas.packet-canvas');
  await expect(canvas).toHaveAttribute('data-packet-at', /^\d+,\d+$/);
  const [x, y] = (await canvas.getAttribute('data-packet-at'))!.split(',').map(Number);
  const c = (await canvas.boundingBox())!;
  return { x: c.x + x, y: c.y + y };
}

async function expectInside(p: Pt, el: Locator, what: string) {
  const b = (await el.boundingBox())!;
  // 1.5 px: the packet may rest on the box's edge (a pod's eth0 is its right edge)
  const slack = 1.5;
  expect(p.x, `${what}: x ${p.x} in [${b.x}, ${b.x + b.width}]`).toBeGreaterThanOrEqual(b.x - slack);
  expect(p.x, `${what}: x ${p.x} in [${b.x}, ${b.x + b.width}]`).toBeLessThanOrEqual(b.x + b.width + slack);
  expect(p.y, `${what}: y ${p.y} in [${b.y}, ${b.y + b.height}]`).toBeGreaterThanOrEqual(b.y - slack);
  expect(p.y, `${what}: y ${p.y} in [${b.y}, ${b.y + b.height}]`).toBeLessThanOrEqual(b.y + b.height + slack);
}

/** The resting badge (the canvas records its box) is level with the element it is at and covers none of the
 *  picture's text — above all not the element's own label (`tunl0 17█.20.247.0` before). */
async function expectBadgeBeside(page: Page, el: Locator, what: string) {
  const canvas = page.locator('canvas.packet-canvas');
  await expect(canvas).toHaveAttribute('data-badge-box', /^-?\d+,-?\d+,\d+,\d+$/);
  const [bx, by, bw, bh] = (await canvas.getAttribute('data-badge-box'))!.split(',').map(Number);
  const c = (await canvas.boundingBox())!;
  const badge = { x: c.x + bx, y: c.y + by, w: bw, h: bh };
  // on screen: inside the picture, not in a gap the fit cut off
  const svg = (await page.locator('.topology svg').boundingBox())!;
  expect(badge.x, `${what}: badge in view`).toBeGreaterThanOrEqual(svg.x);
  expect(badge.x + badge.w, `${what}: badge in view`).toBeLessThanOrEqual(svg.x + svg.width);
  expect(badge.y, `${what}: badge in view`).toBeGreaterThanOrEqual(svg.y);
  expect(badge.y + badge.h, `${what}: badge in view`).toBeLessThanOrEqual(svg.y + svg.height);
  const b = (await el.boundingBox())!;
  const mid = badge.y + badge.h / 2;
  expect(mid, `${what}: badge level with the element`).toBeGreaterThanOrEqual(b.y);
  expect(mid, `${what}: badge level with the element`).toBeLessThanOrEqual(b.y + b.height);
  const texts = await page.locator('.topology svg text').evaluateAll((ts) => ts.map((t) => ({ text: t.textContent, ...t.getBoundingClientRect().toJSON() })).filter((r) => r.width > 0));
  const hit = texts.filter((t) => t.x < badge.x + badge.w && badge.x < t.x + t.width && t.y < badge.y + badge.h && badge.y < t.y + t.height);
  expect(hit.map((t) => t.text), `${what}: text under the badge`).toEqual([]);
}

test('the packet is drawn on the device each hop names', async ({ page }) => {
  await page.goto('/?autoplay=0');
  await page.getByRole('combobox', { name: 'Source' }).selectOption({ label: 'web-kbtv4l6gq8-xmgwx 172.20.247.1 (node-2)' });
  await page.getByRole('combobox', { name: 'Destination' }).selectOption({ label: 'api-tpw5cvvnjf-4j8sf 172.20.84.129 (node-1)' });
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  const hops = page.getByRole('list', { name: 'Hops' }).getByRole('listitem');
  await expect(hops.first()).toContainText('ping 172.20.84.129');

  // Each hop below is found by what its text says; the device is then looked up by that name in the picture.
  // "node-2: tunl0 encapsulates in IPIP", "node-1: ens33 receives …", "node-1: IPIP packet … arrives on tunl0"
  const checks: { hop: RegExp; where: (m: RegExpExecArray) => Locator; what: string }[] = [
    { hop: /(node-\d): (tunl0) encapsulates in IPIP/, where: (m) => page.locator(`svg g[data-node="${m[1]}"] rect.chip[data-dev="${m[2]}"]`), what: 'the sender’s tunl0' },
    { hop: /(node-\d): (ens33) receives \d+ bytes/, where: (m) => page.locator(`svg g[data-node="${m[1]}"] rect.chip[data-dev="${m[2]}"]`), what: 'the receiver’s NIC' },
    { hop: /(node-\d): IPIP packet to [\d.]+ decapsulated; the inner packet arrives on (tunl0)/, where: (m) => page.locator(`svg g[data-node="${m[1]}"] rect.chip[data-dev="${m[2]}"]`), what: 'the receiver’s tunl0' },
    { hop: /(node-\d): (cali[0-9a-f]+) receives \d+ bytes/, where: (m) => page.locator(`svg g[data-node="${m[1]}"] rect.chip[data-dev="${m[2]}"]`), what: 'the sender’s cali veth' },
    { hop: /^deliver.*default\/(api-tpw5cvvnjf-4j8sf): delivered to the local stack/, where: (m) => page.locator(`svg g[data-pod="default/${m[1]}"] rect.pod-box`), what: 'the destination pod' },
  ];
  const texts = await hops.locator('.hop-text').allTextContents();
  for (const c of checks) {
    const i = texts.findIndex((t) => c.hop.test(t));
    expect(i, `a hop matching ${c.hop}`).toBeGreaterThanOrEqual(0);
    const m = c.hop.exec(texts[i])!;
    await hops.nth(i).getByRole('button').click();
    await expect(page.getByLabel('Hop narration')).toContainText(`Hop ${i + 1} of`);
    const device = c.where(m);
    await expect(device, c.what).toHaveCount(1);
    await expectInside(await packetAt(page), device, `hop ${i + 1} (${c.what})`);
    await expectBadgeBeside(page, device, `hop ${i + 1} (${c.what})`);
  }
  // and not just anywhere: the encapsulation hop is not on the receiver's tunl0
  const enc = texts.findIndex((t) => checks[0].hop.test(t));
  await hops.nth(enc).getByRole('button').click();
  const recvTunl = page.locator('svg g[data-node="node-1"] rect.chip[data-dev="tunl0"]');
  const p = await packetAt(page);
  const b = (await recvTunl.boundingBox())!;
  expect(p.x >= b.x && p.x <= b.x + b.width && p.y >= b.y && p.y <= b.y + b.height).toBe(false);
});

test('"More of the cluster is off screen" sits under the picture, on no card (presenter 1920×1080, 800×500 embed)', async ({ page }) => {
  for (const [w, h, url] of [
    [1920, 1080, '/?present=1&lab=crosssubnet&autoplay=0'],
    [1920, 1080, '/?present=1&autoplay=0'],
    [800, 500, '/?embed=1&preset=seed000-ipip&autoplay=1'],
    [800, 500, '/?embed=1&lab=crosssubnet'],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.goto(url);
    const note = page.locator('.topology .note.partial');
    await expect(note, url).toContainText('More of the cluster is off screen');
    await page.waitForTimeout(500); // the fit follows the box's first resize
    const svg = (await page.locator('.topology svg').boundingBox())!;
    const n = (await note.boundingBox())!;
    // outside the drawing area: below the picture, within the picture's column, the whole sentence on screen
    expect(n.y, url).toBeGreaterThanOrEqual(svg.y + svg.height - 0.5);
    expect(n.x, url).toBeGreaterThanOrEqual(svg.x - 0.5);
    expect(n.x + n.width, url).toBeLessThanOrEqual(svg.x + svg.width + 0.5);
    expect(n.y + n.height, url).toBeLessThanOrEqual(h);
    expect(await note.evaluate((e) => e.scrollWidth <= e.clientWidth), url).toBe(true);
    expect(await note.evaluate((e) => parseFloat(getComputedStyle(e).fontSize)), `${url}: readable`).toBeGreaterThanOrEqual(11);
    // and so it meets no card's box
    const cards = await page.locator('.topo rect.card').evaluateAll((rs) => rs.map((r) => r.getBoundingClientRect().toJSON()));
    expect(cards.length).toBeGreaterThan(0);
    for (const c of cards) {
      // the part of the card the picture shows (the svg clips the rest)
      const top = Math.max(c.y, svg.y);
      const bottom = Math.min(c.y + c.height, svg.y + svg.height);
      if (bottom <= top) continue;
      const meets = c.x < n.x + n.width && n.x < c.x + c.width && top < n.y + n.height && n.y < bottom;
      expect(meets, `${url}: note vs card at ${Math.round(c.x)},${Math.round(c.y)}`).toBe(false);
    }
  }
});

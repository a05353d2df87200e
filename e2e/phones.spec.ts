import { expect, test, type Page } from '@playwright/test';

// Phones and tablets (issue 17): below 900 px one column with the picture first, the Send form as a bar under
// it, and the settings, hop list, route tables, inspector and terminal as one dock tab at a time. Taps, not
// clicks; the page never scrolls sideways (wide route tables scroll inside their own panel).

const FROM = 'web-kbtv4l6gq8-xmgwx 172.20.247.1 (node-2)';
const TO = 'api-tpw5cvvnjf-8jjk9 172.20.84.130 (node-1)';

async function noSideScroll(page: Page, width: number) {
  await page.setViewportSize({ width, height: 844 });
  const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(scroll, `page scrolls sideways at ${width}px`).toBeLessThanOrEqual(inner);
}

async function sendAndStep(page: Page) {
  await page.getByRole('combobox', { name: 'Source' }).first().selectOption({ label: FROM });
  await page.getByRole('combobox', { name: 'Destination' }).first().selectOption({ label: TO });
  await page.getByRole('button', { name: 'Send', exact: true }).tap();
  const counter = page.locator('.transport .counter');
  await expect(counter).toHaveText(/^1\/\d+$/);
  await page.getByRole('button', { name: 'Step forward' }).tap();
  await page.getByRole('button', { name: 'Step forward' }).tap();
  await expect(counter).toHaveText(/^3\/\d+$/);
  await page.getByRole('button', { name: 'Step back' }).tap();
  await expect(counter).toHaveText(/^2\/\d+$/);
}

test.describe('phone, 390×844, touch', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('picture first, send and step by tapping, route -n in its own tab, 中文, no sideways scroll', async ({ page }) => {
    await page.goto('/?autoplay=0');
    const picture = page.locator('.workspace > .topology');
    await expect(picture).toBeVisible();
    const pic = (await picture.boundingBox())!;
    // the picture is the first thing under the top bar, full width (the workspace keeps a 6 px margin)
    expect(pic.width).toBeGreaterThanOrEqual(390 - 2 * 8);
    expect(pic.height).toBeGreaterThanOrEqual(0.5 * 844);
    // names at the classroom minimum after the fit (semantic zoom folds pods rather than shrink them)
    const sizes = await nameSizes(page);
    expect(sizes.length).toBeGreaterThanOrEqual(2);
    expect(Math.min(...sizes.map((x) => x.px)), JSON.stringify(sizes)).toBeGreaterThanOrEqual(11);
    // the chrome above it is one row: the lab, ⋯, Labs and the language (the rest is behind ⋯)
    expect(pic.y).toBeLessThan(64);
    await expect(page.getByRole('button', { name: 'Reset lab' })).toBeHidden();
    await expect(page.getByRole('combobox', { name: 'Language' })).toBeInViewport();
    await page.screenshot({ path: 'test-results/phones-390x844-top.png' });

    // the settings are a dock tab below the picture, not a column beside it
    await expect(page.getByRole('region', { name: 'Lab settings' })).toBeHidden();
    await page.getByRole('tab', { name: 'Lab settings' }).tap();
    const settings = page.getByRole('region', { name: 'Lab settings' });
    await expect(settings).toBeVisible();
    // (the tap may have scrolled the workspace: both boxes are measured after it)
    const set = (await settings.boundingBox())!;
    const picNow = (await picture.boundingBox())!;
    expect(set.y).toBeGreaterThan(picNow.y + picNow.height);
    await expect(settings.getByRole('radiogroup', { name: 'IPIP mode' })).toBeVisible();
    // an edit, then ⋯: history and file actions, with what Undo would undo written out (no hover here)
    await settings.getByRole('radiogroup', { name: 'IPIP mode' }).getByRole('radio', { name: 'CrossSubnet' }).tap();
    const more = page.getByRole('button', { name: /^More/ });
    await more.tap();
    await expect(more).toHaveAttribute('aria-expanded', 'true');
    await expect(page.locator('.topbar .undo-what')).toHaveText(/^Undo \S/);
    await page.getByRole('button', { name: 'Undo', exact: true }).tap();
    await expect(settings.getByRole('radiogroup', { name: 'IPIP mode' }).getByRole('radio', { name: 'Always' })).toBeChecked();
    await more.tap();
    await expect(page.getByRole('button', { name: 'Reset lab' })).toBeHidden();

    await sendAndStep(page);
    // the hop list is a tab too, and follows the step buttons
    await page.getByRole('tab', { name: 'Hop list' }).tap();
    await expect(page.getByRole('list', { name: 'Hops' }).locator('.hop.current')).toBeVisible();

    await page.getByRole('tab', { name: 'Routes' }).tap();
    const node1 = page.getByRole('region', { name: 'route -n — node-1' });
    await node1.scrollIntoViewIfNeeded();
    await expect(node1).toContainText('172.20.247.0    192.168.2.26    255.255.255.192 UG    0      0        0 tunl0');
    // a whole route -n line is wider than a phone: its table scrolls, the page does not
    const term = node1.locator('.term');
    const overflow = await term.evaluate((el) => ({ sw: el.scrollWidth, cw: el.clientWidth, right: el.getBoundingClientRect().right }));
    expect(overflow.sw).toBeGreaterThan(overflow.cw);
    expect(overflow.right).toBeLessThanOrEqual(390);

    // touch targets: every visible button of the workspace and the top bar is at least 44 CSS px high
    const small = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.topbar button, .workspace button, .workspace select')]
        .filter((b) => b.offsetParent && b.getBoundingClientRect().height > 0)
        .filter((b) => b.getBoundingClientRect().height < 44)
        .map((b) => b.getAttribute('aria-label') ?? b.textContent),
    );
    expect(small).toEqual([]);

    // a control's tooltip shows after a tap (no hover on touch), and the control still does its job
    const taller = page.getByRole('button', { name: 'Taller tables' });
    await taller.tap();
    await expect(taller).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator('.touch-tip')).toHaveText('Give the route tables more height (the picture gets less)');
    await expect(page.locator('.touch-tip')).toBeInViewport();
    await taller.tap();
    await expect(page.locator('.touch-tip')).toBeHidden({ timeout: 6000 });

    await page.screenshot({ path: 'test-results/phones-390x844.png' });

    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByRole('tab', { name: '路由' })).toBeVisible();
    await expect(page.getByRole('tab', { name: '实验设置' })).toBeVisible();
    // the picture's off-screen note follows the language too
    await expect(page.locator('.topology .note.partial')).toContainText('集群还有部分在画面之外');
    await expect(page.getByRole('button', { name: '发送', exact: true })).toBeVisible();
    await page.getByRole('button', { name: '前进一步' }).tap();
    await expect(page.locator('.transport .counter')).toHaveText(/^3\/\d+$/);
    await page.screenshot({ path: 'test-results/phones-390x844-zh.png' });

    for (const w of [360, 390]) await noSideScroll(page, w);
  });
});

/** Real touch events (what a phone sends), through the DevTools protocol: fingers down, moved in `steps`, up. */
async function touch(page: Page, fingers: { from: [number, number]; to: [number, number] }[], steps = 8) {
  const cdp = await page.context().newCDPSession(page);
  const at = (f: number) => fingers.map((g, id) => ({ id, x: g.from[0] + (g.to[0] - g.from[0]) * f, y: g.from[1] + (g.to[1] - g.from[1]) * f }));
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0) });
  for (let i = 1; i <= steps; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(i / steps) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/** the picture's pan and zoom, read off its viewport group: translate(x,y) scale(k) */
async function viewTransform(page: Page) {
  const attr = (await page.locator('.topology svg g.viewport').getAttribute('transform')) ?? '';
  const m = /translate\(([-\d.e]+),\s*([-\d.e]+)\)\s*scale\(([-\d.e]+)\)/.exec(attr);
  expect(m, `viewport transform "${attr}"`).not.toBeNull();
  return { x: Number(m![1]), y: Number(m![2]), k: Number(m![3]) };
}

test.describe('phone, 390×844, touch gestures', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('pinch zooms and a drag pans the picture; a tap picks a pod and shows its tooltip; a swipe steps', async ({ page }) => {
    await page.goto('/?autoplay=0');
    const svg = page.locator('.topology svg');
    await expect(svg.locator('.pod').first()).toBeVisible();
    const box = (await svg.boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;

    // two fingers spread from 60 px apart to 180 px: the picture zooms in about 3× around their middle
    const k0 = (await viewTransform(page)).k;
    await touch(page, [
      { from: [cx - 30, cy], to: [cx - 90, cy] },
      { from: [cx + 30, cy], to: [cx + 90, cy] },
    ]);
    const zoomed = await viewTransform(page);
    expect(zoomed.k / k0).toBeGreaterThan(2.5);
    expect(zoomed.k / k0).toBeLessThan(3.5);
    // and pinched back together: smaller again
    await touch(page, [
      { from: [cx - 90, cy], to: [cx - 30, cy] },
      { from: [cx + 90, cy], to: [cx + 30, cy] },
    ]);
    expect((await viewTransform(page)).k).toBeLessThan(zoomed.k / 2);

    // one finger drags the picture along with it; the page itself does not scroll
    const before = await viewTransform(page);
    await touch(page, [{ from: [cx + 60, cy + 40], to: [cx - 40, cy - 20] }]);
    const panned = await viewTransform(page);
    expect(panned.x - before.x).toBeCloseTo(-100, -1);
    expect(panned.y - before.y).toBeCloseTo(-60, -1);
    expect(await page.evaluate(() => scrollY)).toBe(0);

    // a tap on a pod picks it as the source and shows what a mouse would see on hover
    await page.getByRole('button', { name: 'Fit to view' }).tap();
    const pod = svg.locator('.pod[data-pod="default/web-kbtv4l6gq8-xmgwx"]');
    await pod.tap();
    await expect(page.getByRole('combobox', { name: 'Source' }).first()).toHaveValue('default/web-kbtv4l6gq8-xmgwx');
    const info = page.locator('.topo-info');
    await expect(info).toContainText('default/web-kbtv4l6gq8-xmgwx 172.20.247.1');
    await expect(info).toContainText('cali');
    await info.getByRole('button', { name: 'Close' }).tap();
    await expect(info).toHaveCount(0);

    await page.getByRole('combobox', { name: 'Destination' }).first().selectOption({ label: TO });
    await page.getByRole('button', { name: 'Send', exact: true }).tap();
    // the hop is under the picture, with its own buttons, and a swipe on it steps
    const bar = page.locator('.topo-step');
    await expect(bar).toContainText(/^◀1\/\d+ /);
    const b = (await bar.boundingBox())!;
    const mid = b.y + b.height / 2;
    const scrolled = await page.evaluate(() => scrollY);
    await touch(page, [{ from: [b.x + b.width * 0.75, mid], to: [b.x + b.width * 0.25, mid + 5] }]);
    await expect(page.locator('.transport .counter')).toHaveText(/^2\/\d+$/);
    await touch(page, [{ from: [b.x + b.width * 0.7, mid], to: [b.x + b.width * 0.2, mid] }]);
    await expect(page.locator('.transport .counter')).toHaveText(/^3\/\d+$/);
    await touch(page, [{ from: [b.x + b.width * 0.2, mid], to: [b.x + b.width * 0.7, mid] }]);
    await expect(page.locator('.transport .counter')).toHaveText(/^2\/\d+$/);
    // stepping keeps the page where it is (the route line it matches scrolls inside its own table)
    expect(await page.evaluate(() => scrollY)).toBe(scrolled);
    // a vertical move on the bar is a scroll (of the page), not a step
    await touch(page, [{ from: [b.x + b.width / 2, mid], to: [b.x + b.width / 2 + 10, mid - 80] }]);
    await expect(page.locator('.transport .counter')).toHaveText(/^2\/\d+$/);
    await page.getByRole('button', { name: 'Next hop' }).tap();
    await expect(bar).toContainText(/^◀3\/\d+ /);
    await page.screenshot({ path: 'test-results/phones-390x844-gestures.png' });
  });
});

test.describe('phone, 390×844, touch: a guided lab', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('the player under the picture: steps, apply and next by tapping, checks, the step\'s packet on the picture in view', async ({ page }) => {
    await page.goto('/?autoplay=0&lab=ipip-vs-bgp');
    const lab = page.getByRole('region', { name: 'Lab' });
    await expect(lab.getByRole('status')).toContainText('loaded');
    // right under the picture, the full width of the page (not a squeezed column beside the app)
    const picture = page.locator('.workspace > .topology');
    const pic = (await picture.boundingBox())!;
    const box = (await lab.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(pic.y + pic.height);
    expect(box.width).toBeGreaterThanOrEqual(360);
    // the rail ("Close labs" now, longer than "Labs") never covers the top bar's ⋯
    const more = (await page.getByRole('button', { name: /^More/ }).boundingBox())!;
    const close = (await page.getByRole('button', { name: 'Close labs' }).boundingBox())!;
    expect(more.x + more.width).toBeLessThanOrEqual(close.x);
    const steps = lab.getByRole('list', { name: 'Steps' });
    await expect(steps.getByRole('listitem')).toHaveCount(5);
    await expect(steps.locator('[aria-current="step"]')).toContainText('The routing table in IPIP mode');

    await lab.getByRole('button', { name: 'Apply step' }).tap();
    await expect(lab.getByRole('status')).toContainText('Step 1 applied: all 6 checks passed');
    await expect(lab.getByRole('region', { name: 'Checks' }).getByRole('listitem')).toHaveCount(6);
    await lab.getByRole('button', { name: 'Next step' }).tap();
    await expect(steps.locator('[aria-current="step"]')).toContainText('What a pod sees');
    await lab.getByRole('button', { name: 'Apply step' }).tap();
    await expect(lab.getByRole('status')).toContainText('Step 2 applied');
    // the step's packet plays on the picture, which stays at the top while the checks scroll under it
    await expect(page.locator('.topo-step')).toContainText(/\/\d+ /);
    await expect(page.getByRole('combobox', { name: 'Source' }).first()).toHaveValue('default/web-kbtv4l6gq8-xmgwx');
    const checks = lab.getByRole('region', { name: 'Checks' });
    await checks.scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => scrollY)).toBeGreaterThan(200);
    const stuck = (await picture.boundingBox())!;
    expect(stuck.y).toBeGreaterThanOrEqual(-1);
    expect(stuck.y).toBeLessThanOrEqual(1);
    await expect(page.getByRole('button', { name: 'Next hop' })).toBeInViewport();
    await page.getByRole('button', { name: 'Next hop' }).tap();
    await expect(page.locator('.topo-step')).toContainText(/^◀2\/\d+ /);
    await page.screenshot({ path: 'test-results/phones-390x844-lab.png' });

    // every button of the player is a 44 px target; nothing scrolls sideways
    const small = await lab.evaluate((el) =>
      [...el.querySelectorAll<HTMLElement>('button, select')]
        .filter((b) => b.offsetParent && b.getBoundingClientRect().height > 0 && b.getBoundingClientRect().height < 44)
        .map((b) => b.textContent),
    );
    expect(small).toEqual([]);
    const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    expect(scroll).toBeLessThanOrEqual(inner);

    // and in Chinese
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await expect(page.getByRole('region', { name: '实验' }).getByRole('button', { name: '下一步' })).toBeVisible();
  });
});

/** The on-screen size (CSS px) of the picture's pod and node names in view: computed font size × the scale
 *  the text is drawn at (its client rect over its SVG bbox). */
const nameSizes = (page: Page) =>
  page.evaluate(() => {
    const svg = document.querySelector('.topology svg')!;
    const vb = svg.getBoundingClientRect();
    return [...svg.querySelectorAll<SVGTextElement>('.pod-name, .node-name')]
      .map((t) => ({ t, r: t.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && r.right > vb.left && r.left < vb.right && r.bottom > vb.top && r.top < vb.bottom)
      .map(({ t, r }) => ({ text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * (r.height / t.getBBox().height) }));
  });

test.describe('tablet, 1024×768, touch', () => {
  test.use({ viewport: { width: 1024, height: 768 }, hasTouch: true });

  test('the picture and the route tables get the room: readable names, whole route lines, send and step by tapping, 中文', async ({ page }) => {
    await page.goto('/?autoplay=0');
    // the settings are a dock tab here, so the picture has their column
    await expect(page.getByRole('region', { name: 'Lab settings' })).toBeHidden();
    const picture = page.locator('.workspace > .topology');
    const pic = (await picture.boundingBox())!;
    expect(pic.width).toBeGreaterThanOrEqual(640);
    expect(pic.height).toBeGreaterThanOrEqual(300);
    // the chrome above it is one bar (labs rail beside the top bar; the rest behind ⋯)
    expect(pic.y).toBeLessThan(80);
    // names at a readable size after the fit (semantic zoom folds pods rather than shrinking them)
    const sizes = await nameSizes(page);
    expect(sizes.length).toBeGreaterThanOrEqual(3);
    expect(Math.min(...sizes.map((x) => x.px)), JSON.stringify(sizes)).toBeGreaterThanOrEqual(11);

    await sendAndStep(page);
    // to the hop where node-2's FIB picks the route to node-1's block: its line marked in a whole table
    const counter = page.locator('.transport .counter');
    const node2 = page.getByRole('region', { name: 'route -n — node-2' });
    for (let i = 0; i < 20 && !(await node2.locator('.line.matched').count()); i++) await page.getByRole('button', { name: 'Step forward' }).tap();
    const matched = node2.locator('.line.matched');
    await expect(matched).toHaveText('172.20.84.128   192.168.2.25    255.255.255.192 UG    0      0        0 tunl0');
    await expect(counter).toHaveText(/^\d+\/\d+$/);
    const panel = page.locator('.dock .tabpanel:not([hidden])');
    const room = await panel.evaluate((el) => el.clientHeight);
    const lineH = await matched.evaluate((el) => el.getBoundingClientRect().height);
    expect(room / lineH, 'route lines the dock shows at once').toBeGreaterThanOrEqual(12);
    const m = (await matched.boundingBox())!;
    const pb = (await panel.boundingBox())!;
    expect(m.y).toBeGreaterThanOrEqual(pb.y);
    expect(m.y + m.height).toBeLessThanOrEqual(pb.y + pb.height);
    // a whole route -n line fits: its table does not scroll sideways
    const term = node2.locator('.term');
    expect(await term.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1);

    // the settings, one tap away
    await page.getByRole('tab', { name: 'Lab settings' }).tap();
    await expect(page.getByRole('region', { name: 'Lab settings' }).getByRole('radiogroup', { name: 'IPIP mode' })).toBeVisible();

    // touch targets: every visible button and select is at least 44 CSS px high
    const small = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.labs-rail button, .topbar button, .workspace button, .workspace select')]
        .filter((b) => b.offsetParent && b.getBoundingClientRect().height > 0)
        .filter((b) => b.getBoundingClientRect().height < 44)
        .map((b) => b.getAttribute('aria-label') ?? b.textContent),
    );
    expect(small).toEqual([]);
    // the dock's tabs in one row, none clipped
    const clipped = await page.getByRole('tab').evaluateAll((tabs) => tabs.filter((t) => t.scrollWidth > t.clientWidth + 1).map((t) => t.textContent));
    expect(clipped).toEqual([]);
    const tabTops = await page.getByRole('tab').evaluateAll((tabs) => new Set(tabs.map((t) => Math.round(t.getBoundingClientRect().top))).size);
    expect(tabTops).toBe(1);
    await page.screenshot({ path: 'test-results/phones-1024x768.png' });

    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByRole('tab', { name: '实验设置' })).toBeVisible();
    await page.getByRole('tab', { name: '路由' }).tap();
    await page.getByRole('button', { name: '后退一步' }).tap();
    await page.getByRole('button', { name: '前进一步' }).tap();
    await expect(page.getByRole('region', { name: 'route -n — node-2' }).locator('.line.matched')).toContainText('172.20.84.128');
    expect(Math.min(...(await nameSizes(page)).map((x) => x.px))).toBeGreaterThanOrEqual(11);
    await page.screenshot({ path: 'test-results/phones-1024x768-zh.png' });
    const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    expect(scroll).toBeLessThanOrEqual(inner);
  });
});

test.describe('tablet, 1024×768, touch: a guided lab beside the app', () => {
  test.use({ viewport: { width: 1024, height: 768 }, hasTouch: true });

  test('the picture keeps the app\'s width: Send and the hop list are dock tabs, the step\'s packet steps under the picture', async ({ page }) => {
    await page.goto('/?autoplay=0&lab=ipip-vs-bgp');
    const lab = page.getByRole('region', { name: 'Lab' });
    await expect(lab.getByRole('status')).toContainText('loaded');
    const pic = (await page.locator('.workspace > .topology').boundingBox())!;
    expect(pic.width).toBeGreaterThanOrEqual(600);
    expect(pic.x + pic.width).toBeLessThanOrEqual((await lab.boundingBox())!.x);
    await lab.getByRole('button', { name: 'Apply step' }).tap();
    await expect(lab.getByRole('status')).toContainText('Step 1 applied');
    await lab.getByRole('button', { name: 'Next step' }).tap();
    await expect(lab.locator('#labs-step-title')).toContainText('Step 2 of 5');
    await lab.getByRole('button', { name: 'Apply step' }).tap();
    await expect(lab.getByRole('status')).toContainText('Step 2 applied');
    const bar = page.locator('.topo-step');
    await expect(bar).toContainText(/^◀1\/\d+ /);
    await page.getByRole('button', { name: 'Next hop' }).tap();
    await expect(bar).toContainText(/^◀2\/\d+ /);
    await page.getByRole('tab', { name: 'Hop list' }).tap();
    await expect(page.getByRole('list', { name: 'Hops' }).locator('.hop.current')).toContainText('default via 169.254.1.1');
    await page.getByRole('tab', { name: 'Send a packet' }).tap();
    await expect(page.locator('.transport .counter')).toHaveText(/^2\/\d+$/);
    // every tab label whole (the tab bar wraps rather than clipping them), and the page itself never scrolls
    const clipped = await page.getByRole('tab').evaluateAll((tabs) => tabs.filter((t) => t.scrollWidth > t.clientWidth + 1).map((t) => t.textContent));
    expect(clipped).toEqual([]);
    const m = await page.evaluate(() => ({ sh: document.documentElement.scrollHeight, sw: document.documentElement.scrollWidth }));
    expect(m).toEqual({ sh: 768, sw: 1024 });
    await page.screenshot({ path: 'test-results/phones-1024x768-lab.png' });
  });
});

test.describe('phone, 360×640, touch: an embed in a docs page', () => {
  test.use({ viewport: { width: 360, height: 640 }, hasTouch: true, isMobile: true });

  test('one finger scrolls the docs page past the embed, two pan and zoom its picture', async ({ page, baseURL }) => {
    await page.goto(`${baseURL}/docs-example.html`);
    // a docs page of our own making: text, the embed, more text
    await page.setContent(`<!doctype html><meta name="viewport" content="width=device-width"><body style="margin:0">
      <p style="height:120px">Intro</p>
      <iframe id="embed" src="${baseURL}/?embed=1&preset=seed000-ipip" style="border:0;width:360px;height:480px;display:block"></iframe>
      <p style="height:1600px">More docs</p></body>`);
    const frame = page.frameLocator('#embed');
    await expect(frame.locator('.topology svg .pod').first()).toBeVisible();
    await expect(frame.locator('.note.partial')).toContainText('two fingers');
    const viewport = frame.locator('.topology svg g.viewport');
    const before = await viewport.getAttribute('transform');
    const pic = (await frame.locator('.topology svg').boundingBox())!;
    const cx = pic.x + pic.width / 2;
    const cy = pic.y + pic.height / 2;
    // one finger up the picture (it starts and ends on it): the page scrolls, the picture stays put
    await touch(page, [{ from: [cx, pic.y + pic.height - 20], to: [cx, pic.y + 20] }], 12);
    await expect.poll(() => page.evaluate(() => scrollY)).toBeGreaterThan(100);
    expect(await viewport.getAttribute('transform')).toBe(before);
    // two fingers spread: the picture zooms
    await page.evaluate(() => scrollTo(0, 0));
    const k = (t: string | null) => Number(/scale\(([-\d.e]+)\)/.exec(t ?? '')?.[1]);
    await touch(page, [
      { from: [cx - 30, cy], to: [cx - 90, cy] },
      { from: [cx + 30, cy], to: [cx + 90, cy] },
    ]);
    await expect.poll(async () => k(await viewport.getAttribute('transform')) / k(before)).toBeGreaterThan(2);
  });
});

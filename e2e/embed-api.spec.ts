// Docs embedding from another origin: public/docs-example.html served from http://localhost:PORT drives
// frames loaded from http://127.0.0.1:PORT (two origins, one server) through postMessage; the embed answers
// its parent's origin, a URL setting restricts parents, `?preset=` embeds a preset, the embed fits its
// frame, and "Open in CNI Lab" opens the same state full-size.
import { expect, test, type Page } from '@playwright/test';

const SHOTS = 'test-results/classroom';

/** the two origins of the one preview server: the docs page's and the app's */
function origins(baseURL: string | undefined) {
  const app = new URL(baseURL!);
  const docs = new URL(app.href);
  docs.hostname = 'localhost';
  return { app: app.origin, docs: docs.origin };
}

function foreignRequests(page: Page, allowed: string[]): string[] {
  const foreign: string[] = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (!['data:', 'blob:'].includes(u.protocol) && !allowed.includes(u.origin)) foreign.push(r.url());
  });
  return foreign;
}

test('docs-example on another origin drives two embedded labs through postMessage and lists what comes back', async ({ page, baseURL }) => {
  const o = origins(baseURL);
  const foreign = foreignRequests(page, [o.app, o.docs]);
  await page.goto(`${o.docs}/docs-example.html?app=${encodeURIComponent(o.app + '/')}`);
  expect(await page.locator('#ipip').getAttribute('src')).toMatch(new RegExp(`^${o.app}/\\?embed=1`));
  const ipipLog = page.getByRole('list', { name: 'Events from the IPIP frame' });
  const bgpLog = page.getByRole('list', { name: 'Events from the BGP frame' });
  await expect(ipipLog.getByRole('listitem').nth(0)).toHaveText('ready');
  await expect(ipipLog.getByRole('listitem').nth(1)).toHaveText('step-changed ipip-vs-bgp step 3');
  await expect(bgpLog.getByRole('listitem').nth(1)).toHaveText('step-changed ipip-vs-bgp step 5');

  const ipip = page.frameLocator('iframe[title="CNI Lab: IPIP"]');
  const bgp = page.frameLocator('iframe[title="CNI Lab: BGP"]');
  await expect(ipip.getByRole('region', { name: 'Lab' })).toContainText('Step 3 of 5 Through the tunnel');
  await expect(bgp.getByRole('region', { name: 'Lab' })).toContainText('Step 5 of 5 The path without a tunnel');
  // only the lab view: no top bar, no mode panel
  await expect(ipip.getByRole('combobox', { name: 'Preset lab' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Send packet (IPIP)' }).click();
  await expect(ipipLog.getByRole('listitem').last()).toHaveText('packet-verdict default/web-kbtv4l6gq8-xmgwx → default/api-tpw5cvvnjf-4j8sf: delivered');
  // the lab view shows the packet's outcome itself, not only the parent
  await expect(ipip.getByRole('region', { name: 'Lab' }).getByRole('status')).toHaveText('web-kbtv4l6gq8-xmgwx → api-tpw5cvvnjf-4j8sf ✔ request delivered · ✔ reply delivered');
  await page.getByRole('button', { name: 'Send packet (BGP)' }).click();
  await expect(bgpLog.getByRole('listitem').last()).toHaveText('packet-verdict default/web-kbtv4l6gq8-xmgwx → default/api-tpw5cvvnjf-4j8sf: delivered');

  await page.getByRole('button', { name: 'Next step (IPIP)' }).click();
  await expect(ipipLog.getByRole('listitem').last()).toHaveText('step-changed ipip-vs-bgp step 4');
  await expect(ipip.getByRole('region', { name: 'Lab' })).toContainText('Step 4 of 5 Turn IPIP off');
  await page.getByRole('button', { name: 'Previous step (BGP)' }).click();
  await expect(bgpLog.getByRole('listitem').last()).toHaveText('step-changed ipip-vs-bgp step 4');

  // set-mode changes the frame's scenario; the other frame is its own lab
  await page.getByRole('button', { name: 'ipipMode Always (BGP frame)' }).click();
  await page.getByRole('button', { name: 'Send packet (BGP)' }).click();
  await expect(bgpLog.getByRole('listitem')).toHaveCount(5);
  await expect(bgpLog.getByRole('listitem').last()).toContainText('delivered');

  // the preset frame: loaded by name, its packet sent and played with nobody driving it
  const preset = page.frameLocator('iframe[title="CNI Lab: Calico IPIP preset"]');
  await expect(preset.getByRole('combobox', { name: 'Source' })).toHaveValue('default/pod-client');
  await expect(preset.locator('.verdict')).toHaveText('✔ request delivered · ✔ reply delivered');
  // (a full-page capture leaves cross-origin frames blank in headless Chromium: a tall viewport instead)
  await page.setViewportSize({ width: 1280, height: 1600 });
  await expect(preset.locator('.verdict')).toContainText('delivered');
  await page.screenshot({ path: `${SHOTS}/docs-example.png` });
  expect(foreign).toEqual([]);
});

test('a parent the URL setting does not list gets no answer; a listed one does', async ({ page, baseURL }) => {
  const o = origins(baseURL);
  // a host page at the docs origin (served by the real server: Chromium blocks a faked page from framing
  // a local address) with two frames: one restricted to another site, one to this page's origin
  await page.goto(`${o.docs}/embed-example.html`);
  await page.evaluate(
    ({ app, docs }) => {
      const got: Record<string, string[]> = { other: [], mine: [] };
      (window as unknown as { got: typeof got }).got = got;
      document.body.replaceChildren();
      const frames: Record<string, HTMLIFrameElement> = {};
      addEventListener('message', (e) => {
        const id = Object.keys(frames).find((k) => frames[k].contentWindow === e.source);
        if (id && e.origin === app) got[id].push(e.data.type + (e.data.step ? ' ' + e.data.step : ''));
      });
      for (const [id, parent] of [
        ['other', 'https://docs.example.org'],
        ['mine', docs],
      ]) {
        const f = document.createElement('iframe');
        f.id = id;
        f.src = `${app}/?embed=1&lab=ipip-vs-bgp&step=2&parentOrigin=${encodeURIComponent(parent)}`;
        frames[id] = f;
        document.body.append(f);
      }
    },
    o,
  );
  await expect.poll(() => page.evaluate(() => (window as unknown as { got: Record<string, string[]> }).got.mine)).toEqual(['ready', 'step-changed 2']);
  await expect(page.frameLocator('#other').getByRole('region', { name: 'Lab' })).toContainText('Step 2 of 5');
  await page.evaluate((app) => {
    for (const id of ['other', 'mine']) {
      const w = (document.getElementById(id) as HTMLIFrameElement).contentWindow!;
      w.postMessage({ type: 'hello', v: 1 }, app);
      w.postMessage({ type: 'go-to-step', v: 1, step: 3 }, app);
    }
  }, o.app);
  await expect(page.frameLocator('#mine').getByRole('region', { name: 'Lab' })).toContainText('Step 3 of 5');
  await expect.poll(() => page.evaluate(() => (window as unknown as { got: Record<string, string[]> }).got.mine)).toEqual(['ready', 'step-changed 2', 'ready', 'step-changed 3']);
  // the refused parent: nothing ever came back, and its command changed nothing
  await expect(page.frameLocator('#other').getByRole('region', { name: 'Lab' })).toContainText('Step 2 of 5');
  expect(await page.evaluate(() => (window as unknown as { got: Record<string, string[]> }).got.other)).toEqual([]);
});

test('messages that are malformed, unknown or sent by the frame to itself are ignored', async ({ page, baseURL }) => {
  const o = origins(baseURL);
  await page.goto(`${o.docs}/docs-example.html?app=${encodeURIComponent(o.app + '/')}`);
  const log = page.getByRole('list', { name: 'Events from the IPIP frame' });
  await expect(log.getByRole('listitem').nth(1)).toHaveText('step-changed ipip-vs-bgp step 3');
  await page.evaluate((app) => {
    const w = (document.getElementById('ipip') as HTMLIFrameElement).contentWindow!;
    for (const m of [{ type: 'go-to-step', step: 1 }, { type: 'go-to-step', v: 1, step: 'x' }, { type: 'eval', v: 1 }, 'go-to-step', { type: 'send-packet', v: 1, from: '<b>', to: 'x' }]) w.postMessage(m, app);
    w.postMessage({ type: 'go-to-step', v: 1, step: 2 }, app);
  }, o.app);
  await expect(log.getByRole('listitem').last()).toHaveText('step-changed ipip-vs-bgp step 2');
  await expect(log.getByRole('listitem')).toHaveCount(3);
  // a message the frame gets from itself (not its parent) is ignored too
  const frame = page.frameLocator('#ipip');
  await frame.locator('body').evaluate(() => window.postMessage({ type: 'go-to-step', v: 1, step: 5 }, location.origin));
  await page.getByRole('button', { name: 'Next step (IPIP)' }).click();
  await expect(log.getByRole('listitem').last()).toHaveText('step-changed ipip-vs-bgp step 3');
});

for (const [w, h] of [
  [800, 500],
  [360, 640],
] as const) {
  test(`embeds fit a ${w}×${h} frame exactly: no scrollbars, nothing requested from other origins`, async ({ page, baseURL }) => {
    const foreign = foreignRequests(page, [new URL(baseURL!).origin]);
    await page.setViewportSize({ width: w, height: h });
    for (const [name, url] of [
      ['lab', '/?embed=1&lab=crosssubnet&step=2&theme=light'],
      ['preset', '/?embed=1&preset=seed002-calico-ipip&from=default/pod-client&to=default/pod-deployment-76dd67889b-zn5hp&autoplay=1&theme=light'],
      ['app', '/?embed=1'],
    ]) {
      await page.goto(url);
      await expect(page.getByRole('region', { name: 'Topology' })).toBeVisible();
      if (name === 'preset') await expect(page.locator('.verdict')).toContainText('request delivered');
      const m = await page.evaluate(() => {
        const d = document.scrollingElement!;
        return { sh: d.scrollHeight, ch: d.clientHeight, sw: d.scrollWidth, cw: d.clientWidth };
      });
      expect(m, name).toEqual({ sh: h, ch: h, sw: w, cw: w });
      expect(await page.locator('.app').boundingBox(), name).toEqual({ x: 0, y: 0, width: w, height: h });
      await expect(page.getByRole('link', { name: 'Open in CNI Lab' })).toBeInViewport();
      await page.screenshot({ path: `${SHOTS}/embed-${name}-${w}x${h}.png` });
    }
    expect(foreign).toEqual([]);
  });
}

test('"Open in CNI Lab" opens the same lab step, or the same preset and packet, full-size in a new tab', async ({ page, context }) => {
  await page.setViewportSize({ width: 800, height: 500 });
  await page.goto('/?embed=1&lab=ipip-vs-bgp&step=3');
  await expect(page.getByRole('region', { name: 'Lab' })).toContainText('Step 3 of 5');
  const link = page.getByRole('link', { name: 'Open in CNI Lab' });
  await expect(link).toHaveAttribute('target', '_blank');
  const [full] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await full.waitForLoadState();
  expect(new URL(full.url()).searchParams.get('lab')).toBe('ipip-vs-bgp');
  await expect(full.getByRole('region', { name: 'Lab' }).locator('#labs-step-title')).toContainText('Step 3 of 5 Through the tunnel');
  await expect(full.getByRole('combobox', { name: 'Preset lab' })).toBeVisible();
  await full.close();

  await page.goto('/?embed=1&preset=seed002-calico-ipip&from=default/pod-client&to=default/pod-deployment-76dd67889b-zn5hp');
  await expect(page.locator('.verdict')).toContainText('request delivered');
  await page.getByRole('button', { name: 'Last hop' }).click();
  const counter = await page.locator('.transport .counter').textContent();
  const [full2] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: 'Open in CNI Lab' }).click()]);
  await full2.waitForLoadState();
  expect(full2.url()).toContain('#s=');
  await expect(full2.getByRole('combobox', { name: 'Preset lab' })).toHaveValue('seed002-calico-ipip');
  await expect(full2.getByRole('combobox', { name: 'Source' })).toHaveValue('default/pod-client');
  await expect(full2.getByRole('combobox', { name: 'Destination' })).toHaveValue('default/pod-deployment-76dd67889b-zn5hp');
  await expect(full2.locator('.transport .counter')).toHaveText(counter!);
});

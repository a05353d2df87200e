// Docs embedding: the lab view in a frame, driven by public/docs-example.html through postMessage, and
// nothing requested outside the page's own origin.
import { expect, test } from '@playwright/test';

test('docs-example drives two embedded labs through postMessage and lists what comes back', async ({ page, baseURL }) => {
  const foreign: string[] = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (!['data:', 'blob:'].includes(u.protocol) && u.origin !== new URL(baseURL!).origin) foreign.push(r.url());
  });
  await page.goto('/docs-example.html');
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
  await expect(ipip.getByLabel('Hop narration')).toHaveCount(0);
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
  await page.screenshot({ path: 'artifacts/labs/docs-example.png', fullPage: true });
  expect(foreign).toEqual([]);
});

test('the embedded lab view requests nothing from other origins and fits its frame', async ({ page, baseURL }) => {
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  await page.setViewportSize({ width: 520, height: 360 });
  await page.goto('/?embed=1&lab=policy&step=2');
  const region = page.getByRole('region', { name: 'Lab' });
  await expect(region).toContainText('Step 2 of');
  await expect(page.getByRole('region', { name: 'Topology' })).toBeVisible();
  const box = await page.locator('.app').boundingBox();
  expect(box).toMatchObject({ width: 520, height: 360 });
  const origin = new URL(baseURL!).origin;
  expect(urls.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin)).toEqual([]);
  await page.screenshot({ path: 'artifacts/labs/embed-policy.png' });
});

test('messages from a page of another origin, unknown or malformed messages are ignored', async ({ page }) => {
  await page.goto('/docs-example.html');
  const log = page.getByRole('list', { name: 'Events from the IPIP frame' });
  await expect(log.getByRole('listitem').nth(1)).toHaveText('step-changed ipip-vs-bgp step 3');
  // malformed and unknown messages from the allowed parent: no reply, no change
  await page.evaluate(() => {
    const w = (document.getElementById('ipip') as HTMLIFrameElement).contentWindow!;
    for (const m of [{ type: 'go-to-step', step: 1 }, { type: 'go-to-step', v: 1, step: 'x' }, { type: 'eval', v: 1 }, 'go-to-step', { type: 'send-packet', v: 1, from: '<b>', to: 'x' }]) w.postMessage(m, location.origin);
    w.postMessage({ type: 'go-to-step', v: 1, step: 2 }, location.origin);
  });
  await expect(log.getByRole('listitem').last()).toHaveText('step-changed ipip-vs-bgp step 2');
  await expect(log.getByRole('listitem')).toHaveCount(3);
  // a message the frame gets from itself (not its parent) is ignored too
  const frame = page.frameLocator('#ipip');
  await frame.locator('body').evaluate(() => window.postMessage({ type: 'go-to-step', v: 1, step: 5 }, location.origin));
  await page.getByRole('button', { name: 'Next step (IPIP)' }).click();
  await expect(log.getByRole('listitem').last()).toHaveText('step-changed ipip-vs-bgp step 3');
});

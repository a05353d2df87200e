import { expect, test, type Page } from '@playwright/test';

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
  });
});

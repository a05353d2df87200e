import { expect, test } from '@playwright/test';

// A preset other than the default is a chunk fetched when picked. Two picks whose chunks arrive out of order
// (a cold cache right after a deploy) must end on the one picked last, not on the slower one.

test('the preset picked last is the lab that stays, whichever chunk arrives first', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('svg g[data-node="master-1"]')).toHaveCount(1);
  // seed 001's chunk is held back 1.5 s
  let held = 0;
  await page.route(/\/assets\/seed001-ipip-[^/]*\.js$/, async (route) => {
    held++;
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  const presets = page.getByRole('combobox', { name: 'Preset lab' });
  await presets.selectOption('seed001-ipip');
  await presets.selectOption('seed000-no-encap');
  await expect(presets).toHaveValue('seed000-no-encap');
  await expect.poll(() => held).toBe(1);
  await page.waitForTimeout(2000); // past the held chunk's arrival
  await expect(presets).toHaveValue('seed000-no-encap');
  await expect(page.locator('svg g[data-node="k8s-master"]')).toHaveCount(0);
  await expect(page.locator('svg g[data-node="master-1"]')).toHaveCount(1);
  await expect(page.getByRole('radiogroup', { name: 'IPIP mode' }).getByRole('radio', { name: 'Never' })).toBeChecked();
});

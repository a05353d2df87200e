// Issue 13 point 5: nothing lost. An edit is in the address as soon as it is made: a reload right after it
// (which takes the address as it stands when it starts, before the page's pagehide handler can write it)
// comes back to the edited lab.
import { expect, test } from '@playwright/test';

test('a reload right after an edit keeps the edit', async ({ page }) => {
  await page.goto('/?autoplay=0');
  const node1 = page.getByRole('region', { name: 'route -n — node-1', exact: true });
  await expect(node1).toContainText('tunl0');
  await page.getByRole('radiogroup', { name: 'IPIP mode' }).getByRole('radio', { name: 'Never' }).check();
  // reloaded in the same moment, from the page itself (no time for a debounced write)
  await page.evaluate(() => location.reload());
  await expect(node1).toContainText('Kernel IP routing table');
  await expect(page.getByRole('radiogroup', { name: 'IPIP mode' }).getByRole('radio', { name: 'Never' })).toBeChecked();
  await expect(node1).not.toContainText('tunl0');
});

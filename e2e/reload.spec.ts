// Issue 13 point 5: nothing lost. An edit made just before a reload comes back with it. The app writes its
// lab to the address after a 300 ms pause (compressing it is too slow for the edit path); a reload sooner
// than that reopens the address as it stood when it began, so the page being left puts its hash in
// sessionStorage for the reload to take (ui/urlSync.ts).
import { expect, test, type Page } from '@playwright/test';

async function editThen(page: Page, leave: () => Promise<unknown>) {
  await page.goto('/?autoplay=0');
  const node1 = page.getByRole('region', { name: 'route -n — node-1', exact: true });
  await expect(node1).toContainText('tunl0');
  await page.getByRole('radiogroup', { name: 'IPIP mode' }).getByRole('radio', { name: 'Never' }).check();
  await leave();
  await expect(node1).toContainText('Kernel IP routing table');
  await expect(page.getByRole('radiogroup', { name: 'IPIP mode' }).getByRole('radio', { name: 'Never' })).toBeChecked();
  await expect(node1).not.toContainText('tunl0');
}

test('a reload right after an edit keeps the edit', async ({ page }) => {
  // reloaded in the same moment, from the page itself (no time for the debounced write)
  await editThen(page, () => page.evaluate(() => location.reload()));
});

test("the browser's reload right after an edit keeps it, and a later plain visit does not inherit it", async ({ page }) => {
  await editThen(page, () => page.reload());
  // the hash left for that one reload was taken by it: the address now holds the edit itself
  await expect.poll(() => page.evaluate(() => sessionStorage.getItem('cni-lab:unsaved-address'))).toBeNull();
  expect(page.url()).toContain('#s=');
  await page.goto('/?autoplay=0');
  await page.reload();
  await expect(page.getByRole('radiogroup', { name: 'IPIP mode' }).getByRole('radio', { name: 'Always' })).toBeChecked();
});

test('leaving right after an edit and coming Back keeps it', async ({ page }) => {
  await editThen(page, async () => {
    await page.evaluate(() => location.assign('/?autoplay=0&other=1'));
    await page.waitForURL(/other=1/);
    await page.goBack();
  });
});

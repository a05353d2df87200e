import { expect, test } from '@playwright/test';

// The pin picker lists every namespace — pods by the name in their id, without building their namespaces —
// and pinning a pod opens its own route table.
test('the pin picker lists pods and nodes, and pinning a pod shows its route -n', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('region', { name: 'route -n — node-1' })).toBeVisible();
  const picker = page.getByRole('combobox', { name: 'Pin a routing table' });
  const pod = 'pod/default/web-kbtv4l6gq8-xmgwx';
  await expect(picker.locator(`option[value="${pod}"]`)).toHaveText('pod default/web-kbtv4l6gq8-xmgwx');
  await expect(picker.locator('option[value="node/node-1"]')).toHaveText('node node-1');
  await picker.selectOption(pod);
  await page.getByRole('button', { name: 'Pin', exact: true }).click();
  const table = page.getByRole('region', { name: 'route -n — default/web-kbtv4l6gq8-xmgwx' });
  await expect(table).toContainText('169.254.1.1');
});

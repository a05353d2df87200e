import { expect, test } from '@playwright/test';

// The default lab opens with every node's `route -n` on screen; picking another preset re-derives them.
test('default lab shows route -n panels, and the no-encap preset turns tunl0 lines into NIC lines', async ({ page }) => {
  await page.goto('/');
  const node1 = page.getByRole('region', { name: 'route -n — node-1' });
  await expect(node1).toBeVisible();
  await expect(node1).toContainText('Kernel IP routing table');
  await expect(node1).toContainText('172.20.247.0    192.168.2.26    255.255.255.192 UG    0      0        0 tunl0');
  await expect(node1).toContainText('172.20.84.128   0.0.0.0         255.255.255.192 U     0      0        0 *');
  await page.screenshot({ path: 'artifacts/e2e-default-lab.png', fullPage: true });

  await page.getByRole('combobox', { name: 'Preset lab' }).selectOption('seed000-no-encap');
  await expect(node1).toContainText('172.20.247.0    192.168.2.26    255.255.255.192 UG    0      0        0 ens33');
  await expect(node1).not.toContainText('tunl0');

  await node1.getByRole('radio', { name: 'ip route' }).click();
  const ipRoute = page.getByRole('region', { name: 'ip route — node-1' });
  await expect(ipRoute).toContainText('172.20.247.0/26 via 192.168.2.26 dev ens33 proto bird');
});

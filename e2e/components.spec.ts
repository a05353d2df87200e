import { expect, test } from '@playwright/test';

// Issue 14: the node boxes name the install's components with their health, and a route line says who
// programmed it.
test('a route line clicked names its programmer: BIRD for a remote block, Felix for a pod, the kernel for a connected route', async ({ page }) => {
  await page.goto('/');
  const node1 = page.getByRole('region', { name: 'route -n — node-1' });
  await expect(node1).toBeVisible();
  await node1.getByRole('radio', { name: 'ip route' }).click();
  const table = page.getByRole('region', { name: 'ip route — node-1' });
  await table.locator('.line', { hasText: '172.20.247.0/26 via 192.168.2.26 dev tunl0 proto bird onlink' }).click();
  const note = table.getByRole('note', { name: 'Who programmed this route' });
  await expect(note).toContainText('Programmed by BIRD in calico-node');
  await expect(note).toContainText('learned 172.20.247.0/26 over BGP from the peer 192.168.2.26');
  await page.screenshot({ path: 'artifacts/e2e-provenance.png' });
  await table.locator('.line', { hasText: /^172\.20\.84\.129 dev cali/ }).click();
  await expect(note).toContainText('Programmed by Felix in calico-node');
  await table.locator('.line', { hasText: '192.168.2.0/24 dev ens33 proto kernel' }).click();
  await expect(note).toContainText('Programmed by kernel');
  // a second click on the same line puts the note away
  await table.locator('.line', { hasText: '192.168.2.0/24 dev ens33 proto kernel' }).click();
  await expect(note).toHaveCount(0);
});

test("the node boxes show each node's components and their health: calico-node 0/1 in the crash-loop gym", async ({ page }) => {
  await page.goto('/?lab=gym-calico-node-crashloop');
  await expect(page.getByRole('region', { name: 'Lab' }).getByRole('status')).toContainText('loaded');
  const worker1 = page.getByRole('group', { name: 'Components on worker-1' });
  await expect(worker1.locator('[data-comp="calico-node"] text')).toHaveText('✕ calico-node 0/1');
  await expect(worker1.locator('[data-comp="calico-node"]')).toHaveClass(/bad/);
  await expect(worker1.locator('[data-comp="kube-proxy"] text')).toHaveText('● kube-proxy 1/1');
  await page.screenshot({ path: 'artifacts/e2e-components.png' });
  const master = page.getByRole('group', { name: 'Components on master' });
  await expect(master.locator('[data-comp="calico-node"] title')).toContainText('BIRD is not ready: BGP not established with 10.4.0.1');

  await page.getByRole('tab', { name: 'Terminal' }).click();
  const term = page.getByRole('region', { name: 'Terminal' });
  const cmd = term.getByRole('textbox', { name: 'Command' });
  await cmd.fill('kubectl set env ds/calico-node -n kube-system IP_AUTODETECTION_METHOD=interface=eth0');
  await cmd.press('Enter');
  await expect(term.getByRole('log', { name: 'Terminal output' })).toContainText('daemonset.apps/calico-node env updated');
  await expect(worker1.locator('[data-comp="calico-node"] text')).toHaveText('● calico-node 1/1');
  await expect(worker1.locator('[data-comp="calico-node"]')).toHaveClass(/ok/);
});

test('a device clicked in the picture says who made it: tunl0 by Felix, docker0 by the container runtime', async ({ page }) => {
  await page.goto('/');
  const card = page.locator('.topo [data-node="master-1"]');
  await card.locator('[data-dev="tunl0"]').dispatchEvent('click');
  const info = page.locator('.topo-info');
  await expect(info).toContainText('tunl0: made by Felix (calico-node).');
  await card.locator('[data-dev="docker0"]').dispatchEvent('click');
  await expect(info).toContainText('docker0: made by container runtime.');
});

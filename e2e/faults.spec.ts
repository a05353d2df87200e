import { expect, test } from '@playwright/test';

// BGP panel: node down as a Fault edit takes that node's sessions out of Established; the events of the
// toggle list the session loss and FIB changes (and WITHDRAW from a reflector); undo restores the sessions; the session counter follows added nodes.
test('node down: sessions leave Established, events show WITHDRAW, undo restores', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('tab', { name: 'BGP' }).click();
  const status2 = page.getByRole('region', { name: 'calicoctl node status — node-2' });
  await expect(status2).toContainText(/192\.168\.2\.22 \| node-to-node mesh \| up\s+\| [\d:]+ \| Established/);
  const counts = page.getByLabel('Session counts');
  await expect(counts).toContainText('mesh: N(N-1)/2 = 4×3/2 = 6 sessions');
  await expect(counts).toContainText('6 configured, 6 Established');
  await page.screenshot({ path: 'artifacts/bgp-panel.png' });

  await page.getByRole('checkbox', { name: 'node down master-1' }).check();
  await expect(status2).toContainText(/192\.168\.2\.22 \| node-to-node mesh \| start\s+\| [\d:]+ \| Active Socket: No route to/);
  await expect(page.getByRole('region', { name: 'calicoctl node status — master-1' })).toContainText('Calico process is not running');
  await expect(counts).toContainText('3 Established');
  const events = page.getByRole('list', { name: 'BGP event list' });
  // a full mesh learns every route from its originator: the peers drop the session and the routes (no one withdraws)
  await expect(events).toContainText(/SESSION +master-1 \(192\.168\.2\.22\) <-> node-2 \(192\.168\.2\.26\) +down: hold timer expired/);
  await expect(events).toContainText('FIB del       node-2: 172.20.39.0/26 via 192.168.2.22 dev tunl0');
  await expect(page.getByRole('region', { name: 'BGP events' })).toContainText('node down master-1');
  await page.screenshot({ path: 'artifacts/bgp-node-down.png' });

  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(page.getByRole('checkbox', { name: 'node down master-1' })).not.toBeChecked();
  await expect(status2).toContainText(/192\.168\.2\.22 \| node-to-node mesh \| up\s+\| [\d:]+ \| Established/);

  // with a reflector (node-2), a client going down makes the reflector WITHDRAW its routes from the others
  await page.getByRole('radio', { name: 'Route reflectors' }).check();
  await expect(counts).toContainText('reflectors: clients × reflectors = 3 × 1 = 3');
  await page.getByRole('checkbox', { name: 'node down node-1' }).check();
  await expect(events).toContainText(/WITHDRAW +node-2 -> master-1 +172\.20\.84\.128\/26/);
  await page.screenshot({ path: 'artifacts/bgp-rr-withdraw.png' });

  await page.getByRole('tabpanel', { name: 'BGP' }).getByRole('button', { name: 'Add node' }).click();
  await expect(counts).toContainText('mesh: N(N-1)/2 = 5×4/2 = 10 sessions');
  await expect(counts).toContainText('reflectors: clients × reflectors = 4 × 1 = 4');
});

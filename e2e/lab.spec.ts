import { expect, test } from '@playwright/test';

// The lab's toggles are scenario edits: switching IPIP to Never re-derives every node's routes.
test('IPIP → Never turns a route panel’s tunl0 lines into NIC lines, marking what changed; undo brings them back', async ({ page }) => {
  await page.goto('/');
  const node1 = page.getByRole('region', { name: 'route -n — node-1' });
  await expect(node1).toContainText('172.20.247.0    192.168.2.26    255.255.255.192 UG    0      0        0 tunl0');
  await page.getByRole('radiogroup', { name: 'IPIP mode' }).getByRole('radio', { name: 'Never' }).check();
  await expect(node1).toContainText('172.20.247.0    192.168.2.26    255.255.255.192 UG    0      0        0 ens33');
  // the new lines are marked for a moment, the removed ones struck through
  await expect(node1.locator('.line.added').first()).toContainText('ens33');
  await expect(node1.locator('.line.removed').first()).toContainText('tunl0');
  await page.screenshot({ path: 'artifacts/e2e-ipip-never.png' });
  // once the marks fade, no tunl0 route is left
  await expect(node1).not.toContainText('tunl0');
  await expect(page.getByRole('radiogroup', { name: 'VXLAN mode' }).getByRole('radio', { name: 'Never' })).toBeChecked();

  // VXLAN on turns IPIP off (Calico allows one encapsulation per pool)
  await page.getByRole('radiogroup', { name: 'VXLAN mode' }).getByRole('radio', { name: 'Always' }).check();
  await expect(page.getByRole('radiogroup', { name: 'IPIP mode' }).getByRole('radio', { name: 'Never' })).toBeChecked();
  await expect(node1).toContainText('vxlan.calico');

  await page.getByRole('button', { name: 'Undo' }).click();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(node1).toContainText('172.20.247.0    192.168.2.26    255.255.255.192 UG    0      0        0 tunl0');
  await expect(page.getByRole('radiogroup', { name: 'IPIP mode' }).getByRole('radio', { name: 'Always' })).toBeChecked();
});

test('send a ping across nodes and step through it: hop list, narration, highlighted route line', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('combobox', { name: 'Source' }).selectOption({ label: 'web-kbtv4l6gq8-xmgwx 172.20.247.1 (node-2)' });
  await page.getByRole('combobox', { name: 'Destination' }).selectOption({ label: 'api-tpw5cvvnjf-8jjk9 172.20.84.130 (node-1)' });
  await page.getByRole('button', { name: 'Send' }).click();
  const hops = page.getByRole('list', { name: 'Hops' });
  await expect(hops.getByRole('listitem')).toHaveCount(34);
  await expect(hops.getByRole('listitem').first()).toContainText('send');
  const narration = page.getByLabel('Hop narration');
  await expect(narration).toContainText('Hop 1 of 34 (request), send');

  // step to node-2's route lookup: the matched line of its table is marked
  for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Step forward' }).click();
  await expect(narration).toContainText('Hop 6 of 34 (request), route: node-2: 172.20.84.128/26 via 192.168.2.25 dev tunl0 proto bird onlink');
  const node2 = page.getByRole('region', { name: 'route -n — node-2' });
  await expect(node2.locator('[aria-current="true"]')).toHaveText('172.20.84.128   192.168.2.25    255.255.255.192 UG    0      0        0 tunl0');
  await node2.getByRole('radio', { name: 'ip route' }).click();
  await expect(page.getByRole('region', { name: 'ip route — node-2' }).locator('[aria-current="true"]')).toHaveText('172.20.84.128/26 via 192.168.2.25 dev tunl0 proto bird onlink ');

  await page.getByRole('button', { name: 'Step forward' }).click();
  await expect(narration).toContainText('encap: node-2: tunl0 encapsulates in IPIP');
  await expect(hops.locator('[aria-current="step"]')).toContainText('encap');
  await page.getByRole('button', { name: 'Step back' }).click();
  await expect(narration).toContainText('Hop 6 of 34');
  await page.getByRole('button', { name: 'Last hop' }).click();
  await expect(narration).toContainText('Hop 34 of 34 (reply), deliver');
  await page.screenshot({ path: 'artifacts/e2e-ping.png' });
});

test('clicking two pods in the topology sends a packet between them', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: /^pod default\/web-kbtv4l6gq8-svb47 / }).click();
  await page.getByRole('button', { name: /^pod default\/api-tpw5cvvnjf-4j8sf / }).click();
  await expect(page.getByRole('list', { name: 'Hops' }).getByRole('listitem').first()).toContainText('ping 172.20.84.129');
  // keyboard works too: Enter on a focused pod picks it
  await page.getByRole('button', { name: /^pod default\/api-tpw5cvvnjf-pjg4m / }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('combobox', { name: 'Source' })).toHaveValue('default/api-tpw5cvvnjf-pjg4m');
});

test('route reflectors: mesh sessions become node specific ones', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('combobox', { name: 'Preset lab' }).selectOption('seed001-ipip');
  await expect(page.locator('svg path.session.mesh')).toHaveCount(3);
  await page.getByRole('radiogroup', { name: 'BGP topology' }).getByRole('radio', { name: 'Route reflectors' }).check();
  await expect(page.getByRole('group', { name: 'Reflector nodes' }).getByRole('checkbox', { name: 'k8s-node2' })).toBeChecked();
  await expect(page.locator('svg path.session.mesh')).toHaveCount(0);
  await expect(page.locator('svg path.session.reflector.state-up')).toHaveCount(2);
  await expect(page.getByRole('group', { name: /^node k8s-node2 .*route reflector/ })).toBeVisible();
  await page.screenshot({ path: 'artifacts/e2e-rr.png' });
});

import { expect, test } from '@playwright/test';
import lz from 'lz-string';

const compressToEncodedURIComponent = (s: string) => lz.compressToEncodedURIComponent(s);

test('a bad YAML import shows the error and keeps the current lab', async ({ page }) => {
  await page.goto('/');
  const node1 = page.getByRole('region', { name: 'route -n — node-1' });
  await expect(node1).toContainText('tunl0');
  await page.getByLabel('Import scenario YAML file').setInputFiles({ name: 'broken.yaml', mimeType: 'text/yaml', buffer: Buffer.from('apiVersion: cnilab/v1\nkind: Topology\nmetadata: {name: x}\nspec:\n  nodes: [\n') });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('broken.yaml');
  await expect(node1).toContainText('172.20.247.0    192.168.2.26    255.255.255.192 UG    0      0        0 tunl0');
  await expect(page.getByText('calico · 4 nodes · 10 pods')).toBeVisible();
  await page.screenshot({ path: 'artifacts/e2e-bad-yaml.png' });
  await alert.getByRole('button', { name: 'Dismiss error' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);

  // a good file replaces the lab
  const good = `apiVersion: cnilab/v1
kind: Topology
metadata: {name: tiny}
spec:
  networks: [{name: lan, cidr: 10.9.0.0/24, gateway: 10.9.0.1}]
  nodes:
    - {name: a, interfaces: [{name: eth0, network: lan, ip: 10.9.0.10/24}]}
    - {name: b, interfaces: [{name: eth0, network: lan, ip: 10.9.0.11/24}]}
---
apiVersion: cnilab/v1
kind: Cluster
metadata: {name: tiny}
spec: {cni: calico}
`;
  await page.getByLabel('Import scenario YAML file').setInputFiles({ name: 'tiny.yaml', mimeType: 'text/yaml', buffer: Buffer.from(good) });
  await expect(page.getByText('calico · 2 nodes · 0 pods')).toBeVisible();
  await expect(page.getByRole('region', { name: 'route -n — a' })).toBeVisible();
});

test('a shared URL opens the same lab, packet and hop', async ({ page, context }) => {
  await page.goto('/?autoplay=0');
  await page.getByRole('radiogroup', { name: 'IPIP mode' }).getByRole('radio', { name: 'Never' }).check();
  await page.getByRole('combobox', { name: 'Source' }).selectOption({ label: 'web-kbtv4l6gq8-xmgwx 172.20.247.1 (node-2)' });
  await page.getByRole('combobox', { name: 'Destination' }).selectOption({ label: 'api-tpw5cvvnjf-8jjk9 172.20.84.130 (node-1)' });
  await page.getByRole('button', { name: 'Send' }).click();
  for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Step forward' }).click();
  await expect(page.getByLabel('Hop narration')).toContainText('Hop 6 of');
  await page.getByRole('button', { name: 'Share link' }).click();
  await expect(page.getByRole('status')).toHaveText(/Link (copied|is in the address bar)/);
  await expect(page).toHaveURL(/#s=/);
  const url = page.url();

  const other = await context.newPage();
  await other.goto(url);
  await expect(other.getByRole('radiogroup', { name: 'IPIP mode' }).getByRole('radio', { name: 'Never' })).toBeChecked();
  await expect(other.getByLabel('Hop narration')).toContainText('Hop 6 of');
  await expect(other.getByLabel('Hop narration')).toContainText('route: node-2: 172.20.84.128/26 via 192.168.2.25 dev ens33 proto bird');
  await expect(other.getByRole('region', { name: 'route -n — node-2' }).locator('[aria-current="true"]')).toContainText('ens33');
  await other.screenshot({ path: 'artifacts/e2e-shared.png' });
});

test('a broken shared URL says so and opens the default lab', async ({ page }) => {
  await page.goto('/#s=' + compressToEncodedURIComponent('{"schemaVersion": 2}'));
  await expect(page.getByRole('alert')).toContainText('Could not open the shared link: the shared link has no scenario');
  await expect(page.getByRole('region', { name: 'route -n — node-1' })).toBeVisible();
  // a new link in the same tab (hashchange) opens it; its YAML is broken
  await page.goto('/#s=' + compressToEncodedURIComponent(JSON.stringify({ schemaVersion: 2, yaml: 'kind: [' })));
  await expect(page.getByRole('alert')).toContainText('Could not open the shared link: shared.yaml');
  await expect(page.getByRole('region', { name: 'route -n — node-1' })).toBeVisible();
});

test('embed mode is chrome-less and sizes to its box', async ({ page }) => {
  await page.setViewportSize({ width: 640, height: 420 });
  await page.goto('/?embed=1&autoplay=0');
  await expect(page.getByRole('region', { name: 'Topology' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Preset lab' })).toHaveCount(0);
  await expect(page.getByRole('radiogroup', { name: 'IPIP mode' })).toHaveCount(0);
  const box = await page.locator('.app').boundingBox();
  expect(box!.width).toBe(640);
  expect(box!.height).toBe(420);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByLabel('Hop narration')).toContainText('Hop 1 of');
  await page.screenshot({ path: 'artifacts/e2e-embed.png' });
});

test('two embeds on one page never share state', async ({ page }) => {
  await page.goto('/embed-example.html');
  const a = page.frameLocator('iframe[title="CNI Lab embed A"]');
  const b = page.frameLocator('iframe[title="CNI Lab embed B"]');
  await expect(a.getByRole('region', { name: 'Topology' })).toBeVisible();
  await expect(b.getByRole('region', { name: 'Topology' })).toBeVisible();
  await a.getByRole('button', { name: 'Send' }).click();
  await expect(a.getByLabel('Hop narration')).toContainText(/Hop \d+ of/);
  await expect(b.getByLabel('Hop narration')).toHaveText('');
  // (the embed's packet bar has From, To and Send; a choice made in one frame stays in that frame)
  const sourceA = await a.getByRole('combobox', { name: 'Source' }).inputValue();
  await b.getByRole('combobox', { name: 'Source' }).selectOption('default/api-tpw5cvvnjf-4j8sf');
  await expect(b.getByRole('combobox', { name: 'Source' })).toHaveValue('default/api-tpw5cvvnjf-4j8sf');
  expect(sourceA).not.toBe('default/api-tpw5cvvnjf-4j8sf');
  await expect(a.getByRole('combobox', { name: 'Source' })).toHaveValue(sourceA);
  await page.screenshot({ path: 'artifacts/e2e-two-embeds.png' });
});

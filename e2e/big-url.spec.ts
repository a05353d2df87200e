// Issue 13 point 5 on the big-lab page: nothing lost. Its edits go into its address beside the link (when made,
// and on pagehide), so a reload rebuilds the same lab with its Undo; leaving it for another lab leaves it one
// Back away.
import { expect, test, type Page } from '@playwright/test';
import lz from 'lz-string';
import { bigLabYaml } from '../test/support/bigLab';

// 60 nodes: over SMALL_LAB, so a big lab, and quick to build
const link = '/#s=' + lz.compressToEncodedURIComponent(JSON.stringify({ schemaVersion: 2, yaml: bigLabYaml(60, 2) }));
const node1 = (page: Page) => page.locator('.big-lab section[aria-label="route -n — node-1"]');
const ipip = (page: Page, mode: string) => page.getByRole('radiogroup', { name: 'IPIP mode' }).getByRole('radio', { name: mode });

async function openEdited(page: Page) {
  await page.goto(link);
  await expect(node1(page)).toContainText(/ tunl0$/m, { timeout: 60_000 });
  await ipip(page, 'Never').check();
  await expect(node1(page)).not.toContainText(/ tunl0$/m, { timeout: 60_000 });
  await expect(node1(page)).toContainText(/10\.0\.0\.11\s+255\.255\.255\.192 UG\s+0\s+0\s+0 eth0/);
}

test('a reload right after an edit rebuilds the edited big lab, with its Undo', async ({ page }) => {
  test.setTimeout(120_000);
  await openEdited(page);
  // a terminal write is an edit too
  await page.getByLabel('Run on').fill('node-1');
  await page.getByLabel('Command').fill('kubectl label node node-2 zone=b');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.locator('.big-term-out')).toContainText('node/node-2 labeled');
  // reloaded at once: an edit is written to the address when it is made, not 300 ms later
  await page.reload();
  await expect(node1(page)).toContainText(/10\.0\.0\.11\s+255\.255\.255\.192 UG\s+0\s+0\s+0 eth0/, { timeout: 60_000 });
  await expect(ipip(page, 'Never')).toBeChecked();
  expect(new URL(page.url()).hash).toMatch(/^#s=[^&]+&edits=/);
  // Undo still steps back through the edits the address held: first the label (IPIP stays off) …
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('button', { name: 'Redo' })).toBeEnabled();
  await expect(page.getByRole('status')).toHaveCount(0, { timeout: 60_000 });
  await expect(ipip(page, 'Never')).toBeChecked();
  await expect(node1(page)).toContainText(/ eth0$/m);
  // … then IPIP
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(node1(page)).toContainText(/ tunl0$/m, { timeout: 60_000 });
  await expect(ipip(page, 'Always')).toBeChecked();
  await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled();
});

test('leaving an edited big lab for the default lab leaves it one Back away', async ({ page }) => {
  test.setTimeout(120_000);
  await openEdited(page);
  await page.getByRole('link', { name: 'Open the default lab' }).click();
  await expect(page.getByRole('region', { name: 'route -n — node-1', exact: true })).toContainText('Kernel IP routing table');
  expect(await page.locator('.big-lab').count()).toBe(0);
  await page.goBack();
  await expect(node1(page)).toContainText(/10\.0\.0\.11\s+255\.255\.255\.192 UG\s+0\s+0\s+0 eth0/, { timeout: 60_000 });
  await expect(ipip(page, 'Never')).toBeChecked();
});

test('a bad field in a big lab\'s edits is named', async ({ page }) => {
  await page.goto(`${link}&edits=${lz.compressToEncodedURIComponent(JSON.stringify({ v: 1, steps: [{ encap: 'ipip', mode: 'Sometimes' }] }))}`);
  await expect(page.getByRole('alert')).toContainText('the shared link\'s edits.steps[0].mode is "Sometimes"; it must be Always, CrossSubnet, Never', { timeout: 30_000 });
});

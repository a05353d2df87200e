import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Issue 18 in the app: a real cluster's dumps (hand-written in the shape kubectl and calicoctl print them)
// given to Import, dropped on the page or pasted become the lab; the import report says what was assumed.

const FIX = join(dirname(fileURLToPath(import.meta.url)), '../test/fixtures/import');
const file = (dir: string, name: string) => ({ name, mimeType: name.endsWith('.json') ? 'application/json' : 'text/yaml', buffer: readFileSync(join(FIX, dir, name)) });

test('Import with several dump files builds the cluster, shows its route tables and the report; Undo brings the edited lab back', async ({ page }) => {
  await page.goto('/?autoplay=0');
  await expect(page.getByText('calico · 4 nodes · 10 pods')).toBeVisible();
  await page.getByRole('radiogroup', { name: 'IPIP mode' }).getByRole('radio', { name: 'Never' }).check();
  await page
    .getByLabel('Import scenario YAML file')
    .setInputFiles(['cluster.yaml', 'calico.yaml', 'blocks.yaml', 'k8s-worker1.ip-addr.txt'].map((n) => file('kubeadm-calico', n)));
  await expect(page.getByText('calico · 3 nodes · 4 pods')).toBeVisible();
  const w1 = page.getByRole('region', { name: 'route -n — k8s-worker1' });
  await expect(w1).toContainText('10.244.194.64   192.168.56.12   255.255.255.192 UG    0      0        0 tunl0');
  await expect(w1).toContainText('192.168.56.0    0.0.0.0         255.255.255.0   U     0      0        0 enp0s8');
  const report = page.getByRole('region', { name: 'What the import could not know' });
  await expect(report).toContainText('dropped 1 Secret dropped');
  await expect(report).toContainText('assumed default gateway unknown');
  await expect(report).toContainText('gap 1 pod without an address left out: default/pending');
  await page.screenshot({ path: 'artifacts/e2e-import-cluster.png' });
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByText('calico · 4 nodes · 10 pods')).toBeVisible();
  await expect(page.getByRole('radiogroup', { name: 'IPIP mode' }).getByRole('radio', { name: 'Never' })).toBeChecked();
  await expect(page.getByRole('region', { name: 'What the import could not know' })).toHaveCount(0);
});

test('dropping flannel dumps (kubectl -o json) on the page imports them; a broken dump is refused with file:line', async ({ page }) => {
  await page.goto('/?autoplay=0');
  const drop = async (files: { name: string; text: string }[]) =>
    page.evaluate((fs) => {
      const dt = new DataTransfer();
      for (const f of fs) dt.items.add(new File([f.text], f.name));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, files);
  await drop(['cluster.json', 'flannel.yaml', 'w2.ip-addr.txt'].map((n) => ({ name: n, text: readFileSync(join(FIX, 'flannel-json', n), 'utf8') })));
  await expect(page.getByText('flannel · 3 nodes · 3 pods')).toBeVisible();
  await expect(page.getByRole('region', { name: 'route -n — w2' })).toContainText('10.244.1.0      10.244.1.0      255.255.255.0   UG    0      0        0 flannel.1');

  await drop([{ name: 'cluster.yaml', text: 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Node\n  metadata: {name: n1}\n  status:\n    addresses:\n    - {type: InternalIP, address: 10.0.0.300}\n' }]);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Could not import cluster.yaml; the current lab is unchanged.');
  await expect(alert).toContainText('cluster.yaml:9 items[0].status.addresses[0].address: E903');
  await expect(page.getByText('flannel · 3 nodes · 3 pods')).toBeVisible();
});

test('pasting a dump (outside any text field) imports it', async ({ page }) => {
  await page.goto('/?autoplay=0');
  // the paste listener is installed by the app's effect: pasting before the app is on screen raced it
  await expect(page.getByText(/^calico · \d+ nodes · \d+ pods$/)).toBeVisible();
  const text = readFileSync(join(FIX, 'kubeadm-calico', 'cluster.yaml'), 'utf8');
  await page.evaluate((t) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);
  await expect(page.getByText('calico · 3 nodes · 4 pods')).toBeVisible();
  await expect(page.getByRole('region', { name: 'What the import could not know' })).toContainText('no IPPool in the dump');
});

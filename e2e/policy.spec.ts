import { expect, test } from '@playwright/test';

// Policy panel: the seed 002 deny-all example makes denied matrix cells; a cell sends that connection as a
// walk whose policy hop names the deciding rule; a YAML error is shown with its line and field and the lab stays.
test('deny-all example: a denied cell, a denied walk with the deciding rule, and a YAML error that keeps the lab', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('tab', { name: 'Policy' }).click();
  await page.getByRole('combobox', { name: 'Seed 002 example' }).selectOption('seed002-05-deny-all');
  await page.getByRole('button', { name: 'Apply example' }).click();
  await expect(page.getByRole('combobox', { name: 'Preset lab' })).toHaveValue('seed002-policy');
  const list = page.getByRole('list', { name: 'Policies' });
  await expect(list).toContainText('develop/deny-all-ingress');
  await page.screenshot({ path: 'artifacts/policy-list.png' });

  await page.getByRole('radio', { name: 'Matrix' }).check();
  const denied = page.getByRole('button', { name: 'default/pod-test → develop/pod-test1 TCP/80: denied' });
  await expect(denied).toBeVisible();
  await expect(page.getByRole('button', { name: 'default/pod-test → kube-system/coredns-78fcd69978-4kq8r TCP/80: allowed' })).toBeVisible();
  // what the cells show: deny-all (both policyTypes, podSelector {}) cuts every develop pod off in both
  // directions and leaves the other pods alone — ✗ where either end is in develop, ✓ elsewhere, · on the diagonal
  const table = page.locator('table.matrix');
  const pods = (await table.locator('tbody th[scope="row"]').allInnerTexts()).map((t) => t.replace(/^\d+\s+/, '').trim());
  expect(pods).toHaveLength(8);
  expect((await table.locator('thead th[scope="col"]').allInnerTexts()).slice(1)).toEqual(pods.map((_, i) => String(i + 1)));
  const shown = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => (td as HTMLElement).innerText.trim()).join('')));
  const dev = (p: string) => p.startsWith('develop/');
  expect(shown).toEqual(pods.map((c) => pods.map((s) => (c === s ? '·' : dev(c) || dev(s) ? '✗' : '✓')).join('')));
  // and the colour follows the text
  await expect(table.locator('td.deny')).toHaveCount(pods.filter(dev).length * (2 * pods.length - pods.filter(dev).length) - pods.filter(dev).length);
  await page.screenshot({ path: 'artifacts/policy-matrix.png' });
  await denied.click();
  const hops = page.getByRole('list', { name: 'Hops' });
  const policyHop = hops.getByRole('listitem').filter({ hasText: 'ingress policy of develop/pod-test1' });
  await expect(policyHop).toContainText('denied');
  await expect(policyHop).toContainText('default tier: no rule matched: implicit deny');
  await expect(policyHop).toContainText('knp.default.deny-all-ingress');
  await expect(page.locator('.verdict')).toContainText('request dropped');
  await page.screenshot({ path: 'artifacts/policy-denied-walk.png' });

  await page.getByRole('radio', { name: 'Felix chains' }).check();
  await page.getByRole('combobox', { name: 'Felix chains for pod' }).selectOption('develop/pod-test1');
  await expect(page.getByRole('region', { name: /^chain cali-tw-cali/ })).toContainText('-j cali-pi-default/knp.default.deny-all-ingress');
  await expect(page.getByRole('region', { name: /^chain cali-tw-cali/ })).toContainText('End of tier default. Drop if no policies passed packet');
  await page.screenshot({ path: 'artifacts/policy-felix.png' });

  await page.getByRole('radio', { name: 'Policies' }).check();
  await page.getByRole('button', { name: 'Edit NetworkPolicy/develop/deny-all-ingress' }).click();
  const yaml = page.getByRole('textbox', { name: 'Policy YAML' });
  const text = await yaml.inputValue();
  await yaml.fill(text.replace('policyTypes:', 'ingress:\n    - ports:\n        - port: 80\n          endPort: 79\n  policyTypes:'));
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  const errors = page.getByRole('alert', { name: 'Policy errors' });
  await expect(errors).toContainText(/line \d+ spec\.ingress\[0\]\.ports\[0\]\.endPort: E801/);
  await expect(errors).toContainText('the lab is unchanged');
  await page.screenshot({ path: 'artifacts/policy-yaml-error.png' });
  // the last good state is kept: still deny-all
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(list).toContainText('develop/deny-all-ingress');
  await page.getByRole('radio', { name: 'Matrix' }).check();
  await expect(page.getByRole('button', { name: 'default/pod-test → develop/pod-test1 TCP/80: denied' })).toBeVisible();

  // remove, then undo brings it back
  await page.getByRole('radio', { name: 'Policies' }).check();
  await page.getByRole('button', { name: 'Remove NetworkPolicy/develop/deny-all-ingress' }).click();
  await expect(page.getByText('No policies:')).toBeVisible();
  await page.keyboard.press('Control+z');
  await expect(list).toContainText('develop/deny-all-ingress');
});

// The probe picker offers SCTP, as the big-lab page's does (one ProbeFields). deny-all given one ingress rule
// for SCTP/9: a develop pod then accepts SCTP to port 9 from a default pod (which no egress policy holds back)
// and nothing else — TCP/9 and SCTP/10 stay denied. The walk has no SCTP, so its cells give verdicts only.
test('an SCTP probe: the matrix tells SCTP from TCP, and its cells are not sent', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('tab', { name: 'Policy' }).click();
  await page.getByRole('combobox', { name: 'Seed 002 example' }).selectOption('seed002-05-deny-all');
  await page.getByRole('button', { name: 'Apply example' }).click();
  await page.getByRole('button', { name: 'Edit NetworkPolicy/develop/deny-all-ingress' }).click();
  const yaml = page.getByRole('textbox', { name: 'Policy YAML' });
  await yaml.fill((await yaml.inputValue()).replace('policyTypes:', 'ingress:\n    - ports:\n        - protocol: SCTP\n          port: 9\n  policyTypes:'));
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await page.getByRole('radio', { name: 'Matrix' }).check();

  await page.getByRole('combobox', { name: 'Probe protocol' }).selectOption('SCTP');
  await page.getByRole('spinbutton', { name: 'Probe port' }).fill('9');
  const cell = (to: string, probe: string, verdict: string) => page.getByRole('img', { name: `default/pod-test → ${to} ${probe}: ${verdict}` });
  await expect(cell('develop/pod-test1', 'SCTP/9', 'allowed')).toBeVisible();
  // the way back is still cut (egress from develop is denied)
  await expect(page.getByRole('img', { name: 'develop/pod-test1 → default/pod-test SCTP/9: denied' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Reachability matrix' })).toContainText('cells are not sent');
  await expect(page.locator('table.matrix td button')).toHaveCount(0);
  await page.locator('table.matrix').screenshot({ path: 'artifacts/policy-matrix-sctp.png' });

  await page.getByRole('spinbutton', { name: 'Probe port' }).fill('10');
  await expect(cell('develop/pod-test1', 'SCTP/10', 'denied')).toBeVisible();
  await page.getByRole('combobox', { name: 'Probe protocol' }).selectOption('TCP');
  await page.getByRole('spinbutton', { name: 'Probe port' }).fill('9');
  await expect(page.getByRole('button', { name: 'default/pod-test → develop/pod-test1 TCP/9: denied' })).toBeVisible();
});

test('under Flannel the panel says policies are stored but not enforced', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('combobox', { name: 'Preset lab' }).selectOption('seed002-flannel-vxlan');
  await page.getByRole('tab', { name: 'Policy' }).click();
  await expect(page.getByRole('note')).toContainText('Flannel stores NetworkPolicy but does not enforce it');
});

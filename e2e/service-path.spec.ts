// The Service path above the hop list (issue 15): a lab step's packet through a NodePort shows client →
// DNAT on the node it entered → SNAT (externalTrafficPolicy Cluster) → the endpoint, each stage a button
// that moves the cursor to its hop; after the learner's switch to Local the SNAT stage is gone.
import { expect, test } from '@playwright/test';

test('NodePort from outside: the Service path names the DNAT and the masquerade, and its stages jump to their hops', async ({ page }) => {
  await page.goto('/?lab=service-client-ip&autoplay=0');
  const region = page.getByRole('region', { name: 'Lab' });
  const status = region.getByRole('status');
  await expect(status).toContainText('loaded');
  await region.getByRole('button', { name: 'Apply step' }).click();
  await expect(status).toHaveText('Step 1 applied: all 3 checks passed.');

  // where the layout folds the hop list into a dock tab (narrow windows, a lab open), open that tab
  const hopsTab = page.getByRole('tab', { name: 'Hop list' });
  if (await hopsTab.count()) await hopsTab.click();
  const path = page.getByRole('navigation', { name: 'Service path' });
  await expect(path).toBeVisible();
  const stages = path.getByRole('listitem');
  await expect(stages).toHaveCount(4);
  await expect(stages.nth(0)).toContainText('client lan-gateway 10.0.0.2');
  await expect(stages.nth(1)).toContainText('DNAT master1 10.0.0.12:30080 →');
  await expect(stages.nth(2)).toContainText('SNAT master1 10.0.0.2 → 10.0.0.12');
  await expect(stages.nth(3)).toContainText('endpoint default/pod-deployment-');

  // a stage is its hop: clicking the SNAT puts the cursor on the KUBE-POSTROUTING hop
  await stages.nth(2).getByRole('button').click();
  const current = page.getByRole('list', { name: 'Hops' }).locator('[aria-current="step"]');
  await expect(current).toContainText('KUBE-POSTROUTING MASQUERADE 10.0.0.2 → 10.0.0.12');
  await page.screenshot({ path: 'artifacts/service-path-cluster.png' });
});

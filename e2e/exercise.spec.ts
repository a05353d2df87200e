// A learner completes the seed 001 exercise (labs/ex001-route-reflector.yaml) by typing the seed's commands
// into the terminal: Check my work answers per check with the learner feedback first, a hint is revealed, then
// every check passes; progress (hints used, passed) is kept in localStorage and exports as a JSON file.
import { expect, test, type Locator } from '@playwright/test';

/** Types a command as a learner does: each line, then Enter (a here-document's lines get the "> " prompt). */
async function type(input: Locator, text: string) {
  for (const line of text.split('\n')) {
    await input.fill(line);
    await input.press('Enter');
  }
}

test('seed 001 exercise: mesh to route reflector, typed in the terminal and checked', async ({ page }) => {
  await page.goto('/?lab=ex001-route-reflector');
  const region = page.getByRole('region', { name: 'Lab' });
  const status = region.getByRole('status');
  await expect(status).toContainText('loaded');
  await region.getByRole('button', { name: 'Apply step' }).click();
  await expect(status).toHaveText('Step 1 applied: all 1 checks passed.');
  await region.getByRole('button', { name: 'Next step' }).click();
  await expect(region.locator('.labs-yourturn')).toHaveText('Your turn');

  // nothing done yet: the feedback says what is still wrong, without the answer
  await region.getByRole('button', { name: 'Check my work' }).click();
  await expect(status).toHaveText('Your work: 3 of 6 checks pass.');
  await expect(region.locator('.labs-checks li.bad').first()).toContainText('The node-to-node mesh is still on');
  await expect(region.locator('.labs-checks')).not.toContainText('192.168.179.104 node specific');
  await region.getByRole('button', { name: 'Hint (1 of 3)' }).click();
  await expect(region.locator('.labs-hints li')).toHaveCount(1);
  await page.screenshot({ path: 'artifacts/exercise-1-feedback.png' });

  await page.getByRole('tab', { name: 'Terminal' }).click();
  const term = page.getByRole('region', { name: 'Terminal' });
  await expect(term.getByRole('combobox', { name: 'Terminal target' })).toHaveValue('node:k8s-master');
  const input = term.getByRole('textbox', { name: 'Command' });
  const out = term.getByRole('log', { name: 'Terminal output' });

  await type(
    input,
    `calicoctl apply -f - <<EOF
apiVersion: projectcalico.org/v3
kind: BGPConfiguration
metadata:
  name: default
spec:
  logSeverityScreen: Info
  nodeToNodeMeshEnabled: false
  asNumber: 64512
EOF`,
  );
  await expect(out).toContainText("Successfully applied 1 'BGPConfiguration' resource(s)");
  await type(input, 'calicoctl node status');
  await expect(out).toContainText('No IPv4 peers found.');
  await type(input, 'kubectl label node k8s-node2 route-reflector=true');
  await expect(out).toContainText('node/k8s-node2 labeled');
  await type(input, 'kubectl label node k8s-node2 route-reflector=yes');
  await expect(out).toContainText("error: 'route-reflector' already has a value (true), and --overwrite is false");
  await type(input, `calicoctl patch node k8s-node2 -p '{"spec":{"bgp":{"routeReflectorClusterID":"244.0.0.1"}}}'`);
  await expect(out).toContainText("Successfully patched 1 'Node' resource");
  await type(
    input,
    `cat > bgppeer.yaml <<EOF
apiVersion: projectcalico.org/v3
kind: BGPPeer
metadata:
  name: peer-with-route-reflectors
spec:
  nodeSelector: all()
  peerSelector: route-reflector == 'true'
EOF`,
  );
  await type(input, 'calicoctl apply -f bgppeer.yaml');
  await expect(out).toContainText("Successfully applied 1 'BGPPeer' resource(s)");
  await type(input, 'calicoctl node status');
  await expect(out).toContainText('| 192.168.179.104 | node specific | up    |');
  // the writes are edits of the lab: the routes are back (reflected by k8s-node2)
  await type(input, 'ip route | grep bird');
  await expect(out).toContainText('10.244.36.64/26 via 192.168.179.103 dev ens32 proto bird');
  await page.screenshot({ path: 'artifacts/exercise-2-terminal.png' });

  await region.getByRole('button', { name: 'Check my work' }).click();
  await expect(status).toHaveText('Your work: all 6 checks pass. Well done!');
  await expect(region.locator('.labs-checks li.ok')).toHaveCount(6);
  await expect(page.getByRole('list', { name: 'Steps' }).locator('li.ok')).toHaveCount(2);
  await page.screenshot({ path: 'artifacts/exercise-3-passed.png' });

  const progress = await page.evaluate(() => localStorage.getItem('cnilab.progress.v1.ex001-route-reflector'));
  expect(JSON.parse(progress!)).toEqual({ lab: 'ex001-route-reflector', version: 1, steps: { reflector: { passed: true, hints: 1, solution: false, checks: 2 } } });
  const [file] = await Promise.all([page.waitForEvent('download'), region.getByRole('button', { name: 'Export progress' }).click()]);
  expect(file.suggestedFilename()).toBe('ex001-route-reflector-progress.json');
});

test('show solution plays the reference solution and is recorded', async ({ page }) => {
  await page.goto('/?lab=ex001-route-reflector&step=2');
  const region = page.getByRole('region', { name: 'Lab' });
  await expect(region.locator('.labs-yourturn')).toHaveText('Your turn');
  await region.getByRole('button', { name: 'Show solution' }).click();
  await expect(region.getByRole('status')).toHaveText('Step 2 applied: all 6 checks passed.');
  await expect(region.locator('.labs-solution')).toContainText('kubectl label node k8s-node2 route-reflector=true');
  const progress = await page.evaluate(() => JSON.parse(localStorage.getItem('cnilab.progress.v1.ex001-route-reflector') ?? '{}'));
  expect(progress.steps.reflector.solution).toBe(true);
  await page.screenshot({ path: 'artifacts/exercise-4-solution.png' });
});

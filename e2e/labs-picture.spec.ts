// Labs in a classroom: presenter mode keeps the mode toggles and Send within reach, the lab picker is one
// key away and lists titles, ←/→ step the lab and never change it, gym step titles do not give the answer.
import { readdirSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { loadLabFile } from '../src/core/labs';

const SHOTS = 'test-results/classroom';

for (const [w, h] of [
  [1280, 720],
  [1920, 1080],
] as const) {
  test(`presenter mode at ${w}×${h}: mode toggles and Send within reach, and they work`, async ({ page }) => {
    await page.setViewportSize({ width: w, height: h });
    await page.goto('/?present=1&lab=crosssubnet');
    const lab = page.getByRole('region', { name: 'Lab' });
    await expect(lab.getByRole('status')).toContainText('loaded');
    const controls = page.getByRole('region', { name: 'Modes and Send' });
    const ipip = controls.getByRole('radiogroup', { name: 'IPIP mode' });
    await expect(ipip).toBeInViewport({ ratio: 1 });
    const send = controls.getByRole('button', { name: 'Send a1 → a2' });
    await expect(send).toBeInViewport({ ratio: 1 });
    // a toggle is the same edit as in the settings column: node-a1's routes leave tunl0
    await ipip.getByRole('radio', { name: 'Never' }).check();
    // (at 1280×720 presenter mode folds the dock to its tab row: the tables are a tab away)
    await page.getByRole('tab', { name: 'Routes' }).click();
    const table = page.getByRole('region', { name: 'route -n — node-a1' });
    await expect(table).toBeVisible();
    await expect(table).not.toContainText('tunl0');
    await controls.getByRole('combobox', { name: 'Send to' }).selectOption('default/b1');
    await controls.getByRole('button', { name: 'Send a1 → b1' }).click();
    await expect(controls.getByRole('status')).toContainText('a1 → b1 ✘ request dropped at router/tor');
    await page.keyboard.press('Escape');
    if (w === 1920) await page.screenshot({ path: `${SHOTS}/presenter-1920x1080.png` });
  });
}

test('L opens the lab list by title; arrows inside it never change the lab; ↓ Enter picks', async ({ page }) => {
  await page.goto('/?present=1&lab=ipip-vs-bgp');
  const lab = page.getByRole('region', { name: 'Lab' });
  await expect(lab.getByRole('status')).toContainText('loaded');
  await page.keyboard.press('l');
  const list = page.getByRole('listbox', { name: 'Guided lab' });
  await expect(list).toBeFocused();
  // titles, not file names, and the current one selected
  await expect(list.getByRole('option', { selected: true })).toContainText('IPIP or plain BGP routing');
  await expect(list.getByRole('option', { name: /^Two subnets behind a router/ })).toBeVisible();
  // every gym in labs/ is listed (nine since gym-calico-node-crashloop)
  await expect(list.getByRole('option', { name: /^Gym: / })).toHaveCount(readdirSync('labs').filter((f) => f.startsWith('gym-')).length);
  for (const key of ['ArrowRight', 'ArrowLeft', 'ArrowRight']) await page.keyboard.press(key);
  await expect(list).toBeVisible();
  await expect(lab.locator('#labs-step-title')).toContainText('Step 1 of 5');
  await page.keyboard.press('Escape');
  await expect(list).toHaveCount(0);
  // focus is back on the (closed) picker: → is the next step, not the next lab
  await expect(page.getByRole('button', { name: /^Guided lab/ })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(lab.locator('#labs-step-title')).toContainText('Step 2 of 5');
  await expect(page.getByRole('button', { name: /^Guided lab/ })).toContainText('IPIP or plain BGP routing');
  // outside presenter mode too, and with the panel closed: L opens it
  await page.goto('/');
  await expect(page.getByRole('region', { name: 'Lab', exact: true })).toHaveCount(0);
  await page.keyboard.press('L');
  await expect(page.getByRole('listbox', { name: 'Guided lab' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: 'Lab', exact: true }).getByRole('status')).toHaveText(/^Lab Two subnets behind a router .* loaded/);
});

test('gym step titles name the symptom or the goal, never the fix (English and Chinese)', () => {
  const gyms = readdirSync('labs').filter((f) => f.startsWith('gym-'));
  expect(gyms.length).toBeGreaterThanOrEqual(9);
  for (const f of gyms) {
    const lab = loadLabFile(readFileSync(`labs/${f}`, 'utf8'), `labs/${f}`).lab!;
    for (const s of lab.steps) {
      expect(s.title.en, f).not.toMatch(/^(fix|the symptom)\b/i);
      expect(s.title.zh, f).not.toMatch(/^(修复|症状)/);
      // the fix step's title does not name what its action changes
      if (s.id === 'fix') expect(s.title.en, f).not.toMatch(/179|prefix|IP_AUTODETECTION|--iface|mesh|veth_mtu|CrossSubnet|cluster ID/i);
    }
  }
});

test('a lab step plays its packet on the picture, the drop where it happens, and its route changes stay marked', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto('/?lab=crosssubnet&step=2');
  const lab = page.getByRole('region', { name: 'Lab', exact: true });
  // at this size the Send column is folded into the dock: the verdict and the playback sit atop the lab panel
  const verdict = page.locator('.presenter-controls .verdict');
  await expect(lab.locator('#labs-step-title')).toContainText('Step 2 of 4');
  await lab.getByRole('button', { name: 'Next step' }).click();
  await expect(lab.locator('#labs-step-title')).toContainText('Step 3 of 4 ipipMode: Never');
  // not applied yet: no packet of the step's on the picture
  await expect(verdict).toHaveText('');
  await lab.getByRole('button', { name: 'Apply step' }).click();
  await expect(lab.getByRole('status')).toHaveText('Step 3 applied: all 5 checks passed.');
  // the walk the step checks is the app's walk: same pair, same verdict as the check
  await expect(page.getByRole('combobox', { name: 'Send from' })).toHaveValue('default/a1');
  await expect(page.getByRole('combobox', { name: 'Send to' })).toHaveValue('default/b1');
  await expect(verdict).toContainText('request dropped at router/tor');
  // and it plays by itself
  await expect(page.locator('.transport .counter')).not.toHaveText(/^1\//);
  await page.getByRole('button', { name: 'Last hop' }).click();
  await expect(page.locator('canvas.packet-canvas').first()).toHaveAttribute('data-drop-box', /\d/);
  await page.screenshot({ path: `${SHOTS}/lab-step-drop-1366x768.png` });
  // what the step changed on node-a1 (tunl0 → eth0) is still marked after a toggle's marks would have faded
  await page.waitForTimeout(4500);
  const a1 = page.getByRole('region', { name: 'route -n — node-a1' });
  // (step 2 already moved node-a2's block to eth0: this step moves node-b1's, to the router)
  await expect(a1.locator('.line.added')).toHaveCount(1);
  await expect(a1.locator('.line.added')).toContainText(/^10\.244\.120\.64 +192\.168\.1\.1 /);
  await expect(page.locator('.change-note')).toContainText('after “lab step 3”');
  // going back to an applied step shows its packet again, still at its last hop
  await lab.getByRole('button', { name: 'Next step' }).click();
  await expect(verdict).toHaveText('');
  await lab.getByRole('button', { name: 'Previous step' }).click();
  await expect(verdict).toContainText('request dropped at router/tor');
  await expect(page.locator('.transport .counter')).toHaveText('10/10');
});

test.describe('with motion', () => {
  test.use({ reducedMotion: 'no-preference' });

  test('a step that changes BGP plays its convergence, then the packet over the new routes', async ({ page }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto('/?lab=crosssubnet&step=3');
    const lab = page.getByRole('region', { name: 'Lab', exact: true });
    await expect(lab.locator('#labs-step-title')).toContainText('Step 3 of 4');
    await lab.getByRole('button', { name: 'Next step' }).click();
    await lab.getByRole('button', { name: 'Apply step' }).click();
    await expect(lab.getByRole('status')).toHaveText('Step 4 applied: all 5 checks passed.');
    // the router's new routes land one message at a time on its route panel, shown because it changed
    const tor = page.getByRole('region', { name: 'route -n — tor' });
    await expect(tor).toBeVisible();
    const marks = tor.locator('.line.conv');
    await expect(marks.first()).toBeVisible();
    const early = await marks.count();
    await expect.poll(() => marks.count(), { timeout: 30_000 }).toBeGreaterThan(early);
    // meanwhile the packet waits at its first hop; when the convergence is done it goes, and arrives
    await expect(page.getByRole('region', { name: 'Modes and Send' }).getByRole('status')).toContainText('request delivered');
    await expect(page.locator('.transport .counter')).not.toHaveText(/^1\//, { timeout: 30_000 });
  });
});

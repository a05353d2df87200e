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
    const table = page.getByRole('region', { name: 'route -n — node-a1' });
    await expect(table).not.toContainText('tunl0');
    await controls.getByRole('combobox', { name: 'Destination' }).selectOption('default/b1');
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
  await expect(list.getByRole('option', { name: /^Gym: / })).toHaveCount(8);
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
  expect(gyms.length).toBe(8);
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

import { expect, test } from '@playwright/test';

// BGP panel → "Play convergence": the last edit's UPDATE/WITHDRAW messages in order, narrated (aria-live),
// each FIB change marked on its node's route panel as it lands. Reduced motion (the config's default) lists
// every step at once; without it a dot travels the session lines on the topology canvas.
test('route reflectors: Play convergence narrates WITHDRAW/UPDATE and marks route lines (reduced motion)', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('radiogroup', { name: 'BGP topology' }).getByRole('radio', { name: 'Route reflectors' }).check();
  await page.getByRole('tab', { name: 'BGP' }).click();
  const panel = page.getByRole('tabpanel', { name: 'BGP' });
  await panel.getByRole('button', { name: 'Play convergence' }).click();
  const list = panel.getByRole('list', { name: 'Convergence narration' });
  await expect(list).toContainText(/UPDATE \S+ → \S+ \d+\.\d+\.\d+\.\d+\/\d+/);
  // a reflector re-sends its clients' routes: node-2 is the sender of some UPDATE
  await expect(list).toContainText(/UPDATE node-2 → master-1 \d+\.\d+\.\d+\.\d+\/\d+/);
  await expect(panel.getByRole('status')).toContainText(/Converged: \d+ steps/);

  // a client goes down: the reflector withdraws its routes from the other clients
  await panel.getByRole('checkbox', { name: 'node down node-1' }).check();
  await expect(list).toHaveCount(0);
  await panel.getByRole('button', { name: 'Play convergence' }).click();
  await expect(list).toContainText(/WITHDRAW node-2 → master-1 172\.20\.84\.128\/26/);
  await page.screenshot({ path: 'artifacts/convergence-reduced.png' });

  await page.getByRole('tab', { name: 'Routes' }).click();
  // master-1's panel marks the withdrawn route as removed (the final table is the state's)
  const m1 = page.getByRole('region', { name: 'route -n — master-1' });
  await expect(m1.locator('.line.conv[data-conv="del"]')).toContainText('172.20.84.128/26 via 192.168.2.25 dev tunl0 proto bird onlink');
  await expect(m1.locator('.line:not(.conv)', { hasText: '172.20.84.128' })).toHaveCount(0);
});

test('without reduced motion: messages travel one by one, the narration follows; a pause holds', async ({ page }) => {
  // The page's clock is Playwright's: time is moved by the test, so "nothing moved while paused" is a fact
  // about the state after a known stretch of page time, not a guess about how long a busy machine needs.
  await page.clock.install();
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  await page.goto('/');
  await page.getByRole('radiogroup', { name: 'BGP topology' }).getByRole('radio', { name: 'Route reflectors' }).check();
  await page.getByRole('tab', { name: 'BGP' }).click();
  const panel = page.getByRole('tabpanel', { name: 'BGP' });
  await panel.getByRole('button', { name: 'Play convergence' }).click();
  const status = panel.getByRole('status');
  await expect(status).toContainText(/^1\/\d+ (UPDATE|WITHDRAW|FIB) /);
  await expect(panel.getByRole('button', { name: 'Pause convergence' })).toBeVisible();
  await expect(status).toContainText(/^\d+\/\d+ UPDATE node-2 → /);
  await page.screenshot({ path: 'artifacts/convergence-mid.png' });
  await panel.getByRole('button', { name: 'Pause convergence' }).click();
  await expect(panel.getByRole('button', { name: 'Play convergence' })).toBeVisible();
  const at = (await status.textContent())!;
  const step = (s: string) => Number(/^(\d+)\//.exec(s)![1]);
  // ten message intervals (750 ms each) of page time: a paused convergence stays on its message
  await page.clock.runFor(7500);
  await expect(status).toHaveText(at);
  await panel.getByRole('button', { name: 'Next BGP message' }).click();
  await expect(status).toContainText(new RegExp(`^${step(at) + 1}/`));
  // and played again, the same stretch of time moves it on
  const before = step((await status.textContent())!);
  await panel.getByRole('button', { name: 'Play convergence' }).click();
  await page.clock.runFor(2 * 750 + 100);
  await expect.poll(async () => step((await status.textContent())!)).toBeGreaterThan(before + 1);
});

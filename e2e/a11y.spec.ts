import { expect, test } from '@playwright/test';

// Every control and panel has a role and an accessible name; the keyboard reaches them with a visible focus.
test('every control has an accessible name, in both themes, and focus is visible', async ({ page }) => {
  await page.goto('/?autoplay=0');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  for (const tab of ['Packet inspector', 'Terminal', 'Compare', 'Routes']) {
    await page.getByRole('tab', { name: tab }).click();
    await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
  }
  const controls = page.locator('.app button:visible, .app select:visible, .app input:visible, .app [role="radio"]:visible, .app svg [tabindex="0"]');
  const n = await controls.count();
  expect(n).toBeGreaterThan(40);
  for (let i = 0; i < n; i++) await expect(controls.nth(i)).toHaveAccessibleName(/\S/);
  for (const name of ['Topology', 'Lab settings', 'Send a packet', 'Hop list', 'Details']) await expect(page.getByRole('region', { name }).first()).toBeVisible();
  await expect(page.getByRole('list', { name: 'Hops' })).toBeVisible();

  // keyboard: Tab moves through the controls with a visible outline
  await page.locator('body').click({ position: { x: 5, y: 700 } });
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    const style = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const cs = getComputedStyle(el);
      return { tag: el.tagName, outline: cs.outlineStyle, width: cs.outlineWidth };
    });
    expect(style.outline, `focused ${style.tag}`).not.toBe('none');
  }
  await page.screenshot({ path: 'artifacts/e2e-focus.png' });

  // the other theme
  const toggle = page.getByRole('button', { name: /^Switch to (light|dark) theme$/ });
  const before = await page.locator('.app').first().getAttribute('data-theme');
  await toggle.click();
  await expect(page.locator('.app').first()).not.toHaveAttribute('data-theme', before!);
  await page.screenshot({ path: 'artifacts/e2e-other-theme.png' });
});

test('the topology is reachable by keyboard: Tab to a pod, Enter picks it, Enter on another sends', async ({ page }) => {
  await page.goto('/?autoplay=0');
  // the picture folds node-2's other pods at this size: unfold them from the keyboard first
  await page.getByRole('button', { name: /^Show the \d+ other pods on node-2$/ }).focus();
  await page.keyboard.press('Enter');
  const a = page.getByRole('button', { name: /^pod default\/web-kbtv4l6gq8-svb47 / });
  await a.focus();
  await expect(a).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('list', { name: 'Hops' }).getByRole('listitem').first()).toContainText('send');
  // step with the keyboard shortcut
  await page.locator('.hops-panel').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('.');
  await expect(page.getByLabel('Hop narration')).toContainText('Hop 2 of');
});

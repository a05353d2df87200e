import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';

// The built app carries a strict Content-Security-Policy (issue 13.6): nothing inline runs, everything comes
// from its own origin. These walk through the parts that draw, load lazily, download and embed, and fail on
// any violation the browser reports — a policy that silently breaks a panel is worse than none.

async function recordViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    (window as unknown as { __csp: string[] }).__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
}

test('the policy is in the page, and the app, the walk, the inspector, the terminal and the policy tab run under it', async ({ page }) => {
  const violations = await recordViolations(page);
  await page.goto('/');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');

  await expect(page.getByRole('region', { name: 'route -n — node-1' })).toContainText('Kernel IP routing table');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  for (const tab of ['Packet inspector', 'Terminal', 'Compare', 'Routes']) {
    await page.getByRole('tab', { name: tab }).click();
  }
  await page.getByRole('combobox', { name: 'Preset lab' }).selectOption('seed002-flannel-vxlan');
  await expect(page.getByRole('region', { name: /route -n — / }).first()).toBeVisible();
  expect(await violations()).toEqual([]);
});

test('a guided lab, its SVG/PNG export and the embed view run under it', async ({ page }) => {
  const violations = await recordViolations(page);
  await page.goto('/?lab=ipip-vs-bgp');
  const region = page.getByRole('region', { name: 'Lab' });
  await expect(region.getByRole('status')).toContainText('loaded');
  const [svg] = await Promise.all([page.waitForEvent('download'), region.getByRole('button', { name: 'Export SVG' }).click()]);
  // the picture's paint travels as presentation attributes (a style attribute would be refused)
  const text = readFileSync((await svg.path())!, 'utf8');
  expect(text).toMatch(/<text[^>]* font-size="/);
  expect(text).not.toMatch(/ style="/);
  const [png] = await Promise.all([page.waitForEvent('download'), region.getByRole('button', { name: 'Export PNG' }).click()]);
  expect(readFileSync((await png.path())!).subarray(1, 4).toString()).toBe('PNG');

  await page.goto('/?embed=1&lab=mesh-to-rr&step=2');
  await expect(page.locator('svg').first()).toBeVisible();
  expect(await violations()).toEqual([]);
});

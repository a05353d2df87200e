// Every lab in labs/ played to its last step in the app (space applies, → moves on), with all its checks
// passing on screen, and a screenshot of the final step saved to artifacts/labs/final-<name>.png.
import { readdirSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { loadLabFile } from '../src/core/labs';

const names = readdirSync('labs')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))
  .sort();

for (const name of names) {
  test(`lab ${name}: every step applies with its checks passing; final step captured`, async ({ page }) => {
    const lab = loadLabFile(readFileSync(`labs/${name}.yaml`, 'utf8'), `labs/${name}.yaml`).lab!;
    const n = lab.steps.length;
    await page.goto(`/?present=1&lab=${name}`);
    const region = page.getByRole('region', { name: 'Lab' });
    const status = region.getByRole('status');
    await expect(status).toHaveText(`Lab ${lab.title.en} loaded: step 1 of ${n}.`);
    for (let i = 0; i < n; i++) {
      await page.keyboard.press(' ');
      const checks = lab.steps[i].checks.length;
      await expect(status).toHaveText(checks ? `Step ${i + 1} applied: all ${checks} checks passed.` : `Step ${i + 1} applied.`);
      if (i < n - 1) {
        await page.keyboard.press('ArrowRight');
        await expect(status).toHaveText(`Step ${i + 2} of ${n}: ${lab.steps[i + 1].title.en}`);
      }
    }
    await expect(page.getByRole('list', { name: 'Steps' }).locator('li.ok')).toHaveCount(n);
    await page.screenshot({ path: `artifacts/labs/final-${name}.png` });
  });
}

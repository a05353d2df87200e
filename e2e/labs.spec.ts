// Guided labs in the app, by keyboard in presenter mode: each step applied (space), its checks read from
// the aria-live status, its text read in Chinese (switch, read, switch back), then → to the next step.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { loadLabFile } from '../src/core/labs';

function labOf(name: string) {
  const lab = loadLabFile(readFileSync(`labs/${name}.yaml`, 'utf8'), `labs/${name}.yaml`).lab;
  if (!lab) throw new Error(`labs/${name}.yaml does not load`);
  return lab;
}

async function setLang(page: Page, lang: 'en' | 'zh-CN') {
  await page.getByRole('combobox', { name: 'Language' }).selectOption(lang);
  // back to the page for the keys (a focused <select> keeps its arrows)
  await page.getByRole('combobox', { name: 'Language' }).evaluate((el) => (el as HTMLElement).blur());
}

for (const name of ['ipip-vs-bgp', 'mesh-to-rr', 'policy']) {
  test(`lab ${name}: complete by keyboard in presenter mode, every step read in Chinese too`, async ({ page }) => {
    const lab = labOf(name);
    const n = lab.steps.length;
    await page.goto(`/?present=1&lab=${name}`);
    const region = page.getByRole('region', { name: 'Lab' });
    const status = region.getByRole('status');
    await expect(status).toHaveText(`Lab ${lab.title.en} loaded: step 1 of ${n}.`);
    await expect(page.getByRole('list', { name: 'Steps' }).getByRole('listitem')).toHaveCount(n);
    for (let i = 0; i < n; i++) {
      const step = lab.steps[i];
      await expect(region.getByRole('heading', { level: 3 })).toHaveText(`Step ${i + 1} of ${n} ${step.title.en}`);
      await page.keyboard.press(' ');
      await expect(status).toHaveText(step.checks.length ? `Step ${i + 1} applied: all ${step.checks.length} checks passed.` : `Step ${i + 1} applied.`);
      await expect(region.locator('.labs-checks li.ok')).toHaveCount(step.checks.length);
      if (step.show.length) await expect(region.locator('.labs-cmd').first()).toContainText(step.show[0].command);

      await setLang(page, 'zh-CN');
      const zh = page.getByRole('region', { name: '实验' });
      await expect(zh.getByRole('heading', { level: 3 })).toHaveText(`第 ${i + 1} 步，共 ${n} 步 ${step.title.zh}`);
      await expect(zh.locator('.labs-do')).toHaveText(step.do.zh!);
      if (step.observe) await expect(zh.locator('.labs-observe')).toHaveText(step.observe.zh!);
      await expect(zh.getByRole('button', { name: '执行本步' })).toBeVisible();
      await setLang(page, 'en');

      if (i < n - 1) {
        await page.keyboard.press('ArrowRight');
        await expect(status).toHaveText(`Step ${i + 2} of ${n}: ${lab.steps[i + 1].title.en}`);
      }
    }
    await expect(page.getByRole('list', { name: 'Steps' }).locator('li.ok')).toHaveCount(n);
    await page.screenshot({ path: `artifacts/labs/${name}.png` });
    // ← goes back without undoing: the step keeps its result
    await page.keyboard.press('ArrowLeft');
    await expect(status).toHaveText(`Step ${n - 1} of ${n}: ${lab.steps[n - 2].title.en}`);
    await expect(region.locator('.labs-checks li.ok')).toHaveCount(lab.steps[n - 2].checks.length);
  });
}

test('a lab step changes the live topology: IPIP off moves the route panels from tunl0 to ens33', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Labs' }).click();
  const region = page.getByRole('region', { name: 'Lab' });
  await region.getByRole('button', { name: /^Guided lab/ }).click();
  await region.getByRole('option', { name: /IPIP/ }).first().click();
  await expect(region.getByRole('status')).toContainText('loaded');
  const node2 = page.getByRole('region', { name: 'route -n — node-2' });
  await expect(node2).toContainText('tunl0');
  for (let i = 0; i < 3; i++) {
    await region.getByRole('button', { name: 'Apply step' }).click();
    await expect(region.getByRole('status')).toContainText(`Step ${i + 1} applied`);
    await region.getByRole('button', { name: 'Next step' }).click();
  }
  await region.getByRole('button', { name: 'Apply step' }).click();
  await expect(region.getByRole('status')).toHaveText('Step 4 applied: all 4 checks passed.');
  await expect(node2).toContainText('172.20.84.128   192.168.2.25    255.255.255.192 UG    0      0        0 ens33');
  // the table's own lines leave tunl0; the lines the step removed stay on show, struck through
  await expect(node2.locator('.line:not(.removed)').filter({ hasText: 'tunl0' })).toHaveCount(0);
  await expect(node2.locator('.line.removed').filter({ hasText: 'dev tunl0' })).toHaveCount(3);
  await page.getByRole('radiogroup', { name: 'IPIP mode' }).getByRole('radio', { name: 'Never' }).isChecked().then((x) => expect(x).toBe(true));
});

test('a failing step does not advance unless the learner insists', async ({ page }) => {
  await page.goto('/?lab=ipip-vs-bgp');
  const region = page.getByRole('region', { name: 'Lab' });
  await expect(region.getByRole('status')).toContainText('loaded');
  await region.getByRole('button', { name: 'Next step' }).click();
  await expect(region.getByRole('status')).toHaveText('Step 1 is not applied yet. Press Next step again to continue anyway.');
  await expect(region.getByRole('heading', { level: 3 })).toContainText('Step 1 of 5');
  await region.getByRole('button', { name: 'Next step' }).click();
  await expect(region.getByRole('heading', { level: 3 })).toContainText('Step 2 of 5');
  await region.getByRole('button', { name: 'Previous step' }).click();
  await expect(region.getByRole('heading', { level: 3 })).toContainText('Step 1 of 5');
});

test('the language follows navigator.language (zh → 中文) and switches at runtime', async ({ browser }) => {
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  const page = await ctx.newPage();
  await page.goto('/?lab=policy');
  const region = page.getByRole('region', { name: '实验' });
  await expect(region.getByRole('button', { name: '执行本步' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Language' })).toHaveValue('zh-CN');
  await region.getByRole('button', { name: '执行本步' }).click();
  await expect(region.getByRole('status')).toContainText('第 1 步已执行');
  // tool output stays as the tool prints it
  await page.getByRole('combobox', { name: 'Language' }).selectOption('en');
  await expect(page.getByRole('region', { name: 'Lab' }).getByRole('button', { name: 'Apply step' })).toBeVisible();
  await page.screenshot({ path: 'artifacts/labs/lang-switch.png' });
  await ctx.close();
});

for (const size of [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
]) {
  test(`presenter mode at ${size.width}x${size.height}: the step and its buttons are on screen, the focus ring shows`, async ({ page }) => {
    await page.setViewportSize(size);
    await page.goto('/?present=1&lab=mesh-to-rr');
    const region = page.getByRole('region', { name: 'Lab' });
    await expect(region.getByRole('status')).toContainText('loaded');
    await page.keyboard.press(' ');
    await expect(region.getByRole('status')).toContainText('Step 1 applied');
    for (const b of ['Previous step', 'Apply step', 'Next step']) await expect(region.getByRole('button', { name: b })).toBeInViewport();
    await expect(region.getByRole('heading', { level: 3 })).toBeInViewport();
    const fs = await region.locator('.labs-do').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(fs).toBeGreaterThanOrEqual(17);
    await region.getByRole('button', { name: 'Apply step' }).focus();
    const outline = await region.getByRole('button', { name: 'Apply step' }).evaluate((el) => getComputedStyle(el).outlineWidth);
    expect(parseFloat(outline)).toBeGreaterThanOrEqual(4);
    await page.screenshot({ path: `artifacts/labs/presenter-${size.width}x${size.height}.png` });
  });
}

test('the app bar speaks the chosen language; tool output does not change', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Undo' })).toBeVisible();
  const node1 = page.getByRole('region', { name: 'route -n — node-1' });
  const before = await node1.locator('pre, table').first().innerText();
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await expect(page.getByRole('button', { name: '撤销' })).toBeVisible();
  await expect(page.getByRole('button', { name: '导出 YAML' })).toBeVisible();
  await expect(page.getByText('calico · 4 个节点 · 10 个 Pod')).toBeVisible();
  expect(await node1.locator('pre, table').first().innerText()).toBe(before);
  await page.screenshot({ path: 'artifacts/labs/app-zh.png' });
});

test('export the topology as SVG and PNG, and copy an embed snippet', async ({ page }) => {
  await page.goto('/?lab=ipip-vs-bgp');
  const region = page.getByRole('region', { name: 'Lab' });
  await expect(region.getByRole('status')).toContainText('loaded');
  const [svg] = await Promise.all([page.waitForEvent('download'), region.getByRole('button', { name: 'Export SVG' }).click()]);
  expect(svg.suggestedFilename()).toBe('ipip-vs-bgp-step1.svg');
  const text = readFileSync((await svg.path())!, 'utf8');
  expect(text).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(text).toContain('node-2');
  const [png] = await Promise.all([page.waitForEvent('download'), region.getByRole('button', { name: 'Export PNG' }).click()]);
  expect(png.suggestedFilename()).toBe('ipip-vs-bgp-step1.png');
  expect(readFileSync((await png.path())!).subarray(1, 4).toString()).toBe('PNG');
  await region.getByRole('button', { name: 'Copy embed snippet' }).click();
  await expect(region.getByRole('textbox', { name: 'Copy embed snippet' })).toHaveValue(/^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?embed=1&amp;lab=ipip-vs-bgp&amp;step=1"/);
});

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

// Names that say which thing it is, not only that there is a name: the default lab (seed 000) has four nodes
// and ten pods, and a screen reader must be able to tell each of them apart by its name alone.
// addresses with their prefix, as `calicoctl get node -o wide` prints them for seed 000
const NODES: [string, string][] = [['master-1', '192.168.2.22/24'], ['master-2', '192.168.2.23/24'], ['node-1', '192.168.2.25/24'], ['node-2', '192.168.2.26/24']];
const PODS: [string, string, string][] = [
  ['web-kbtv4l6gq8-xmgwx', '172.20.247.1', 'node-2'],
  ['web-kbtv4l6gq8-svb47', '172.20.247.2', 'node-2'],
  ['web-kbtv4l6gq8-2vfns', '172.20.247.3', 'node-2'],
  ['web-kbtv4l6gq8-8t95f', '172.20.247.4', 'node-2'],
  ['api-tpw5cvvnjf-4j8sf', '172.20.84.129', 'node-1'],
  ['api-tpw5cvvnjf-8jjk9', '172.20.84.130', 'node-1'],
  ['api-tpw5cvvnjf-pjg4m', '172.20.84.131', 'node-1'],
  ['api-tpw5cvvnjf-kz54r', '172.20.84.132', 'node-1'],
  ['api-tpw5cvvnjf-mrv29', '172.20.84.133', 'node-1'],
  ['api-tpw5cvvnjf-b9hrl', '172.20.84.134', 'node-1'],
];

test('names identify: nodes and pods by name and address, folded pods counted, tabs name their panels, hops say where', async ({ page }) => {
  await page.goto('/?autoplay=0');
  const topo = page.getByRole('region', { name: 'Topology' }).first();
  for (const [n, ip] of NODES) await expect(topo.getByRole('group', { name: `node ${n} ${ip}`, exact: true })).toHaveCount(1);
  // every pod is either a button named "pod NS/NAME IP on NODE" or counted in its node's "Show the N other pods"
  for (const node of ['node-1', 'node-2']) {
    const mine = PODS.filter((p) => p[2] === node);
    const shown = await topo.getByRole('button', { name: new RegExp(`^pod default/\\S+ \\S+ on ${node}$`) }).allTextContents();
    const fold = topo.getByRole('button', { name: new RegExp(`^Show the \\d+ other pods on ${node}$`) });
    const folded = (await fold.count()) ? Number(/\d+/.exec((await fold.getAttribute('aria-label'))!)![0]) : 0;
    expect(shown.length + folded, node).toBe(mine.length);
  }
  for (const [name, ip, node] of PODS.slice(0, 1).concat(PODS.slice(4, 5))) {
    await expect(topo.getByRole('button', { name: `pod default/${name} ${ip} on ${node}`, exact: true })).toHaveCount(1);
  }
  // unfolded, all ten are there, each once
  for (const node of ['node-1', 'node-2']) {
    const fold = topo.getByRole('button', { name: new RegExp(`^Show the \\d+ other pods on ${node}$`) });
    // from the keyboard: the other node may be a pan away once the first one unfolds
    if (await fold.count()) {
      await fold.focus();
      await page.keyboard.press('Enter');
    }
  }
  for (const [name, ip, node] of PODS) await expect(topo.getByRole('button', { name: `pod default/${name} ${ip} on ${node}`, exact: true })).toHaveCount(1);

  // each tab controls a panel that is named after it
  const tabs = page.getByRole('tab');
  const n = await tabs.count();
  expect(n).toBeGreaterThanOrEqual(4);
  for (let i = 0; i < n; i++) {
    const tab = tabs.nth(i);
    const name = (await tab.textContent())!.trim();
    const panelId = await tab.getAttribute('aria-controls');
    expect(panelId, `tab ${name} names its panel`).toBeTruthy();
    await tab.click();
    await expect(page.locator(`[id="${panelId}"]`)).toHaveRole('tabpanel');
    await expect(page.locator(`[id="${panelId}"]`)).toHaveAccessibleName(name);
  }

  // a control whose visible text is a symbol (▶, ✕, ⋯) carries a name in words
  const symbolic = await page.locator('.app button:visible').evaluateAll((els) =>
    els.filter((e) => !/\p{L}{2}/u.test(e.textContent ?? '')).map((e) => e.getAttribute('aria-label') ?? e.getAttribute('title') ?? ''),
  );
  for (const name of symbolic) expect(name, 'symbol-only button').toMatch(/\p{L}{3}/u);

  // after a send, each hop's name says its number, leg, kind and where it is
  await page.getByRole('combobox', { name: 'Source' }).selectOption({ label: 'web-kbtv4l6gq8-xmgwx 172.20.247.1 (node-2)' });
  await page.getByRole('combobox', { name: 'Destination' }).selectOption({ label: 'api-tpw5cvvnjf-4j8sf 172.20.84.129 (node-1)' });
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  const hops = page.getByRole('list', { name: 'Hops' }).getByRole('button');
  await expect(hops.first()).toHaveAccessibleName('hop 1 request send at default/web-kbtv4l6gq8-xmgwx');
  const names = await hops.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  names.forEach((nm, i) => expect(nm).toMatch(new RegExp(`^hop ${i + 1} (request|reply) \\S+ at \\S+$`)));
  expect(names.some((nm) => / at node-2$/.test(nm))).toBe(true);
  expect(names.filter((nm) => / request deliver at default\/api-tpw5cvvnjf-4j8sf$/.test(nm))).toHaveLength(1);
});

// The app in Chinese, as a learner reads it: switch to 中文, send a packet that arrives and one that is
// dropped, step through the hops, open the packet inspector, play a lab step with checks — and no panel
// shows an English sentence (tool output, addresses, device names and abbreviations such as TTL/MTU/IPIP
// may stay). <html lang> follows the choice and the choice survives a reload.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { strayIn } from '../test/i18n/zhText';

/** Words that only an English sentence has; tool syntax ("proto bird onlink", "ICMP echo request, id 7",
 *  "node-to-node mesh up Established") has none of them. */
const ENGLISH = new Set('the is are was were to of and by for with not no on in at from has have this that its so which then packet dropped delivered expected got'.split(' '));

/** Runs of three or more English words in a text that read as a sentence: "is the longest prefix". */
function englishRuns(text: string): string[] {
  const runs = text.match(/\b[A-Za-z][A-Za-z'’-]*(?:[ ,]+[A-Za-z][A-Za-z'’-]*){2,}/g) ?? [];
  return runs.filter((r) => r.split(/[ ,]+/).some((w) => ENGLISH.has(w.toLowerCase())));
}

/** The visible text of a panel, without what may stay in the C locale (tool output, check ids, bytes). */
async function readableText(panel: Locator): Promise<string> {
  return panel.evaluate((el) => {
    const skip = 'pre, code, .hex, .labs-cmd, [lang="en"], [aria-hidden="true"]';
    const out: string[] = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!n.parentElement?.closest(skip)) out.push(n.textContent ?? '');
    return out.join('\n');
  });
}

async function expectChinese(panel: Locator, what: string) {
  const text = await readableText(panel);
  expect(text.length, `${what} is empty`).toBeGreaterThan(10);
  expect(/[\u4e00-\u9fff]/.test(text), `${what} has no Chinese: ${text.slice(0, 200)}`).toBe(true);
  expect(englishRuns(text), `${what}: English sentences in\n${text}`).toEqual([]);
  expect(text).not.toMatch(/\b(PASS|FAIL)\b/);
  // no stray spaces as they reach the screen (between two Chinese characters, or touching full-width
  // punctuation): the unit tests check each message, this the sentences the panels put together
  expect(text.split('\n').map((l) => strayIn(l) && l).filter(Boolean), `${what}: stray spaces`).toEqual([]);
}

async function toChinese(page: Page) {
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
}

test.use({ viewport: { width: 1366, height: 768 } });

test('the detector finds English sentences and lets tool syntax through', () => {
  expect(englishRuns('node-1：172.20.84.128/26 via 192.168.26.71 dev tunl0 proto bird onlink')).toEqual([]);
  expect(englishRuns('IP 172.20.247.1 > 172.20.84.130: ICMP echo request, id 1, seq 1, length 64')).toEqual([]);
  expect(englishRuns('fib_table_lookup for 172.20.84.190: 172.20.84.128/26 is the longest prefix')).not.toEqual([]);
  expect(englishRuns('在 tor 被丢弃；路径 default/a1 → node-a1 → tor')).toEqual([]);
});

test('中文: hops, drop, inspector and lab checks read in Chinese; <html lang> and the choice survive a reload', async ({ page }) => {
  await page.goto('/?autoplay=0');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await toChinese(page);

  // a packet that arrives (pod on node-2 → pod on node-1 over IPIP), with its reply
  await page.getByRole('combobox', { name: '源' }).first().selectOption({ label: 'web-kbtv4l6gq8-xmgwx 172.20.247.1 (node-2)' });
  await page.getByRole('combobox', { name: '目的' }).first().selectOption({ label: 'api-tpw5cvvnjf-8jjk9 172.20.84.130 (node-1)' });
  await page.getByRole('button', { name: '发送', exact: true }).click();
  const hops = page.getByRole('list', { name: '逐跳路径' });
  await expect(hops.getByRole('listitem').first()).toBeVisible();
  await expect(hops).toContainText('封装');
  await expect(page.locator('.verdict')).toContainText('请求已送达');
  await expectChinese(hops, 'the hop list');
  // step through: the narration of the current hop is Chinese too
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  await expectChinese(page.getByRole('region', { name: '发送数据包' }), 'the packet panel');

  // the inspector on the encapsulated hop
  await hops.getByRole('button').filter({ hasText: '封装' }).first().click();
  await page.getByRole('tab', { name: '数据包检查器' }).click();
  const insp = page.getByRole('region', { name: '数据包检查器' }).last();
  await expect(insp.getByRole('tree')).toContainText('生存时间（TTL）');
  await expect(insp.getByRole('tree')).toContainText('源地址');
  await expectChinese(insp, 'the packet inspector');
  await page.screenshot({ path: 'artifacts/zh/app-zh-1366.png' });

  // a packet that is dropped: to an unused address of node-1's block, which node-1 blackholes
  await page.getByRole('textbox', { name: '目的 IP 地址' }).fill('172.20.84.190');
  await page.getByRole('button', { name: '使用该 IP' }).click();
  await expect(page.locator('.verdict')).toContainText('请求在 node/node-1 被丢弃：黑洞路由');
  await expect(hops).toContainText('黑洞路由 172.20.84.128/26 丢弃了数据包');
  await page.keyboard.press('End');
  await expectChinese(hops, 'the hop list of a drop');
  await expectChinese(page.getByRole('region', { name: '发送数据包' }), 'the packet panel of a drop');
  await page.screenshot({ path: 'artifacts/zh/drop-zh-1366.png' });

  // the choice survives a reload
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('button', { name: '发送', exact: true })).toBeVisible();
});

test('中文: a lab step with checks, a drop among them, reads in Chinese', async ({ page }) => {
  await page.goto('/?lab=crosssubnet&step=3&lang=zh');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  const region = page.getByRole('region', { name: '实验' });
  await expect(region.getByRole('heading', { level: 3 })).toContainText('第 3 步');
  await region.getByRole('button', { name: '执行本步' }).click();
  const checks = region.locator('.labs-checks');
  await expect(checks.locator('li')).not.toHaveCount(0);
  await expect(checks).toContainText('通过');
  await expect(checks).toContainText('在 tor 被丢弃');
  await expectChinese(checks, 'the lab checks');
  await expectChinese(region.locator('.labs-status'), 'the lab status');
  // the route panels name the step that changed them in Chinese too
  await expect(page.locator('.change-note').first()).toContainText('实验第 3 步');
  await page.screenshot({ path: 'artifacts/zh/lab-zh-1366.png' });
  // switching back is immediate, and the URL's ?lang follows
  await page.getByRole('combobox', { name: 'Language' }).selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('.labs-checks')).toContainText('dropped at tor');
  expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
});

test('中文: a Service hop (kube-proxy DNAT), a policy drop and a route line\'s provenance read in Chinese', async ({ page }) => {
  // the policy lab's deny-all step: curl to the Service 10.96.80.213 is DNATed to a develop pod and dropped at
  // that pod's ingress policy
  await page.goto('/?lab=policy&step=2&lang=zh&autoplay=0');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  const region = page.getByRole('region', { name: '实验' });
  await expect(region.getByRole('heading', { level: 3 })).toContainText('第 2 步');
  await region.getByRole('button', { name: '执行本步' }).click();
  await expect(region.locator('.labs-checks li')).not.toHaveCount(0);
  // the step's checks quote the policy verdicts (walks dropped by policy, matrix cells with decide()'s line)
  await expect(region.locator('.labs-checks')).toContainText('的入站方向被拒绝：层级 default 中没有规则匹配，隐式拒绝');
  await expectChinese(region.locator('.labs-checks'), 'the policy lab checks');
  const hopsTab = page.getByRole('tab', { name: '逐跳列表' });
  if (await hopsTab.count()) await hopsTab.click();
  const hops = page.getByRole('list', { name: '逐跳路径' });
  const dnat = hops.getByRole('listitem').filter({ hasText: 'kube-proxy DNAT 10.96.80.213:80' }).first();
  await expect(dnat).toContainText('个端点中的第');
  await expect(dnat).toContainText('它的 KUBE-SVC 链从 3 个端点中选一个');
  const policy = hops.getByRole('listitem').filter({ hasText: '的入站策略' }).first();
  await expect(policy).toContainText('拒绝，层级 default 中没有规则匹配，隐式拒绝');
  await expect(policy).toContainText('knp.default.deny-all-ingress（层级 default，order 1000）');
  await expectChinese(dnat, 'the DNAT hop');
  await expectChinese(policy, 'the policy hop');
  await expectChinese(hops, 'the hop list of a Service packet dropped by policy');
  await page.screenshot({ path: 'artifacts/zh/policy-service-zh-1366.png' });

  // who programmed a route line, in Chinese (the default lab, node-1's ip route)
  await page.goto('/?lang=zh');
  const node1 = page.getByRole('region', { name: 'route -n — node-1' });
  await node1.getByRole('radio', { name: 'ip route' }).click();
  const table = page.getByRole('region', { name: 'ip route — node-1' });
  await table.locator('.line', { hasText: '172.20.247.0/26 via 192.168.2.26 dev tunl0 proto bird onlink' }).click();
  const note = table.getByRole('note', { name: '这条路由由谁写入' });
  await expect(note).toContainText('由 calico-node 中的 BIRD 写入');
  await expect(note).toContainText('BIRD 通过 BGP 从对等体 192.168.2.26 学到 172.20.247.0/26 并装入路由表（proto bird）');
  await expectChinese(note, 'the provenance note');
  await table.locator('.line', { hasText: '192.168.2.0/24 dev ens33 proto kernel' }).click();
  await expect(note).toContainText('由内核写入');
});

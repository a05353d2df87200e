// The big-lab page's BGP, policy and inspector panels (issue 13 point 2: big clusters stay usable). Each is
// worked out in the lab worker; the page shows plain answers. Expected values are worked out by hand from
// how the labs are made (test/support/bigLab.ts: node-k at 10.0.(k+9 div 256).(k+9 mod 256), Deployments
// web1, web2, … of 10,000 replicas, replica i on node i mod N + 1; one policy: web2 takes TCP/80 from web1
// only) or taken from the CLI's output for the same pair in a 4-node lab.
//
// Long tasks are measured while each panel is used and printed; the bound asserted is the generous one of
// big-link.spec.ts (this suite runs on shared, loaded machines), the 200 ms target is what the report gives.
import { expect, test, type Page } from '@playwright/test';
import lz from 'lz-string';
import { bigPolicyLabYaml, twoDeploymentsYaml } from '../test/support/bigPolicyLab';
import { replicaPodName } from '../src/core/scenario/schedule';

const LONG_TASK_BOUND_MS = 1000;
const link = (yaml: string) => '/#s=' + lz.compressToEncodedURIComponent(JSON.stringify({ schemaVersion: 2, yaml }));
const pod = (deployment: string, replica: number) => `default/${replicaPodName('default', deployment, replica)}`;

async function watchLongTasks(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  let seen = 0;
  /** the long tasks since the last call */
  return async () => {
    const all = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    const fresh = all.slice(seen);
    seen = all.length;
    return fresh;
  };
}

/** "worked out in N ms in the background worker" of a panel */
async function workerMs(page: Page, panel: string): Promise<number> {
  const text = (await page.getByRole('region', { name: panel }).getByText(/worked out in \d+ ms/).last().textContent()) ?? '';
  return Number(/worked out in (\d+) ms/.exec(text)![1]);
}

test('a 1,000-node × 30-pod lab: BGP, explain, the matrix refused at its limit, and the inspector, answered by the worker', async ({ page }) => {
  test.setTimeout(300_000);
  const longTasks = await watchLongTasks(page);
  await page.goto(link(bigPolicyLabYaml(1000, 30)));
  const node1 = page.getByRole('region', { name: 'route -n — node-1' });
  await expect(node1).toContainText('Kernel IP routing table', { timeout: 90_000 });
  await expect(page.getByText('calico · 1,000 nodes · 30,000 pods')).toBeVisible();
  const report: string[] = [`open: ${Math.round(Math.max(0, ...(await longTasks())))} ms`];
  const worker: string[] = [];

  // BGP: node-1's calicoctl node status (999 mesh peers) and the mesh counted: 1000·999/2 = 499,500
  const bgp = page.getByRole('region', { name: 'BGP' });
  // folded until opened (a thousand lines, asked again after every edit otherwise)
  await expect(bgp.getByLabel('Session counts')).toHaveCount(0);
  await bgp.getByText('BGP', { exact: true }).click();
  const status1 = bgp.getByRole('region', { name: 'calicoctl node status — node-1' });
  await expect(status1).toContainText('Calico process is running.', { timeout: 60_000 });
  await expect(status1).toContainText('| PEER ADDRESS |     PEER TYPE     | STATE |  SINCE   |    INFO     |');
  // node-2 is 10.0.0.11; node-1000 is 10.0.3.241
  await expect(status1).toContainText('| 10.0.0.11    | node-to-node mesh | up    | 00:00:00 | Established |');
  await expect(status1).toContainText('| 10.0.3.241   | node-to-node mesh | up    | 00:00:00 | Established |');
  expect(((await status1.textContent()) ?? '').split('node-to-node mesh').length - 1).toBe(999);
  const counts = bgp.getByLabel('Session counts');
  await expect(counts).toContainText('mesh: N(N-1)/2 = 1000×999/2 = 499500 sessions');
  await expect(counts).toContainText('reflectors: clients × reflectors = no reflectors');
  await expect(counts).toContainText('this lab: 499500 configured, 499500 Established (mesh)');
  await expect(bgp.getByRole('list', { name: 'Sessions by kind and BIRD state' })).toHaveText('node-to-node mesh: 499,500 sessions — Established 499,500');
  worker.push(`bgp node-1 ${await workerMs(page, 'BGP')} ms`);
  // the panel follows the node picked for the route text: node-500 (10.0.1.253) lists node-1 (10.0.0.10)
  await page.getByRole('combobox', { name: 'Node' }).selectOption('node-500');
  const status500 = bgp.getByRole('region', { name: 'calicoctl node status — node-500' });
  await expect(status500).toContainText('| 10.0.0.10    | node-to-node mesh | up    | 00:00:00 | Established |', { timeout: 60_000 });
  await expect(status500).not.toContainText('| 10.0.1.253 ');
  worker.push(`bgp node-500 ${await workerMs(page, 'BGP')} ms`);
  report.push(`bgp: ${Math.round(Math.max(0, ...(await longTasks())))} ms`);

  // policy: explain one pair each way (the texts the CLI prints for the same pods in a 4-node lab)
  const policy = page.getByRole('region', { name: 'Network policy' });
  await policy.getByLabel('Client (from)').fill(pod('web1', 0));
  await policy.getByLabel('Server (to)').fill(pod('web2', 1));
  await policy.getByRole('button', { name: 'Explain' }).click();
  const explained = policy.getByRole('region', { name: 'Explain one pair' });
  await expect(explained).toContainText(new RegExp(`^TCP/80 from ${pod('web1', 0)} \\(10\\.\\d+\\.\\d+\\.\\d+\\) to ${pod('web2', 1)} \\(10\\.\\d+\\.\\d+\\.\\d+\\): ALLOWED`), { timeout: 60_000 });
  await expect(explained.locator('pre')).toContainText(
    [
      `egress of ${pod('web1', 0)}: no policy selects this pod: allowed by profile kns.default`,
      `ingress of ${pod('web2', 1)}: selected by 1 policy:`,
      '  - knp.default.web2-from-web1 (KubernetesNetworkPolicy in default, tier default, order 1000)',
      "  knp.default.web2-from-web1: ingress rule 0 matched: Allow TCP from selector projectcalico.org/orchestrator == 'k8s' && app == 'web1' to ports 80",
      '  → allowed: knp.default.web2-from-web1 ingress rule 0 Allow',
    ].join('\n'),
  );
  worker.push(`explain (allowed) ${await workerMs(page, 'Network policy')} ms`);
  await policy.getByLabel('Client (from)').fill(pod('web3', 0));
  await policy.getByRole('button', { name: 'Explain' }).click();
  await expect(explained).toContainText(new RegExp(`^TCP/80 from ${pod('web3', 0)} \\(10\\.\\d+\\.\\d+\\.\\d+\\) to ${pod('web2', 1)} \\(10\\.\\d+\\.\\d+\\.\\d+\\): DENIED`), { timeout: 60_000 });
  await expect(explained.locator('pre')).toContainText(['  knp.default.web2-from-web1: no ingress rule matched', '  → denied: default tier: no rule matched: implicit deny'].join('\n'));
  worker.push(`explain (denied) ${await workerMs(page, 'Network policy')} ms`);
  report.push(`explain: ${Math.round(Math.max(0, ...(await longTasks())))} ms`);
  // the matrix: 30,000² = 900,000,000 ordered pairs, refused with the CLI's numbered error
  await policy.getByRole('button', { name: 'Matrix' }).click();
  await expect(policy.getByRole('alert')).toHaveText(
    'E123 the matrix would hold 900,000,000 ordered pairs (30,000 pods × 30,000 × 1 probe), more than the limit of 1,000,000 (allowed: at most 1,000,000 ordered pairs)',
    { timeout: 60_000 },
  );
  report.push(`matrix: ${Math.round(Math.max(0, ...(await longTasks())))} ms`);

  // the inspector: a node by name — node-2 (10.0.0.11/16), its tunl0 (MTU 1500 − 20), 30 pods in one /26 block
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await inspector.getByLabel('Node or pod (namespace/name)').fill('node-2');
  await inspector.getByRole('button', { name: 'Inspect' }).click();
  const card = inspector.getByRole('region', { name: 'Node node-2' });
  await expect(card).toContainText('Node address10.0.0.11/16', { timeout: 60_000 });
  await expect(card).toContainText('eth0 10.0.0.11/16 lan MTU 1500');
  await expect(card).toContainText(/tunl0 \(ipip\) 10\.\d+\.\d+\.\d+\/32 MTU 1480 tunl0: made by Felix \(calico-node\)\./);
  await expect(card).toContainText(/calico-node-\w+: 1\/1 Running — felix, bird, confd/);
  await expect(card).toContainText(/Blocks10\.\d+\.\d+\.\d+\/26/);
  await expect(card).toContainText('30 pods');
  await expect(card.locator('.big-pods li')).toHaveCount(30);
  // a pod of it, from the card's list: web2's replica 1
  await card.getByRole('button', { name: new RegExp(`^${pod('web2', 1)} `) }).click();
  const podCard = inspector.getByRole('region', { name: `Pod ${pod('web2', 1)}` });
  await expect(podCard).toContainText(/host side cali[0-9a-f]{11}/, { timeout: 60_000 });
  await expect(podCard).toContainText('node-2');
  await expect(podCard).toContainText('MTU1480');
  await expect(podCard).toContainText('app=web2');
  worker.push(`inspect ${await workerMs(page, 'Inspector')} ms`);
  report.push(`inspector: ${Math.round(Math.max(0, ...(await longTasks())))} ms`);
  // a click on a pod in the picture: Send makes the packet's pods real cards
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByText(/^Verdict: delivered at pod\//)).toBeVisible({ timeout: 60_000 });
  const [from] = (await page.getByLabel('Source').inputValue()).split(' ');
  await page.locator(`[data-pod="${from}"]`).click();
  await expect(inspector.getByRole('region', { name: `Pod ${from}` })).toContainText('node-1', { timeout: 60_000 });
  // and a node card's name: the packet's destination is on node-2 (a real card after Send)
  await page.locator('[data-pick="node/node-2"]').click();
  await expect(inspector.getByRole('region', { name: 'Node node-2' })).toContainText('Node address10.0.0.11/16', { timeout: 60_000 });
  report.push(`send + a pod clicked in the picture: ${Math.round(Math.max(0, ...(await longTasks())))} ms`);
  // compare: the packet (web1's replicas 0 and 1, node-1 → node-2) in the lab (IPIP Always) and without
  // encapsulation — a 1,000-node rebuild in the worker. On eth0: 14 + 20 (outer IPv4) + 20 + 8 + 56 = 118 bytes,
  // 98 without IPIP; node-1's 999 routes via tunl0 go via eth0
  const compare = page.getByRole('region', { name: 'Compare modes' });
  await compare.getByLabel('Mode B').selectOption('none');
  await compare.getByRole('button', { name: 'Compare' }).click();
  // seconds of rebuilding: the panel's progress line shows (after 300 ms) while the page stays live
  await expect(compare.getByRole('status')).toContainText('Working it out in the background worker…', { timeout: 10_000 });
  await expect(compare.getByRole('region', { name: 'Mode A: Current lab' })).toContainText('on the wire118 bytes', { timeout: 120_000 });
  await expect(compare.getByRole('region', { name: 'Mode B: Calico no encapsulation (BGP only)' })).toContainText('on the wire98 bytes');
  await expect(compare.locator('.cmp-diff .line.removed')).toHaveCount(999);
  await expect(compare.locator('.cmp-diff .line.added')).toHaveCount(999);
  worker.push(`compare (one 1k rebuild) ${await workerMs(page, 'Compare modes')} ms`);
  report.push(`compare: ${Math.round(Math.max(0, ...(await longTasks())))} ms`);
  console.log(`[big-panels] 1k×30 longest main-thread task per step: ${report.join(', ')}; worker per request: ${worker.join(', ')}`);
  const tasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
  expect(Math.max(0, ...tasks)).toBeLessThan(LONG_TASK_BOUND_MS);
});

test('a 60-node lab’s matrix (120 pods): counted, shown a window at a time, a cell explains its pair', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(link(twoDeploymentsYaml(60, 60)));
  await expect(page.getByText('calico · 60 nodes · 120 pods')).toBeVisible({ timeout: 60_000 });
  // BGP: 60·59/2 = 1,770 sessions
  await page.getByRole('region', { name: 'BGP' }).getByText('BGP', { exact: true }).click();
  await expect(page.getByRole('region', { name: 'BGP' }).getByLabel('Session counts')).toContainText('this lab: 1770 configured, 1770 Established (mesh)', { timeout: 30_000 });
  const policy = page.getByRole('region', { name: 'Network policy' });
  await policy.getByRole('button', { name: 'Matrix' }).click();
  const matrix = policy.getByRole('region', { name: 'Reachability matrix' });
  // by hand: every pair but web2 → another web2 pod: 14,400 − 60·59 = 10,860
  await expect(matrix).toContainText('TCP/80: 10,860 of 14,400 ordered pairs connect', { timeout: 30_000 });
  await expect(matrix).toContainText('rows 1–24, columns 1–24 of 120');
  await expect(matrix.locator('tbody tr')).toHaveCount(24);
  await expect(matrix.locator('tbody tr').first().locator('td')).toHaveCount(24);
  // rows and columns 49–72: pods 1–60 are web1 (sorted names), 61–120 web2
  for (let i = 0; i < 2; i++) {
    await matrix.getByRole('button', { name: '↓ Next rows' }).click();
    await matrix.getByRole('button', { name: '→ Next columns' }).click();
  }
  await expect(matrix).toContainText('rows 49–72, columns 49–72 of 120');
  const row61 = matrix.locator('tbody tr').nth(12);
  await expect(row61.locator('th .n')).toHaveText('61');
  const cell = (col: number) => row61.locator('td').nth(col - 49).getByRole('button');
  await expect(cell(50)).toHaveAccessibleName(/^default\/web2-\S+ → default\/web1-\S+ TCP\/80: allowed$/);
  await expect(cell(61)).toHaveText('·');
  await expect(cell(62)).toHaveAccessibleName(/^default\/web2-\S+ → default\/web2-\S+ TCP\/80: denied$/);
  await expect(cell(62)).toHaveText('✗');
  // a cell explains its pair
  await cell(62).click();
  const explained = policy.getByRole('region', { name: 'Explain one pair' });
  await expect(explained).toContainText(/^TCP\/80 from default\/web2-\S+ \(10\.\d+\.\d+\.\d+\) to default\/web2-\S+ \(10\.\d+\.\d+\.\d+\): DENIED/, { timeout: 30_000 });
  await expect(explained).toContainText('→ denied: default tier: no rule matched: implicit deny');
  // compare (the packet's default pods: web1's replicas 0 and 1): IPIP's header only in A
  const compare = page.getByRole('region', { name: 'Compare modes' });
  await compare.getByLabel('Mode B').selectOption('none');
  await compare.getByRole('button', { name: 'Compare' }).click();
  await expect(compare.getByRole('list', { name: 'Header stack A' })).toContainText('(encap)', { timeout: 60_000 });
  await expect(compare.getByRole('list', { name: 'Header stack B' })).not.toContainText('(encap)');
  await expect(compare.locator('.cmp-diff .line.removed')).toHaveCount(59);
  // UDP/53: web2 takes nothing but TCP/80: 14,400 − 120·60 + 60 = 7,260
  await policy.getByLabel('Probe protocol').selectOption('UDP');
  await policy.getByLabel('Probe port').fill('53');
  await policy.getByRole('button', { name: 'Matrix' }).click();
  await expect(matrix).toContainText('UDP/53: 7,260 of 14,400 ordered pairs connect', { timeout: 30_000 });
});

test('a matrix at its limit (1,000 pods, a million pairs) crosses to the page as rows of marks and is drawn a window at a time', async ({ page }) => {
  test.setTimeout(180_000);
  const longTasks = await watchLongTasks(page);
  await page.goto(link(twoDeploymentsYaml(100, 500)));
  await expect(page.getByText('calico · 100 nodes · 1,000 pods')).toBeVisible({ timeout: 60_000 });
  const opened = Math.round(Math.max(0, ...(await longTasks())));
  const policy = page.getByRole('region', { name: 'Network policy' });
  await policy.getByRole('button', { name: 'Matrix' }).click();
  const matrix = policy.getByRole('region', { name: 'Reachability matrix' });
  // by hand: 1,000² − 500·499 = 750,500
  await expect(matrix).toContainText('TCP/80: 750,500 of 1,000,000 ordered pairs connect', { timeout: 60_000 });
  await expect(matrix).toContainText('rows 1–24, columns 1–24 of 1,000');
  await expect(matrix.locator('tbody button')).toHaveCount(24 * 24);
  const ms = await workerMs(page, 'Reachability matrix');
  const drawn = Math.round(Math.max(0, ...(await longTasks())));
  console.log(`[big-panels] 1,000-pod matrix: worker ${ms} ms; longest main-thread task while it arrived and was drawn ${drawn} ms (open ${opened} ms)`);
  expect(drawn).toBeLessThan(LONG_TASK_BOUND_MS);
});

import { expect, test } from '@playwright/test';

// The lab's toggles are scenario edits: switching IPIP to Never re-derives every node's routes.
test('IPIP → Never turns a route panel’s tunl0 lines into NIC lines, marking what changed; undo brings them back', async ({ page }) => {
  await page.goto('/');
  const node1 = page.getByRole('region', { name: 'route -n — node-1' });
  await expect(node1).toContainText('172.20.247.0    192.168.2.26    255.255.255.192 UG    0      0        0 tunl0');
  await page.getByRole('radiogroup', { name: 'IPIP mode' }).getByRole('radio', { name: 'Never' }).check();
  await expect(node1).toContainText('172.20.247.0    192.168.2.26    255.255.255.192 UG    0      0        0 ens33');
  // the new lines are marked for a moment, the removed ones struck through
  await expect(node1.locator('.line.added').first()).toContainText('ens33');
  await expect(node1.locator('.line.removed').first()).toContainText('tunl0');
  await page.screenshot({ path: 'artifacts/e2e-ipip-never.png' });
  // once the marks fade, no tunl0 route is left
  await expect(node1).not.toContainText('tunl0');
  await expect(page.getByRole('radiogroup', { name: 'VXLAN mode' }).getByRole('radio', { name: 'Never' })).toBeChecked();

  // VXLAN on turns IPIP off (Calico allows one encapsulation per pool)
  await page.getByRole('radiogroup', { name: 'VXLAN mode' }).getByRole('radio', { name: 'Always' }).check();
  await expect(page.getByRole('radiogroup', { name: 'IPIP mode' }).getByRole('radio', { name: 'Never' })).toBeChecked();
  await expect(node1).toContainText('vxlan.calico');

  await page.getByRole('button', { name: 'Undo' }).click();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(node1).toContainText('172.20.247.0    192.168.2.26    255.255.255.192 UG    0      0        0 tunl0');
  await expect(page.getByRole('radiogroup', { name: 'IPIP mode' }).getByRole('radio', { name: 'Always' })).toBeChecked();
});

test('send a ping across nodes and step through it: hop list, narration, highlighted route line', async ({ page }) => {
  await page.goto('/?autoplay=0');
  await page.getByRole('combobox', { name: 'Source' }).selectOption({ label: 'web-kbtv4l6gq8-xmgwx 172.20.247.1 (node-2)' });
  await page.getByRole('combobox', { name: 'Destination' }).selectOption({ label: 'api-tpw5cvvnjf-8jjk9 172.20.84.130 (node-1)' });
  await page.getByRole('button', { name: 'Send' }).click();
  const hops = page.getByRole('list', { name: 'Hops' });
  await expect(hops.getByRole('listitem')).toHaveCount(34);
  await expect(hops.getByRole('listitem').first()).toContainText('send');
  const narration = page.getByLabel('Hop narration');
  await expect(narration).toContainText('Hop 1 of 34 (request), send');

  // step to node-2's route lookup: the matched line of its table is marked
  for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Step forward' }).click();
  await expect(narration).toContainText('Hop 6 of 34 (request), route: node-2: 172.20.84.128/26 via 192.168.2.25 dev tunl0 proto bird onlink');
  const node2 = page.getByRole('region', { name: 'route -n — node-2' });
  await expect(node2.locator('[aria-current="true"]')).toHaveText('172.20.84.128   192.168.2.25    255.255.255.192 UG    0      0        0 tunl0');
  await node2.getByRole('radio', { name: 'ip route' }).click();
  await expect(page.getByRole('region', { name: 'ip route — node-2' }).locator('[aria-current="true"]')).toHaveText('172.20.84.128/26 via 192.168.2.25 dev tunl0 proto bird onlink ');

  await page.getByRole('button', { name: 'Step forward' }).click();
  await expect(narration).toContainText('encap: node-2: tunl0 encapsulates in IPIP');
  await expect(hops.locator('[aria-current="step"]')).toContainText('encap');
  await page.getByRole('button', { name: 'Step back' }).click();
  await expect(narration).toContainText('Hop 6 of 34');
  await page.getByRole('button', { name: 'Last hop' }).click();
  await expect(narration).toContainText('Hop 34 of 34 (reply), deliver');
  await page.screenshot({ path: 'artifacts/e2e-ping.png' });
});

test('clicking two pods in the topology sends a packet between them', async ({ page }) => {
  await page.goto('/');
  // at this size the picture folds each node's other pods into one row: a click unfolds them
  await page.getByRole('button', { name: /^Show the \d+ other pods on node-2$/ }).click();
  await page.getByRole('button', { name: /^pod default\/web-kbtv4l6gq8-svb47 / }).click();
  await page.getByRole('button', { name: 'Fit to view' }).click(); // node-1 was a pan away
  await page.getByRole('button', { name: /^Show the \d+ other pods on node-1$/ }).click();
  await page.getByRole('button', { name: /^pod default\/api-tpw5cvvnjf-4j8sf / }).click();
  await expect(page.getByRole('list', { name: 'Hops' }).getByRole('listitem').first()).toContainText('ping 172.20.84.129');
  // keyboard works too: Enter on a focused pod picks it
  await page.getByRole('button', { name: /^pod default\/api-tpw5cvvnjf-pjg4m / }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('combobox', { name: 'Source' })).toHaveValue('default/api-tpw5cvvnjf-pjg4m');
});

test('route reflectors: mesh sessions become node specific ones', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('combobox', { name: 'Preset lab' }).selectOption('seed001-ipip');
  // sessions named by their two ends and their state, as the line's tooltip reads (not by CSS class)
  const sessions = async () => (await page.locator('svg path.session-hit > title').allTextContents()).sort();
  await expect.poll(sessions).toEqual([
    'BGP k8s-master ⇄ k8s-node1: node-to-node mesh, Established',
    'BGP k8s-master ⇄ k8s-node2: node-to-node mesh, Established',
    'BGP k8s-node1 ⇄ k8s-node2: node-to-node mesh, Established',
  ]);
  await page.getByRole('radiogroup', { name: 'BGP topology' }).getByRole('radio', { name: 'Route reflectors' }).check();
  await expect(page.getByRole('group', { name: 'Reflector nodes' }).getByRole('checkbox', { name: 'k8s-node2' })).toBeChecked();
  // seed 001's reflector is k8s-node2: the two clients each hold one session, to it; none between them
  await expect.poll(sessions).toEqual([
    'BGP k8s-master ⇄ k8s-node2: route reflector (node specific), Established',
    'BGP k8s-node1 ⇄ k8s-node2: route reflector (node specific), Established',
  ]);
  await expect(page.getByRole('group', { name: /^node k8s-node2 .*route reflector/ })).toBeVisible();
  await page.screenshot({ path: 'artifacts/e2e-rr.png' });
});

test('packet inspector: layers outer first, field ↔ bytes, frame size vs MTU', async ({ page }) => {
  await page.goto('/?autoplay=0');
  await page.getByRole('combobox', { name: 'Source' }).selectOption({ label: 'web-kbtv4l6gq8-xmgwx 172.20.247.1 (node-2)' });
  await page.getByRole('combobox', { name: 'Destination' }).selectOption({ label: 'api-tpw5cvvnjf-8jjk9 172.20.84.130 (node-1)' });
  await page.getByRole('button', { name: 'Send' }).click();
  // hop 10: the IPIP packet on the wire between the nodes
  await page.getByRole('list', { name: 'Hops' }).getByRole('button', { name: /^hop 10 request wire/ }).click();
  await page.getByRole('tab', { name: 'Packet inspector' }).click();
  const insp = page.getByRole('region', { name: 'Packet inspector' });
  const layers = insp.getByRole('tree', { name: 'Layers' });
  await expect(layers.getByRole('treeitem', { name: /^Ethernet II/ })).toBeVisible();
  const titles = await layers.locator('.layer-title').allTextContents();
  expect(titles.map((t) => t.replace(/^[▾▸] /, ''))).toEqual([
    'Ethernet II, Src: 52:54:00:81:28:fe, Dst: 52:54:00:b0:79:82',
    'Internet Protocol Version 4, Src: 192.168.2.26, Dst: 192.168.2.25',
    'Internet Protocol Version 4, Src: 172.20.247.1, Dst: 172.20.84.130',
    'Internet Control Message Protocol',
    'Data (56 bytes)',
  ]);
  await expect(insp.getByLabel('Frame size')).toContainText('118 bytes on the wire · IP packet 104 · MTU of ens33 1500');
  // field → bytes: the outer protocol byte (offset 14 + 9 = 23) is 0x04 (IPIP)
  await layers.getByRole('treeitem', { name: /^Protocol: IPIP \(4\)/ }).click();
  await expect(insp.locator('.byte.hl')).toHaveText(['04']);
  // byte → field: the first byte of the inner source address
  await insp.locator('.byte[data-off="46"]').click();
  await expect(layers.getByRole('treeitem', { selected: true })).toHaveText('Source Address: 172.20.247.1');
  await expect(insp.locator('.byte.hl')).toHaveText(['ac', '14', 'f7', '01']);
  const download = page.waitForEvent('download');
  await insp.getByRole('button', { name: 'Download pcap (whole walk)' }).click();
  expect((await download).suggestedFilename()).toBe('cni-lab-walk.pcap');
  await page.screenshot({ path: 'artifacts/e2e-inspector.png' });
});

test('terminal: commands on a node and a pod, history with the arrow keys, tcpdump of the last walk', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByRole('tab', { name: 'Terminal' }).click();
  const term = page.getByRole('region', { name: 'Terminal' });
  await term.getByRole('combobox', { name: 'Terminal target' }).selectOption('node:node-2');
  const cmd = term.getByRole('textbox', { name: 'Command' });
  const out = term.getByRole('log', { name: 'Terminal output' });
  await cmd.fill('ip route get 172.20.84.130');
  await cmd.press('Enter');
  await expect(out).toContainText('[root@node-2 ~]# ip route get 172.20.84.130');
  await expect(out).toContainText('172.20.84.130 via 192.168.2.25 dev tunl0 src 172.20.247.0 uid 0');
  await cmd.fill('calicoctl node status');
  await cmd.press('Enter');
  await expect(out).toContainText('| 192.168.2.22 | node-to-node mesh | up    | 13:54:13 | Established |');
  await cmd.fill('tcpdump -n -i ens33');
  await cmd.press('Enter');
  await expect(out).toContainText('IP 192.168.2.26 > 192.168.2.25: IP 172.20.247.1 > 172.20.84.129: ICMP echo request');
  await cmd.press('ArrowUp');
  await expect(cmd).toHaveValue('tcpdump -n -i ens33');
  await cmd.press('ArrowUp');
  await expect(cmd).toHaveValue('calicoctl node status');
  await cmd.press('ArrowDown');
  await expect(cmd).toHaveValue('tcpdump -n -i ens33');
  await term.getByRole('combobox', { name: 'Terminal target' }).selectOption('pod:default/web-kbtv4l6gq8-xmgwx');
  await cmd.fill('route -n');
  await cmd.press('Enter');
  await expect(out).toContainText('/ # route -n');
  await expect(out).toContainText('169.254.1.1     0.0.0.0         255.255.255.255 UH    0      0        0 eth0');
  await cmd.fill('kubectl get pods -o wide');
  await cmd.press('Enter');
  await expect(out).toContainText('sh: kubectl: not found');
  await page.screenshot({ path: 'artifacts/e2e-terminal.png' });
});

test('terminal on an underlay router: a lab with a ToR lists it as a target, it answers ip route and has no calicoctl', async ({ page }) => {
  await page.goto('/?lab=crosssubnet');
  await expect(page.getByRole('region', { name: 'Lab' }).getByRole('status')).toContainText('loaded');
  await page.getByRole('tab', { name: 'Terminal' }).click();
  const term = page.getByRole('region', { name: 'Terminal' });
  await term.getByRole('combobox', { name: 'Terminal target' }).selectOption('router:tor');
  const cmd = term.getByRole('textbox', { name: 'Command' });
  const out = term.getByRole('log', { name: 'Terminal output' });
  await cmd.fill('ip r');
  await cmd.press('Enter');
  await expect(out).toContainText('[root@tor ~]# ip r');
  await expect(out).toContainText('192.168.2.0/24 dev eth1 proto kernel scope link src 192.168.2.1');
  await cmd.fill('calicoctl node status');
  await cmd.press('Enter');
  await expect(out).toContainText('bash: calicoctl: command not found');
});

test('route reflectors show up as node specific peers in calicoctl node status', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('combobox', { name: 'Preset lab' }).selectOption('seed001-ipip');
  await page.getByRole('tab', { name: 'Terminal' }).click();
  const term = page.getByRole('region', { name: 'Terminal' });
  const cmd = term.getByRole('textbox', { name: 'Command' });
  const out = term.getByRole('log', { name: 'Terminal output' });
  await cmd.fill('calicoctl node status');
  await cmd.press('Enter');
  await expect(out).toContainText('node-to-node mesh');
  await page.getByRole('radiogroup', { name: 'BGP topology' }).getByRole('radio', { name: 'Route reflectors' }).check();
  await cmd.fill('calicoctl node status');
  await cmd.press('Enter');
  await expect(out.locator('.entry').last()).toContainText('| 192.168.179.104 | node specific | up    |');
  await expect(out.locator('.entry').last()).not.toContainText('node-to-node mesh');
});

test('compare: the same ping with IPIP and with VXLAN, side by side', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('tab', { name: 'Compare' }).click();
  const cmp = page.getByRole('region', { name: 'Compare modes' });
  await cmp.getByRole('combobox', { name: 'Mode A' }).selectOption({ label: 'Calico IPIP Always' });
  await cmp.getByRole('combobox', { name: 'Mode B' }).selectOption({ label: 'Calico VXLAN Always' });
  await expect(cmp.getByLabel('bytes per payload byte A')).toHaveText('2.11 (payload 56)');
  await expect(cmp.getByLabel('bytes per payload byte B')).toHaveText('2.64 (payload 56)');
  await expect(cmp.getByRole('list', { name: 'Header stack B' }).getByRole('listitem')).toHaveText([/^Eth \(encap\)/, /^IP 192\.168\.2\.26→192\.168\.2\.25 \(encap\)/, 'UDP 4789 (encap)', 'VXLAN 4096 (encap)', 'Eth', /^IP 172\.20\.247\.1→/, 'ICMP echo']);
  await expect(cmp.getByRole('region', { name: 'Route diff' })).toContainText('vxlan.calico');
  await page.screenshot({ path: 'artifacts/e2e-compare.png' });
});

test('flannel: vxlan → host-gw → vxlan + DirectRouting re-derives the routes', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('combobox', { name: 'Preset lab' }).selectOption('seed002-flannel-vxlan');
  const group = page.getByRole('radiogroup', { name: 'Flannel backend' });
  await expect(group.getByRole('radio', { name: 'vxlan', exact: true })).toBeChecked();
  const node1 = page.getByRole('region', { name: 'route -n — node1' });
  await expect(node1).toContainText('flannel.1');
  await group.getByRole('radio', { name: 'host-gw' }).check();
  await expect(node1).not.toContainText('flannel.1');
  await expect(node1.locator('.line:not(.removed)').filter({ hasText: /UG .* ens33$/ })).not.toHaveCount(0);
  await group.getByRole('radio', { name: 'vxlan + DirectRouting' }).check();
  await expect(group.getByRole('radio', { name: 'vxlan + DirectRouting' })).toBeChecked();
  await expect(page.getByRole('group', { name: /^node node1/ })).toBeVisible();
});

test('add a node and a pod, then remove the node; reset brings the preset back', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Add node' }).click();
  await expect(page.getByText('calico · 5 nodes · 10 pods')).toBeVisible();
  await expect(page.getByRole('group', { name: 'node node-4 192.168.2.27/24' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Node for new pod' }).selectOption('node-4');
  await page.getByRole('button', { name: 'Add pod' }).click();
  await expect(page.getByText('calico · 5 nodes · 11 pods')).toBeVisible();
  await expect(page.getByRole('button', { name: /^pod default\/pod-1 .* on node-4$/ })).toBeVisible();
  // the other nodes learned a route to the new node's block
  await expect(page.getByRole('region', { name: 'route -n — node-1' })).toContainText('192.168.2.27');
  await page.getByRole('button', { name: 'Remove node node-4' }).click();
  await expect(page.getByText('calico · 4 nodes · 10 pods')).toBeVisible();
  await page.getByRole('button', { name: 'Add node' }).click();
  await page.getByRole('button', { name: 'Reset lab' }).click();
  await expect(page.getByText('calico · 4 nodes · 10 pods')).toBeVisible();
});

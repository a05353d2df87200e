// The tests Stryker runs for one core folder (stryker.config.mjs, CNI_LAB_MUTATE): the folder's own tests
// and the test files outside it that check its output against seeds, goldens or references. Not the whole
// suite: each mutant is tested with the tests that cover it, and those are chosen from this list.
import { defineConfig } from 'vitest/config';

const folder = process.env.CNI_LAB_MUTATE ?? 'ipam';

const OUTSIDE: Record<string, string[]> = {
  // icmp-back and tunnel-addresses: the ICMP error walked back (PMTU learned, tunnel errors kept by the node) and
  // the tunnel devices' addresses; services and nodeport: kube-proxy's DNAT, KUBE-MARK-MASQ and REJECT through
  // the walk's hooks; servicePath: walk/servicePath.ts's stages — all with expectations from the kernel's and
  // kube-proxy's rules
  walk: [
    'test/mtu.property.test.ts',
    'test/policy/walk.test.ts',
    'test/policy/services.test.ts',
    'test/policy/nodeport.test.ts',
    'test/policy/servicePath.test.ts',
    'test/wire/walk-contract.test.ts',
    'test/golden.test.ts',
    'test/icmp-back.test.ts',
    'test/tunnel-addresses.test.ts',
  ],
  // every test that reads wire's bytes or text: the tshark/tcpdump cross-checks, the captures of walks and the
  // hex view's dissector (the walk's own tests never import wire: the walk builds stacks, not bytes)
  wire: ['test/wire/*.test.ts', 'src/view/dissect.test.ts'],
  // hook-messages holds every policy and Service hop's message to the hop's English text
  policy: ['test/policy/*.test.ts', 'test/i18n/hook-messages.test.ts'],
  // not golden.test.ts: 19 s per surviving mutant; presets.test.ts holds the seeds' node status and routes
  // src/view/convergence.test.ts is the only test of bgp/timeline.ts; the terminal's tests print node status,
  // ss and get node -o wide (text.ts) and replay seed 001's calicoctl edits; import.test.ts prints node status
  // of imported clusters; faults.test.ts takes sessions down through the underlay (reach.ts). Not
  // import-roundtrip.test.ts or cli-sh.test.ts: seconds per mutant, and they compare two paths through the same code
  bgp: [
    'test/presets.test.ts',
    'src/view/convergence.test.ts',
    'src/core/terminal/terminal.test.ts',
    'src/core/terminal/write.test.ts',
    'src/core/import/import.test.ts',
    'src/core/faults/faults.test.ts',
  ],
  ipam: ['test/presets.test.ts', 'src/core/render/calicoctl.test.ts', 'src/core/scenario/errors.test.ts'],
  dataplane: ['test/presets.test.ts', 'test/mtu.property.test.ts', 'src/core/render/routes.test.ts', 'src/core/render/links.test.ts', 'src/core/walk/walk.mtu.test.ts', 'src/core/walk/fib.test.ts'],
  render: ['test/presets.test.ts', 'src/core/terminal/terminal.test.ts', 'test/kubectl-get-pods.test.ts'],
};

export default defineConfig({
  test: {
    globals: true,
    environment: 'node',
    include: [`src/core/${folder}/**/*.test.ts`, ...(OUTSIDE[folder] ?? [])],
    testTimeout: 30_000,
    setupFiles: ['test/support/mutation-setup.ts'],
  },
});

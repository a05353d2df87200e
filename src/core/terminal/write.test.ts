// Every write command: the text the real tool prints on success and on error, and what it changes (the diff,
// and the cluster it leaves). Expected texts are the tools' own strings (calicoctl v3.2x crud commands,
// kubectl's name printer and label/annotate/scale/set env errors), written out here, not produced by the code.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../session/load';
import { sessionsOf } from '../bgp';
import type { ClusterState } from '../model/cluster';
import { runCommand, type CommandResult } from './index';
import { needsMoreLines, parseCommand, splitScript } from './shell';
import { perTest } from '../../../test/support/perTest';

const load = (p: string) => loadLab(readFileSync(`presets/${p}.yaml`, 'utf8'), `presets/${p}.yaml`).state!;
const seed001 = perTest(() => load('seed001-no-encap'));
const flannel = perTest(() => load('seed002-flannel-vxlan'));
const policy = perTest(() => load('seed002-policy'));

const BGPCONFIG = `calicoctl apply -f - <<EOF
apiVersion: projectcalico.org/v3
kind: BGPConfiguration
metadata:
  name: default
spec:
  nodeToNodeMeshEnabled: false
  asNumber: 64512
EOF`;

/** Runs commands in order on a state, carrying the cluster and the file area along. */
function session(start: ClusterState) {
  let state = start;
  let files: Record<string, string> = {};
  const first = { node: start.scenario.topology.nodes[0].name };
  const run = (line: string, target: { node: string } | { pod: string } = first): CommandResult => {
    const r = runCommand(state, target, line, { files });
    if (r.write) state = r.write.state;
    if (r.files) files = r.files;
    return r;
  };
  return { run, get state() { return state; }, get files() { return files; } };
}

describe('calicoctl apply / create / replace', () => {
  it('applies a here-document: the seed 001 message, the diff, and the mesh gone', () => {
    const s = session(seed001());
    const r = s.run(BGPCONFIG);
    expect(r).toMatchObject({ out: "Successfully applied 1 'BGPConfiguration' resource(s)\n", exit: 0 });
    expect(r.write!.diff).toEqual({ added: ['BGPConfiguration/default'], updated: [], removed: [] });
    expect(r.write!.source).toBe('terminal');
    expect(sessionsOf(s.state, 'k8s-master')).toEqual([]);
    // applying the same resource again changes nothing but still succeeds
    const again = s.run(BGPCONFIG);
    expect(again.out).toBe("Successfully applied 1 'BGPConfiguration' resource(s)\n");
    expect(again.write?.diff ?? { added: [], updated: [], removed: [] }).toEqual({ added: [], updated: [], removed: [] });
  });

  it('updates the existing (derived) pool and reports it as updated', () => {
    const s = session(load('seed001-ipip'));
    const r = s.run(`calicoctl apply -f - <<EOF
apiVersion: projectcalico.org/v3
kind: IPPool
metadata:
  name: default-ipv4-ippool
spec:
  cidr: 10.244.0.0/16
  ipipMode: Never
  natOutgoing: true
EOF`);
    expect(r.out).toBe("Successfully applied 1 'IPPool' resource(s)\n");
    expect(s.state.scenario.ippools[0].ipipMode).toBe('Never');
    expect(s.run('ip route').out).toContain('10.244.36.64/26 via 192.168.179.103 dev ens32 proto bird');
  });

  it('counts several kinds without naming one', () => {
    const s = session(seed001());
    const r = s.run(`calicoctl create -f - <<EOF
apiVersion: projectcalico.org/v3
kind: BGPConfiguration
metadata: {name: default}
spec: {nodeToNodeMeshEnabled: true}
---
apiVersion: projectcalico.org/v3
kind: BGPPeer
metadata: {name: p1}
spec: {peerIP: 192.168.179.1, asNumber: 64513}
EOF`);
    expect(r.out).toBe('Successfully created 2 resource(s)\n');
    expect(r.write!.diff.added).toEqual(['BGPConfiguration/default', 'BGPPeer/p1']);
  });

  it('create refuses an existing resource, replace a missing one; neither changes anything', () => {
    const s = session(seed001());
    const c = s.run(`calicoctl create -f - <<EOF
apiVersion: projectcalico.org/v3
kind: IPPool
metadata: {name: default-ipv4-ippool}
spec: {cidr: 10.244.0.0/16}
EOF`);
    expect(c).toEqual({ out: "Failed to create 'IPPool' resource: [resource already exists: IPPool(default-ipv4-ippool)]\n", exit: 1 });
    const r = s.run(`calicoctl replace -f - <<EOF
apiVersion: projectcalico.org/v3
kind: BGPPeer
metadata: {name: nope}
spec: {peerIP: 192.168.179.1, asNumber: 64513}
EOF`);
    expect(r).toEqual({ out: "Failed to replace 'BGPPeer' resource: resource does not exist: BGPPeer(nope) with error: bgppeers.crd.projectcalico.org \"nope\" not found\n", exit: 1 });
    expect(s.state).toBe(seed001());
  });

  it('prints the parse, kind and validation failures as calicoctl does and keeps the cluster', () => {
    const s = session(seed001());
    expect(s.run('calicoctl apply -f pool.yaml')).toEqual({ out: 'Failed to execute command: open pool.yaml: no such file or directory\n', exit: 1 });
    expect(s.run('calicoctl apply -f - <<EOF\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x}\nspec: {podSelector: {}}\nEOF')).toEqual({
      out: 'Failed to execute command: Unknown resource type (NetworkPolicy) and/or version (networking.k8s.io/v1)\n',
      exit: 1,
    });
    const bad = s.run('calicoctl apply -f - <<EOF\napiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: default-ipv4-ippool}\nspec: {cidr: 10.244.0.0/16, ipipMode: Sometimes}\nEOF');
    expect(bad.exit).toBe(1);
    expect(bad.out).toMatch(/^Failed to apply 'IPPool' resource: \[error with field spec\.ipipMode \(.*"Sometimes" is not allowed.*\)\]\n$/);
    expect(bad.write).toBeUndefined();
    const syntax = s.run('calicoctl apply -f - <<EOF\napiVersion: projectcalico.org/v3\nkind: [IPPool\nEOF');
    expect(syntax.out).toMatch(/^Failed to execute command: error converting YAML to JSON: yaml: line \d+: /);
    expect(s.run('calicoctl apply')).toEqual({ out: "Invalid option: 'calicoctl apply'. Use flag '--help' to read about a specific subcommand.\n", exit: 1 });
    expect(s.state).toBe(seed001());
  });

  it('reads a file written with cat > FILE <<EOF, and lists it', () => {
    const s = session(seed001());
    const w = s.run("cat > bgppeer.yaml <<'EOF'\napiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata:\n  name: peer-with-route-reflectors\nspec:\n  nodeSelector: all()\n  peerSelector: route-reflector == 'true'\nEOF");
    expect(w).toMatchObject({ out: '', exit: 0 });
    expect(s.files['bgppeer.yaml']).toContain("peerSelector: route-reflector == 'true'\n");
    expect(s.run('ls').out).toBe('bgppeer.yaml\n');
    expect(s.run('cat bgppeer.yaml').out).toBe(s.files['bgppeer.yaml']);
    expect(s.run('cat nope.yaml')).toEqual({ out: 'cat: nope.yaml: No such file or directory\n', exit: 1 });
    expect(s.run('calicoctl apply -f bgppeer.yaml').out).toBe("Successfully applied 1 'BGPPeer' resource(s)\n");
  });

  it('is not on a pod', () => {
    const pod = `default/${seed001().pods[0].name}`;
    expect(runCommand(seed001(), { pod }, BGPCONFIG)).toEqual({ out: 'sh: calicoctl: not found\n', exit: 127, refused: true });
  });
});

describe('calicoctl delete / patch / get -o yaml', () => {
  it('deletes by kind and name, and says when there is none', () => {
    const s = session(seed001());
    s.run(BGPCONFIG);
    const d = s.run('calicoctl delete bgpconfig default');
    expect(d.out).toBe("Successfully deleted 1 'BGPConfiguration' resource(s)\n");
    expect(d.write!.diff).toEqual({ added: [], updated: [], removed: ['BGPConfiguration/default'] });
    expect(sessionsOf(s.state, 'k8s-master')).toHaveLength(2);
    expect(s.run('calicoctl delete bgppeer nope')).toEqual({
      out: "Failed to delete 'BGPPeer' resource: resource does not exist: BGPPeer(nope) with error: bgppeers.crd.projectcalico.org \"nope\" not found\n",
      exit: 1,
    });
  });

  it('patches a node that no document declares (its Calico Node exists in the cluster)', () => {
    const s = session(seed001());
    const r = s.run(`calicoctl patch node k8s-node2 -p '{"spec":{"bgp":{"routeReflectorClusterID":"244.0.0.1"}}}'`);
    expect(r.out).toBe("Successfully patched 1 'Node' resource\n");
    expect(r.write!.diff).toEqual({ added: ['Node/k8s-node2'], updated: [], removed: [] });
    expect(s.state.scenario.calicoNodes.find((n) => n.name === 'k8s-node2')?.bgp).toEqual({ ipv4Address: '192.168.179.104/24', routeReflectorClusterID: '244.0.0.1' });
    expect(s.run(`calicoctl patch node k8s-node9 -p '{"spec":{}}'`)).toEqual({
      out: "Failed to patch 'Node' resource: resource does not exist: Node(k8s-node9) with error: nodes.crd.projectcalico.org \"k8s-node9\" not found\n",
      exit: 1,
    });
    expect(s.run(`calicoctl patch ippool default-ipv4-ippool -p '{"spec":{"ipipMode":"Never"}}'`).out).toBe("Successfully patched 1 'IPPool' resource\n");
  });

  it('prints a resource as YAML with sorted keys, and a list as KindList', () => {
    const s = session(seed001());
    expect(s.run('calicoctl get node k8s-node2 -o yaml').out).toBe(
      [
        'apiVersion: projectcalico.org/v3',
        'kind: Node',
        'metadata:',
        '  name: k8s-node2',
        'spec:',
        '  bgp:',
        '    ipv4Address: 192.168.179.104/24',
        '  orchRefs:',
        '  - nodeName: k8s-node2',
        '    orchestrator: k8s',
        '',
      ].join('\n'),
    );
    const list = s.run('calicoctl get ippool -o yaml').out;
    expect(list).toMatch(/^apiVersion: projectcalico.org\/v3\nitems:\n- apiVersion: projectcalico.org\/v3\n  kind: IPPool\n/);
    expect(list).toContain('    ipipMode: Never\n');
    expect(list).toContain('kind: IPPoolList\n');
    expect(s.run('calicoctl get bgppeer nope -o yaml')).toEqual({
      out: 'Failed to get resources: resource does not exist: BGPPeer(nope) with error: bgppeers.crd.projectcalico.org "nope" not found\n',
      exit: 1,
    });
    expect(s.run('calicoctl get widgets -o yaml')).toEqual({ out: "Failed to get resources: resource type 'widgets' is not supported\n", exit: 1 });
    // the seed's round trip: get -o yaml > file, apply -f file
    expect(s.run('calicoctl get node k8s-node2 -o yaml > rr-node.yaml')).toMatchObject({ out: '', exit: 0 });
    expect(s.run('calicoctl apply -f rr-node.yaml').out).toBe("Successfully applied 1 'Node' resource(s)\n");
  });
});

describe('kubectl', () => {
  it('labels a node, refuses to overwrite without --overwrite, removes with KEY-', () => {
    const s = session(seed001());
    const r = s.run('kubectl label node k8s-node2 route-reflector=true');
    expect(r.out).toBe('node/k8s-node2 labeled\n');
    expect(r.write!.diff).toEqual({ added: [], updated: ['Topology/seed001'], removed: [] });
    expect(s.state.scenario.topology.nodes.find((n) => n.name === 'k8s-node2')!.labels['route-reflector']).toBe('true');
    expect(s.run('kubectl label node k8s-node2 route-reflector=false')).toEqual({ out: "error: 'route-reflector' already has a value (true), and --overwrite is false\n", exit: 1 });
    expect(s.run('kubectl label node k8s-node2 route-reflector=true').out).toBe('node/k8s-node2 not labeled\n');
    expect(s.run('kubectl label node k8s-node2 route-reflector=false --overwrite').out).toBe('node/k8s-node2 labeled\n');
    expect(s.run('kubectl label node k8s-node2 route-reflector-').out).toBe('node/k8s-node2 unlabeled\n');
    expect(s.run('kubectl label node k8s-node9 a=b')).toEqual({ out: 'Error from server (NotFound): nodes "k8s-node9" not found\n', exit: 1 });
    expect(s.run('kubectl label node k8s-node2 oops')).toEqual({ out: 'error: unknown label spec: oops\n', exit: 1 });
  });

  it('annotates a node', () => {
    const s = session(seed001());
    expect(s.run('kubectl annotate node k8s-node1 note=rack-a').out).toBe('node/k8s-node1 annotated\n');
    expect(s.state.scenario.topology.nodes.find((n) => n.name === 'k8s-node1')!.annotations.note).toBe('rack-a');
    expect(s.run('kubectl annotate node k8s-node1 note=rack-b')).toEqual({
      out: "error: --overwrite is false but found the following declared annotation(s): 'note' already has a value (rack-a)\n",
      exit: 1,
    });
  });

  it('sets calico-node env: IP_AUTODETECTION_METHOD is the Cluster field; the pool vars change nothing', () => {
    const s = session(load('seed004-first-found'));
    const r = s.run('kubectl set env ds/calico-node -n kube-system IP_AUTODETECTION_METHOD=interface=ens33,eth0');
    expect(r.out).toBe('daemonset.apps/calico-node env updated\n');
    expect(r.write!.diff.updated).toEqual(['Cluster/seed004']);
    expect(s.state.scenario.cluster.calico.ipAutodetectionMethod).toBe('interface=ens33,eth0');
    const pool = s.run('kubectl set env daemonset/calico-node --namespace=kube-system CALICO_IPV4POOL_IPIP=Never');
    expect(pool).toEqual({ out: 'daemonset.apps/calico-node env updated\n', exit: 0 });
    expect(s.run('kubectl set env ds/calico-node IP_AUTODETECTION_METHOD=first-found')).toEqual({ out: 'Error from server (NotFound): daemonsets.apps "calico-node" not found\n', exit: 1 });
    const bad = s.run('kubectl set env ds/calico-node -n kube-system IP_AUTODETECTION_METHOD=whatever=1');
    expect(bad.exit).toBe(1);
    expect(bad.out).toMatch(/^error: calico-node would not start with this environment: /);
  });

  it('applies and deletes a NetworkPolicy with the name printer texts', () => {
    const s = session(policy());
    const np = `kubectl apply -f - <<EOF
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-all
spec:
  podSelector: {}
  policyTypes: [Ingress]
EOF`;
    const a = s.run(np);
    expect(a.out).toBe('networkpolicy.networking.k8s.io/deny-all created\n');
    expect(a.write!.diff.added).toEqual(['NetworkPolicy/default/deny-all']);
    expect(s.run(np).out).toBe('networkpolicy.networking.k8s.io/deny-all unchanged\n');
    expect(s.run(np.replace('[Ingress]', '[Ingress, Egress]')).out).toBe('networkpolicy.networking.k8s.io/deny-all configured\n');
    const d = s.run('kubectl delete networkpolicy deny-all');
    expect(d.out).toBe('networkpolicy.networking.k8s.io "deny-all" deleted\n');
    expect(d.write!.diff.removed).toEqual(['NetworkPolicy/default/deny-all']);
    expect(s.run('kubectl delete networkpolicy deny-all')).toEqual({ out: 'Error from server (NotFound): networkpolicies.networking.k8s.io "deny-all" not found\n', exit: 1 });
    // a v3 resource needs the Calico API server, which kubectl cannot reach here
    expect(s.run('kubectl apply -f - <<EOF\napiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p}\nspec: {cidr: 10.9.0.0/16}\nEOF').out).toBe(
      'error: resource mapping not found for name: "p" namespace: "" from "-": no matches for kind "IPPool" in version "projectcalico.org/v3"\nensure CRDs are installed first\n',
    );
  });

  it('refuses a NetworkPolicy the API server would refuse, in its words', () => {
    const s = session(policy());
    const r = s.run('kubectl apply -f - <<EOF\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: bad}\nspec:\n  podSelector: {}\n  ingress:\n  - ports:\n    - {protocol: TCP, port: 80, endPort: 70}\nEOF');
    expect(r.exit).toBe(1);
    expect(r.out).toMatch(/^The NetworkPolicy "bad" is invalid: /);
    expect(s.state).toBe(policy());
  });

  it('scales a Deployment and deletes a pod', () => {
    const s = session(seed001());
    const dep = s.state.scenario.deployments[0];
    const r = s.run(`kubectl scale deploy ${dep.name} --replicas=2`);
    expect(r.out).toBe(`deployment.apps/${dep.name} scaled\n`);
    expect(s.state.pods.filter((p) => p.name.startsWith(dep.name))).toHaveLength(2);
    expect(s.run(`kubectl scale deploy ${dep.name}`)).toEqual({ out: 'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n', exit: 1 });
    expect(s.run('kubectl scale deploy nope --replicas=1')).toEqual({ out: 'Error from server (NotFound): deployments.apps "nope" not found\n', exit: 1 });
    const owned = s.state.pods[0].name;
    expect(s.run(`kubectl delete pod ${owned}`)).toEqual({ out: `pod "${owned}" deleted\n`, exit: 0 });
    expect(s.run('kubectl delete pod nope')).toEqual({ out: 'Error from server (NotFound): pods "nope" not found\n', exit: 1 });
  });

  it('deletes a standalone pod', () => {
    const s = session(flannel());
    const pod = s.state.scenario.pods.find((p) => p.ownerDeployment === undefined)!;
    const r = s.run(`kubectl delete pod ${pod.name} -n ${pod.namespace}`);
    expect(r.out).toBe(`pod "${pod.name}" deleted\n`);
    expect(r.write!.diff.removed).toEqual([`Pod/${pod.namespace}/${pod.name}`]);
    expect(s.state.pods.some((p) => p.name === pod.name)).toBe(false);
  });
});

describe('shell pieces', () => {
  it('reads here-documents, <<- and quoted words, and > redirections', () => {
    expect(parseCommand(['cat > f.yaml <<EOF', 'a: 1', 'EOF']).cmd).toEqual({ line: 'cat', heredoc: 'a: 1\n', redirect: { file: 'f.yaml', append: false } });
    expect(parseCommand(["calicoctl apply -f - <<'END'", 'x', 'END', 'ip route']).used).toBe(3);
    expect(parseCommand(['cat <<-EOF', '\tindented', '\tEOF']).cmd.heredoc).toBe('indented\n');
    expect(parseCommand([`calicoctl patch node n -p '{"a":">"}'`]).cmd).toEqual({ line: `calicoctl patch node n -p '{"a":">"}'` });
    expect(needsMoreLines('calicoctl apply -f - <<EOF\nkind: X')).toBe(true);
    expect(needsMoreLines('calicoctl apply -f - <<EOF\nkind: X\nEOF')).toBe(false);
    expect(needsMoreLines('ip route')).toBe(false);
  });

  it('splits a script into commands, here-documents kept whole, comments dropped', () => {
    expect(splitScript('# c\nkubectl label node a x=y\n\ncalicoctl apply -f - <<EOF\nk: v\nEOF\nip route \\\n  show\n')).toEqual([
      'kubectl label node a x=y',
      'calicoctl apply -f - <<EOF\nk: v\nEOF',
      'ip route  show',
    ]);
  });
});

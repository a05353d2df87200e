// The one numbered catalogue of errors and warnings: every code any part of the core emits (scenario
// files, the resolver, BGP, lab files and lab steps, policy admission), each with one meaning, a title and
// how to fix it, so the UI, the CLI and the docs show the same help next to any message with that code.
// Messages carry the specifics (what is wrong, what is allowed); an entry says how to fix the class of
// problem. model/catalogue.test.ts holds it to the source: every code written anywhere in src/core is here
// exactly once, every code here is written somewhere, and no title is shared.
//
// Ranges:
//   E100-E129 scenario file and field shape, E130-E139 Cluster and flannel, E2xx Topology, E4xx Calico
//   resources, E5xx Kubernetes workloads, W1xx scenario warnings  (core/scenario)
//   E3xx, W2xx  building the cluster: scheduling, IPAM, autodetection, flanneld  (core/resolve, core/cni)
//   W4xx        BGP configuration  (core/bgp)
//   E6xx lab file, E7xx lab step, W6xx lab warnings  (core/labs, core/session)
//   E8xx        policies the API server or calicoctl refuses  (core/policy/validate.ts)
//   E9xx, W9xx  importing a real cluster's kubectl / calicoctl dumps and `ip` output  (core/import)
//
// Renumbered when the three catalogues became this one (issue 10): the policy codes E601-E604 collided
// with the lab file's E601-E604, so they moved to E801-E804 (E601 -> E801 NetworkPolicy rejected,
// E602 -> E802 strict decoding, E603 -> E803 Calico policy, E604 -> E804 Tier). Scenario and lab codes
// did not change.

export interface CatalogueEntry {
  title: string;
  fix: string;
  severity: 'error' | 'warning';
}

export const CATALOGUE = {
  // --- file and field shape ------------------------------------------------------------------
  E100: { severity: 'error', title: 'Empty scenario', fix: 'Write at least one document: a cnilab/v1 Topology with networks and nodes.' },
  E101: { severity: 'error', title: 'YAML/JSON syntax error', fix: 'Fix the indentation, quotes or brackets at that line; every nested field must be indented more than its parent, and flow brackets must balance.' },
  E102: { severity: 'error', title: 'Document is not a mapping', fix: 'Each document must be a mapping with apiVersion, kind, metadata and spec (or a List with items).' },
  E103: { severity: 'error', title: 'apiVersion or kind missing', fix: 'Start the document with `apiVersion:` and `kind:` at the top level (no indentation).' },
  E104: { severity: 'error', title: 'Unsupported kind', fix: 'Use one of the supported kinds listed in the message (kinds are case-sensitive).' },
  E105: { severity: 'error', title: 'Kind under the wrong apiVersion', fix: 'Use the apiVersion the message lists for this kind.' },
  E106: { severity: 'error', title: 'Required field missing', fix: 'Add the field; check that it is indented under the right parent.' },
  E107: { severity: 'error', title: 'Wrong value type', fix: 'Write the value in the type the message asks for; quote strings that look like numbers (label values, versions).' },
  E108: { severity: 'error', title: 'Value not allowed', fix: 'Use one of the allowed values exactly as listed (values are case-sensitive, as in the real API).' },
  E109: { severity: 'error', title: 'Number out of range', fix: 'Use a number inside the range the message gives.' },
  E110: { severity: 'error', title: 'Duplicate name', fix: 'Give every resource of a kind (and every item of a list) its own name; names of namespaced kinds must be unique within a namespace.' },
  E111: { severity: 'error', title: 'Invalid name', fix: 'Use a non-empty name without control characters; interface names are at most 15 characters without "/" or whitespace (Linux IFNAMSIZ).' },
  E112: { severity: 'error', title: 'Invalid IPv4 address', fix: 'Write a dotted quad with four octets 0-255 and no leading zeros, e.g. 192.168.26.71.' },
  E113: { severity: 'error', title: 'Invalid CIDR', fix: 'Write address/prefix with a prefix length 0-32, e.g. 10.244.0.0/16.' },
  E114: { severity: 'error', title: 'CIDR has host bits set', fix: 'Use the canonical network address the message gives (the address with the host bits cleared).' },
  E115: { severity: 'error', title: 'Embedded JSON is invalid', fix: 'Fix the JSON inside the string (double quotes around keys and strings, no trailing commas).' },
  E116: { severity: 'error', title: 'Invalid MAC address', fix: 'Write six hex octets separated by colons, e.g. 66:da:1e:6c:ab:01.' },
  E118: { severity: 'error', title: 'Kind given more than once', fix: 'Keep a single document of this kind and merge the others into it.' },
  E119: { severity: 'error', title: 'Invalid format', fix: 'Write the value in the format the message gives.' },
  E120: { severity: 'error', title: 'Fields conflict', fix: 'Set only one of the conflicting fields (the message names them).' },

  // --- Cluster / flannel --------------------------------------------------------------------------
  E121: { severity: 'error', title: 'Invalid selector', fix: "Write a Calico selector: label == 'value', label != 'value', has(label), label in {'a', 'b'}, all(), joined with && and || (string values in quotes)." },
  E122: { severity: 'error', title: 'Scenario over a size limit', fix: 'Split the cluster or describe it more compactly (Deployments with replicas instead of one Pod document each); the limits are listed in src/core/scenario/README.md (Limits).' },
  E123: { severity: 'error', title: 'Reachability matrix over its pair limit', fix: 'Ask about fewer pods or probes (explain one pair, or split the cluster by namespace); the limit is listed in src/core/scenario/README.md (Limits).' },
  E130: { severity: 'error', title: 'Invalid IP autodetection method', fix: 'Use first-found, kubernetes-internal-ip, can-reach=IP, interface=REGEX[,REGEX], skip-interface=REGEX[,REGEX] or cidr=CIDR[,CIDR].' },
  E131: { severity: 'error', title: 'flannel net-conf given twice', fix: 'Keep the net-conf either in Cluster spec.flannel.netConf or in the kube-flannel-cfg ConfigMap, not both.' },
  E133: { severity: 'error', title: 'Install setting given twice', fix: 'Give each install setting once: as the Cluster field, the calico-node env variable or the kubeasz key, not two of them.' },
  E134: { severity: 'error', title: 'Environment value calico-node would refuse', fix: 'Use a value calico-node accepts at start-up (the message lists them); env values are strings, quote numbers.' },
  E132: { severity: 'error', title: 'podCIDR outside the flannel Network', fix: "Make every node's podCIDR a subnet of net-conf Network (flanneld refuses to start otherwise)." },

  // --- Topology ---------------------------------------------------------------------------------
  E201: { severity: 'error', title: 'No Topology', fix: 'Add one `apiVersion: cnilab/v1` `kind: Topology` document with spec.networks and spec.nodes.' },
  E202: { severity: 'error', title: 'Unknown network', fix: 'Use a network declared in Topology spec.networks, or declare it there.' },
  E203: { severity: 'error', title: 'Interface address outside its network', fix: "Give the interface an address inside its network's cidr, or attach it to the network that contains it." },
  E204: { severity: 'error', title: 'Router interface outside its network', fix: "Give the router interface an address inside its network's cidr." },
  E205: { severity: 'error', title: 'Duplicate address on a network', fix: 'Give every interface on a network its own address (two NICs with one address break ARP and routing).' },
  E206: { severity: 'error', title: 'Gateway outside its network', fix: "Put the gateway inside the network's cidr (usually a router interface address)." },
  E207: { severity: 'error', title: 'Reserved address', fix: "Do not use the network's own address or its broadcast address for an interface." },
  E208: { severity: 'error', title: 'Unknown node', fix: 'Use the name of a node declared in Topology spec.nodes (names are case-sensitive).' },
  E209: { severity: 'error', title: 'Unknown router', fix: 'Use the name of a router declared in Topology spec.routers.' },
  E210: { severity: 'error', title: 'Unknown interface', fix: "Use the name of an interface declared on that node's spec.nodes[].interfaces." },
  E211: { severity: 'error', title: 'Node podCIDRs conflict', fix: 'Give each node one podCIDR (the same in Topology and in a v1 Node) and make them disjoint.' },

  // --- Calico ---------------------------------------------------------------------------------------
  E401: { severity: 'error', title: 'IP pools overlap', fix: 'Make the pool CIDRs disjoint (Calico rejects overlapping pools).' },
  E402: { severity: 'error', title: 'Invalid blockSize', fix: 'Use a blockSize from 20 to 32 that is not smaller than the pool prefix length (a pool holds at least one block).' },
  E403: { severity: 'error', title: 'IPIP and VXLAN both enabled', fix: 'Set one of ipipMode and vxlanMode to Never (Calico rejects a pool with both).' },
  E404: { severity: 'error', title: 'Block affinity outside every pool', fix: 'Use a block CIDR inside one of the IPPools.' },
  E405: { severity: 'error', title: 'Block affinity is not one block', fix: "Use a CIDR whose prefix length equals the pool's blockSize." },
  E406: { severity: 'error', title: 'Block claimed twice', fix: 'A block has one affine node: remove one of the BlockAffinities.' },
  E408: { severity: 'error', title: 'IP pool CIDR not allowed', fix: 'Choose a private range for pods (e.g. 10.244.0.0/16) that does not overlap 169.254.0.0/16 (link-local), 127.0.0.0/8 (loopback) or 224.0.0.0/4 (multicast), and is smaller than /0.' },
  E407: { severity: 'error', title: 'IPAM configuration rejected', fix: 'autoAllocateBlocks: false needs strictAffinity: true (Calico rejects the combination).' },

  // --- Kubernetes workloads ---------------------------------------------------------------------------
  E501: { severity: 'error', title: 'Pinned IP outside every pool', fix: 'Pin an address inside an IPPool (cni.projectcalico.org/ipAddrs is honoured by calico-ipam only for pool addresses).' },
  E502: { severity: 'error', title: "Pinned IP outside the node's podCIDR", fix: "With host-local IPAM (flannel, Calico ipam: host-local) a pod's address comes from its node's podCIDR: pin an address inside it, not the network, gateway (.1) or broadcast address." },
  E503: { severity: 'error', title: 'Two pods pin the same IP', fix: 'Give each pod its own address.' },
  E504: { severity: 'error', title: 'No node fits the pod', fix: 'Relax the nodeSelector or label a node so that at least one node matches.' },
  E505: { severity: 'error', title: 'Deployment selector does not match its template', fix: 'Make spec.selector.matchLabels a subset of spec.template.metadata.labels.' },
  E506: { severity: 'error', title: 'Service ports need names', fix: 'Name every port of a Service that has more than one, with distinct names.' },
  E507: { severity: 'error', title: 'Duplicate Service clusterIP', fix: 'Give every Service its own clusterIP (or leave it out).' },
  E508: { severity: 'error', title: 'Service the API server refuses', fix: 'See the message: nodePort only on NodePort/LoadBalancer Services, inside 30000-32767, used once; no headless NodePort/LoadBalancer.' },

  // --- warnings -------------------------------------------------------------------------------------------
  W101: { severity: 'warning', title: 'Unknown field ignored', fix: 'Check the spelling and the indentation; the message suggests the nearest known field.' },
  W102: { severity: 'warning', title: 'Kind not modelled, kept as is', fix: 'Nothing to do: the lab keeps the resource but it has no effect on the network.' },
  W103: { severity: 'warning', title: 'Field not modelled', fix: 'The field is real but the lab does not simulate it; it has no effect here.' },
  W104: { severity: 'warning', title: 'Default IP pool created', fix: 'Add an IPPool to choose the pod CIDR and encapsulation yourself.' },
  W105: { severity: 'warning', title: 'YAML warning', fix: 'Check the line; the document was still read.' },
  W106: { severity: 'warning', title: 'Name Kubernetes would reject', fix: 'Use lower-case letters, digits, "-" and "." (RFC 1123), at most 253 characters.' },
  W107: { severity: 'warning', title: 'Prefix length differs from the network', fix: "Use the network's prefix length on every interface of it." },
  W108: { severity: 'warning', title: 'Resource has no effect', fix: 'Remove it, or change the setting that makes it unused (the message says which).' },
  W109: { severity: 'warning', title: 'Label overridden', fix: 'Give the label one value in one place.' },
  W110: { severity: 'warning', title: 'Setting Calico would not accept as is', fix: 'See the message; the lab follows the documented behaviour.' },
  W111: { severity: 'warning', title: 'IP pool overlaps a node network', fix: 'Choose a pool CIDR disjoint from the node networks; pod routes inside it would capture node addresses.' },

  // --- building the cluster (resolve / cni) -----------------------------------------------------------
  E301: { severity: 'error', title: 'Pod on a node outside the Topology', fix: 'Set spec.nodeName to a node of Topology spec.nodes, or add that node.' },
  E302: { severity: 'error', title: 'Node has no podCIDR for host-local IPAM', fix: "Give the node a podCIDR (in the Topology or a v1 Node), or a cluster CIDR with room for every node's range." },
  E310: { severity: 'error', title: 'No free address', fix: "Enlarge the IPPool (or the node's podCIDR for host-local), add a pool, or run fewer pods on that node." },
  E311: { severity: 'error', title: 'Address outside every IP pool', fix: 'Use an address or block inside one of the IPPools.' },
  E312: { severity: 'error', title: 'Address already in use', fix: 'Pin another address: each address belongs to one pod or tunnel device.' },
  E313: { severity: 'error', title: 'No IP pool for the node', fix: "Add an enabled IPPool whose nodeSelector matches the node." },
  W201: { severity: 'warning', title: 'IPIP pool with the VXLAN backend', fix: 'Use calico_backend: bird with IPIP pools, or switch the pools to vxlanMode.' },
  W202: { severity: 'warning', title: 'calico-node found no address', fix: "Change IP_AUTODETECTION_METHOD so that it matches one of the node's interfaces (the message names the method)." },
  W203: { severity: 'warning', title: 'flanneld found no interface', fix: 'Set --iface to an interface of the node, or give the node a default route.' },
  W204: { severity: 'warning', title: 'flanneld: node has no pod CIDR', fix: 'Assign the node a podCIDR: flanneld waits for one and programs nothing meanwhile.' },
  W205: { severity: 'warning', title: 'Two nodes share a flannel public IP', fix: 'Set --iface so that each node announces its own address.' },
  W206: { severity: 'warning', title: 'flannel route not programmed', fix: 'host-gw needs the nodes on one layer-2 network: use vxlan, or vxlan with DirectRouting, across subnets.' },

  // --- BGP configuration --------------------------------------------------------------------------------
  W402: { severity: 'warning', title: 'Two BGPPeers for one peer address', fix: 'Keep one BGPPeer per node and peer address: BIRD runs one protocol per neighbour and confd keeps the first.' },
  W403: { severity: 'warning', title: 'BGPPeer without asNumber', fix: 'Set spec.asNumber on the BGPPeer (the lab assumes the cluster AS otherwise).' },
  W404: { severity: 'warning', title: 'Peer in the mesh and through a BGPPeer', fix: 'Turn the node-to-node mesh off (BGPConfiguration nodeToNodeMeshEnabled: false) or drop the BGPPeer.' },
  W405: { severity: 'warning', title: 'BGP did not settle', fix: 'Check route reflector cluster IDs and AS numbers for a loop; the lab stops after many rounds.' },

  // --- lab file --------------------------------------------------------------------------------------
  E601: { severity: 'error', title: 'YAML syntax error in the lab file', fix: 'Fix the indentation, quotes or brackets at that line; a block of YAML inside a step (`apply: |`) must be indented under its key.' },
  E602: { severity: 'error', title: 'Not a lab file', fix: 'Start the file with `apiVersion: cnilab/v1` and `kind: Lab`, one document per file.' },
  E603: { severity: 'error', title: 'Lab field missing', fix: 'Add the field the message names; check its indentation.' },
  E604: { severity: 'error', title: 'Lab value of the wrong type', fix: 'Write the value in the type the message asks for (text, number, list, mapping).' },
  E605: { severity: 'error', title: 'Lab value not allowed', fix: 'Use one of the values the message lists (they are case-sensitive).' },
  E606: { severity: 'error', title: 'Unknown lab field', fix: 'Remove the field or correct its spelling (the message suggests the nearest known one).' },
  E607: { severity: 'error', title: 'Duplicate step id', fix: 'Give every step its own id (letters, digits, "-" and "_").' },
  E608: { severity: 'error', title: 'Lab fields conflict', fix: 'Keep only one of the fields the message names.' },
  E609: { severity: 'error', title: 'Invalid path', fix: 'Write a field path such as spec.ipipMode, calico.ipAutodetectionMethod or topology.networks[lan].mtu.' },

  // --- lab step ----------------------------------------------------------------------------------------
  E701: { severity: 'error', title: 'Unknown preset', fix: 'Use the name of a file in presets/ without its extension (`npm run cli -- presets` lists them).' },
  E702: { severity: 'error', title: 'Resources to apply are unreadable', fix: 'Each document of an `apply:` block needs apiVersion, kind and metadata.name, as for `kubectl apply -f`.' },
  E703: { severity: 'error', title: 'Resource not found', fix: 'Name a resource the scenario has at this step (kind and name as `kubectl get` shows them).' },
  E704: { severity: 'error', title: 'Ambiguous kind', fix: 'Add apiVersion: two API groups serve this kind (v1 / projectcalico.org/v3 Node, networking.k8s.io/v1 / projectcalico.org/v3 NetworkPolicy).' },
  E705: { severity: 'error', title: 'Path not found', fix: 'Name list items that exist (by index or by name) on the way to the field.' },
  E706: { severity: 'error', title: 'Node to label not found', fix: 'Name a node of the Topology.' },
  E707: { severity: 'error', title: 'Step out of range', fix: 'Steps are numbered from 1 to the number of steps in the lab.' },
  E708: { severity: 'error', title: 'A solution command failed', fix: 'Run the command in the terminal (or npm run cli -- sh) on the state before the step and correct it.' },
  W601: { severity: 'warning', title: 'Translation missing', fix: 'Add the `zh` text next to `en` (the UI falls back to English).' },
  W602: { severity: 'warning', title: 'Step has nothing to check', fix: 'Add checks so the lab can tell the learner (and CI) that the step did what it says.' },
  W603: { severity: 'warning', title: 'Exercise check without feedback', fix: 'Add feedback: {en, zh} to the check: what is still wrong, in words for the learner, without the answer.' },

  // --- policy admission ------------------------------------------------------------------------------
  E801: { severity: 'error', title: 'NetworkPolicy rejected by the API server', fix: 'Correct the field the message names; the API server refuses the whole policy, so none of it applies.' },
  E802: { severity: 'error', title: 'Unknown or mistyped field in a NetworkPolicy', fix: 'Check spelling and indentation (e.g. `namespaceSelector`, `ports:` inside the rule, not inside a peer); kubectl apply refuses unknown fields (strict validation).' },
  E803: { severity: 'error', title: 'Calico policy rejected', fix: 'Correct the field the message names (selector syntax, action, ports with protocol, tier); calicoctl refuses the whole policy.' },
  E804: { severity: 'error', title: 'Calico Tier rejected', fix: 'Give each Tier a unique name; the default tier must keep defaultAction Deny.' },

  // --- importing a cluster's dumps -------------------------------------------------------------------
  E901: { severity: 'error', title: 'Dump file unreadable', fix: 'Give the file exactly as kubectl or calicoctl printed it (-o yaml or -o json); an edit broke its YAML/JSON at that line.' },
  E902: { severity: 'error', title: 'Not a Kubernetes resource', fix: 'Each document (or List item) must be a mapping with apiVersion and kind, as `kubectl get … -o yaml` prints it.' },
  E903: { severity: 'error', title: 'Invalid value in a dump', fix: 'The field should hold what the API server stores (an IPv4 address, a CIDR, a JSON string); correct it or fetch the resource again.' },
  E904: { severity: 'error', title: 'No nodes in the dump', fix: 'Include the nodes: `kubectl get nodes,pods,namespaces,services,networkpolicies -A -o yaml > cluster.yaml`.' },
  E905: { severity: 'error', title: 'ip output names an unknown node', fix: 'Name the file NODE.ip-addr.txt or start it with `# node: NAME`, NAME as `kubectl get nodes` prints it.' },
  E906: { severity: 'error', title: 'Invalid line in ip output', fix: 'Paste the output of `ip -o addr`, `ip -o link` and `ip route` unchanged; the line named does not read as any of them.' },
  E907: { severity: 'error', title: 'Dump over a size limit', fix: 'Leave out what the lab does not use (events, managedFields: kubectl get … -o yaml --show-managed-fields=false), or import the namespaces you are debugging.' },
  W901: { severity: 'warning', title: 'Import assumption', fix: 'The API does not hold this; add `ip -o addr; ip -o link; ip route` from the node (NODE.ip-addr.txt) to make it exact.' },
  W902: { severity: 'warning', title: 'Gap in the dump', fix: 'Add the missing dump (the message names the command) and import again.' },
  W903: { severity: 'warning', title: 'Resource dropped on import', fix: 'Nothing to do: the lab does not need it, and it is never written out.' },
} as const satisfies Record<string, CatalogueEntry>;

export type Code = keyof typeof CATALOGUE;
export type ErrorCode = { [K in Code]: (typeof CATALOGUE)[K]['severity'] extends 'error' ? K : never }[Code];
export type WarningCode = { [K in Code]: (typeof CATALOGUE)[K]['severity'] extends 'warning' ? K : never }[Code];

export function catalogueEntry(code: string): CatalogueEntry | undefined {
  return Object.prototype.hasOwnProperty.call(CATALOGUE, code) ? (CATALOGUE as Record<string, CatalogueEntry>)[code] : undefined;
}

// The sentences of Felix's policy hops (hooks.ts) and of the evaluator's reasons (evaluate.ts: a verdict's `why`, whose English is its `reason`), one
// English template per message id, as the walk's own are (core/walk/messages.ts). The hop's English text is
// rendered from these; src/i18n/core-zh.ts has the same ids in Chinese. Arguments are names, addresses, chains,
// flows and rule texts: never translated. A piece that is itself words (a direction, a verdict, the rule that
// decided) is a nested message.

import { catalogue } from '../msg';

export const POLICY_EN = {
  'policy.dir.egress': 'egress',
  'policy.dir.ingress': 'ingress',
  'policy.list': '{head}, {last}',
  'policy.allowed': 'allowed',
  'policy.denied': 'denied',
  // Flannel stores policies but nothing enforces them
  'policy.flannel.text': '{ns}: {dev} {dir} of {pod}: {flow}: Flannel does not enforce NetworkPolicy',
  'policy.flannel.why1': 'The API server stores the {n} policy of this lab, but Flannel has no policy agent (no Felix, no iptables filter chains per pod): every packet passes.',
  'policy.flannel.why': 'The API server stores the {n} policies of this lab, but Flannel has no policy agent (no Felix, no iptables filter chains per pod): every packet passes.',
  // the hop's line: where, the flow, the verdict and the rule (or the default) that gave it
  'policy.head': '{ns}: {dev} {dir} policy of {pod}',
  'policy.judge.text': '{head}: {flow}{via}: {verdict}: {reason}',
  'policy.via': ' (after kube-proxy DNAT {dnat}: {pod})',
  'policy.reply.text': '{head}: {flow}: reply of an allowed connection (conntrack ESTABLISHED): accepted',
  'policy.reply.why': '{chain} starts with "-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT": packets of a connection that policy allowed are not judged again.',
  'policy.noReply.text': '{head}: {flow}: no allowed connection to reply to: dropped',
  'policy.noReply.why': 'The connection this packet would answer was denied ({reason}), so conntrack has no ESTABLISHED entry for it and the packet meets the policy as INVALID/new.',
  // the hop's why: where Felix judges, who selects the pod, what decided
  'policy.judge.why': '{where} {selection}{decided}{hairpin}',
  'policy.where.egress': "Felix judges {pod}'s packets in {chain} (filter FORWARD), after kube-proxy's DNAT in nat PREROUTING.",
  'policy.where.egressDnat': "Felix judges {pod}'s packets in {chain} (filter FORWARD), after kube-proxy's DNAT in nat PREROUTING, so policy sees the chosen pod, not the Service address.",
  'policy.where.ingress': 'Felix judges packets to {pod} in {chain} as they leave by its host veth.',
  'policy.sel.none': "No policy selects {pod} for {dir}, so its namespace profile allows (Kubernetes' default-allow).",
  'policy.sel.one': 'Policy selecting {pod} for {dir}, in evaluation order: {names}.',
  'policy.sel.many': 'Policies selecting {pod} for {dir}, in evaluation order: {names}.',
  'policy.sel.item': '{name} (tier {tier}, order {order})',
  'policy.order.unset': 'unset',
  'policy.decided.rule': ' The first rule that matches decides: {reason}{rule}.',
  'policy.decided.ruleText': ' ({text})',
  'policy.decided.default': " No rule of the selecting policies matched, so the tier's default action denies.",
  'policy.hairpin': ' {pod} reaches itself through a Service (hairpin): the packet goes out and back through {dev}, so its own policy applies.',
  // the evaluator's reason (DirectionVerdict.reason)
  'policy.reason.rule': '{name} {dir} rule {n} {action}',
  'policy.reason.profile': 'no policy selects this pod: allowed by profile {profile}',
  'policy.reason.implicitDeny': '{tier} tier: no rule matched: implicit deny',
  'policy.reason.passed': '{tiers} passed: allowed by profile {profile}',
  'policy.reason.tier': '{tier} tier',
  'policy.reason.noEndpoint': 'pod {pod} has no Calico endpoint (hostNetwork or unknown): no {dir} policy applies',
  'policy.reason.notPod': '{ip} is not a pod (node or outside the cluster): no {dir} policy applies',
  // decide()'s one line for a connection (a lab's matrix check quotes it)
  'policy.decision.flannel': 'Flannel does not enforce NetworkPolicy',
  'policy.decision.loopback': '{pod} reaches itself over loopback: policy is not applied',
  'policy.decision.denied': 'denied at {dir} of {pod}: {reason}',
  'policy.decision.allowed': 'allowed: egress {egress}; ingress {ingress}',
  // a reply packet: conntrack decides, from the original packet's decision
  'policy.decision.reply': 'reply of an allowed connection: conntrack ESTABLISHED, policy not evaluated',
  'policy.decision.noReply': 'no connection to reply to: the original packet was denied ({reason})',
  // a rule as written (Rule.text): its action and protocol terms, then its source and destination terms
  'policy.rule': '{what}{from}{to}',
  'policy.rule.from': ' from {match}',
  'policy.rule.to': ' to {match}',
} as const;

export type PolicyMsgId = keyof typeof POLICY_EN;

const cat = catalogue(POLICY_EN);
/** A policy message, its arguments checked against the template. */
export const pm = cat.make;
/** The English of a policy message (nested messages included). */
export const policyEnglish = cat.english;

// kube-proxy's Service hops (kubeproxy.ts) and the modelled load balancer. iptables rules, chains, addresses and
// hashes are arguments, verbatim.
export const SERVICE_EN = {
  'svc.list': '{head}, {last}',
  // the endpoint chain: its random rules and which one the lab's hash stands for
  'svc.chain.prob': '{i}) --probability {p} → {sep} ({ep})',
  'svc.chain.always': '{i}) always → {sep} ({ep})',
  'svc.chain.one': '{chain} holds one rule: {rules}.{sticky} {dice}',
  'svc.chain.many': '{chain} holds {n} rules, tried in order: {rules}, so each endpoint gets 1/{n} of new connections.{sticky} {dice}',
  'svc.chain.sticky':
    ' sessionAffinity ClientIP: before those, one rule per endpoint "-m recent --rcheck --seconds {s} --reap --name KUBE-SEP-…" sends a client seen in the last {s} s back to the endpoint it had (its KUBE-SEP records it with "-m recent --set"); the lab hashes the client address alone, so one client always gets one endpoint.',
  'svc.chain.dice': 'kube-proxy\'s dice are random; the lab replays the same way instead: FNV-1a-32("{key}") = {hash}, mod {n} = {index}, so rule {rule}.',
  // KUBE-MARK-MASQ on the way, or not
  'svc.masq.external':
    ' {ext} first marks it: "{rule}" (externalTrafficPolicy Cluster: the endpoint may be on another node, and its reply must come back through this one), so KUBE-POSTROUTING masquerades it as it leaves: the pod sees this node\'s address, not the client\'s.',
  'svc.masq.localSource': ' The packet is this node\'s own: {ext} "masquerade LOCAL traffic" marks it and "route LOCAL traffic" sends it to {svcChain} (every endpoint), even under externalTrafficPolicy Local.',
  'svc.masq.hairpin': ' The chosen endpoint is the client itself: the KUBE-SEP chain\'s first rule "{rule}" marks the connection 0x4000, so KUBE-POSTROUTING masquerades it as it leaves this node back towards the pod.',
  'svc.masq.local': " externalTrafficPolicy Local: {ext} jumps to {chain} (endpoints on this node only) without marking it, so no SNAT: the pod sees the client's own address.",
  'svc.target.named': 'targetPort "{name}" = {port} on that pod',
  'svc.target.port': 'targetPort {port}',
  // DNAT to a clusterIP
  'svc.dnat.text': '{ns}: kube-proxy DNAT {dnat} (Service {svc}, endpoint {i} of {n}: {pod}){hairpin}',
  'svc.dnat.hairpin': ', hairpin: KUBE-MARK-MASQ',
  'svc.dnat.why1':
    'iptables nat {chain} → KUBE-SERVICES matches {svcPort} (Service {svc}); its KUBE-SVC chain picks one of {n} endpoint and KUBE-SEP DNATs to {ep} ({target}). kube-proxy picks at random per connection; the lab hashes {key} (FNV-1a mod {n}) so the same connection always lands on the same pod. Conntrack restores {orig} as the source of the reply.{masq} {chainWhy}',
  'svc.dnat.why':
    'iptables nat {chain} → KUBE-SERVICES matches {svcPort} (Service {svc}); its KUBE-SVC chain picks one of {n} endpoints and KUBE-SEP DNATs to {ep} ({target}). kube-proxy picks at random per connection; the lab hashes {key} (FNV-1a mod {n}) so the same connection always lands on the same pod. Conntrack restores {orig} as the source of the reply.{masq} {chainWhy}',
  // DNAT of a nodePort or a load-balancer IP
  'svc.np.text': '{ns}: kube-proxy DNAT {dnat} (NodePort of Service {svc}, {which} {i} of {n}: {pod}){mark}',
  'svc.lbip.text': '{ns}: kube-proxy DNAT {dnat} (load-balancer IP of Service {svc}, {which} {i} of {n}: {pod}){mark}',
  'svc.which.local': 'local endpoint',
  'svc.which.any': 'endpoint',
  'svc.mark.external': ', KUBE-MARK-MASQ (externalTrafficPolicy Cluster)',
  'svc.mark.hairpin': ', KUBE-MARK-MASQ (hairpin)',
  'svc.mark.self': ', KUBE-MARK-MASQ (the node itself)',
  'svc.mark.kept': ', client source kept (externalTrafficPolicy Local)',
  'svc.ext.why': 'iptables nat {chain}: {match} (Service {svc}) → {ext} → {svcChain}, whose KUBE-SEP DNATs to {ep} ({target}). Conntrack restores {orig} as the source of the reply.{masq} {chainWhy}',
  'svc.match.nodePort': "KUBE-SERVICES' last rule (-m addrtype --dst-type LOCAL: {dst} is this node's) → KUBE-NODEPORTS matches {proto} dport {dport}",
  'svc.match.lb': 'KUBE-SERVICES matches the load-balancer IP {dst}:{dport}/{proto}',
  // no endpoint: REJECT, or DROP under externalTrafficPolicy Local
  'svc.extReject.text': '{ns}: Service {svc} has no endpoints: kube-proxy REJECTs {target} (filter KUBE-EXTERNAL-SERVICES)',
  'svc.extReject.why': 'No ready pod backs Service {svc}, so kube-proxy writes no nat rule for it but, in the filter table, "{rule}", reached from INPUT and FORWARD for NEW connections: the client is refused at once.',
  'svc.extDrop.text': '{ns}: Service {svc} has no local endpoints (externalTrafficPolicy Local): kube-proxy DROPs {target} (filter KUBE-EXTERNAL-SERVICES)',
  'svc.extDrop.why':
    'externalTrafficPolicy Local sends external traffic only to endpoints on the node it arrives at, and none of Service {svc}\'s endpoints runs on {ns}{where}. {ext} has no KUBE-SVL to jump to, so nat leaves the packet alone and filter "{rule}" drops it: no answer, the client times out. A cloud load balancer avoids such nodes through the Service\'s healthCheckNodePort; a client that picks a node itself does not.',
  'svc.extDrop.on': ' (they are on {nodes})',
  'svc.extDrop.nowhere': ' (they are on no node)',
  'svc.reject.text': '{ns}: Service {svc} has no endpoints: kube-proxy REJECTs {svcPort} (filter {chain} → KUBE-SERVICES)',
  'svc.reject.named': ' with a container port named "{name}" ({proto})',
  'svc.reject.why':
    'No ready pod of namespace {namespace} matches the selector of Service {svc}{named}, so kube-proxy writes no nat rule for {svcPort} but, in the filter table, "{rule}", reached from filter {chain} for NEW connections. The client is answered at once: TCP\'s connect() fails with "Connection refused", UDP gets port unreachable.',
  // the modelled load balancer on the outside gateway
  'svc.lb.none.text': '{ns}: load balancer {addr} (Service {svc}) has no healthy node: dropped',
  'svc.lb.none.whyLocal': 'With externalTrafficPolicy Local the load balancer only uses nodes whose healthCheckNodePort answers, i.e. nodes running an endpoint of {svc}; there are none.',
  'svc.lb.none.why': 'Service {svc} has no endpoints, so the load balancer has nowhere to send the connection.',
  'svc.lb.text': '{ns}: load balancer {addr} → {to} (Service {svc}, node {i} of {n}: {node})',
  'svc.lb.why':
    "The lab models a LoadBalancer Service's load balancer on its outside gateway: it owns {ip} (status.loadBalancer.ingress) and forwards each new connection to a node's address on the Service's nodePort {nodePort}, keeping the client's address. {backends} Which node: FNV-1a-32(\"{key}\") = {hash}, mod {n} = {index}.",
  'svc.lb.local': 'externalTrafficPolicy Local: only nodes with an endpoint pass its health check ({nodes}).',
  'svc.lb.cluster': 'externalTrafficPolicy Cluster: every node is a backend ({nodes}).',
  // a clusterIP that reaches the outside gateway
  'svc.outside.text': '{ns}: {dst} is the clusterIP of Service {svc}: no network holds it, nothing answers',
  'svc.outside.why':
    "A clusterIP exists only in kube-proxy's rules on the nodes, and those rules match TCP/UDP/SCTP to the Service's ports only (iptables mode). This packet matched none, so the node routed it as addressed, by its default route, to this gateway; beyond it no network has {dst}. It is lost without an error (100% packet loss for ping).",
} as const;

export type ServiceMsgId = keyof typeof SERVICE_EN;

/** A Service message, its arguments checked against the template. */
export const sm = catalogue(SERVICE_EN).make;

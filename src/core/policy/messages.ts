// The sentences of Felix's policy hops (hooks.ts) and of the evaluator's reasons (evaluate.ts reasonMsg), one
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

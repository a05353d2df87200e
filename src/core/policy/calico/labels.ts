// The labels a pod's Calico workload endpoint carries, which is what every selector is matched
// against. Calico builds them from three sources (libcalico-go conversion/workload_endpoint_default.go
// and NamespaceToProfile / ServiceAccountToProfile):
// - the profile kns.<namespace>: each namespace label as "pcns.<key>", plus
//   "pcns.projectcalico.org/name" = the namespace name;
// - the profile ksa.<namespace>.<sa>: "pcsa.projectcalico.org/name" = the service account name
//   (service-account labels themselves are not modelled);
// - the pod's own labels, then projectcalico.org/namespace, projectcalico.org/orchestrator = k8s
//   and projectcalico.org/serviceaccount, which the converter sets last (they win).

import type { PolicyPod } from '../types';

export const LABEL_NAMESPACE = 'projectcalico.org/namespace';
export const LABEL_ORCHESTRATOR = 'projectcalico.org/orchestrator';
export const LABEL_SERVICE_ACCOUNT = 'projectcalico.org/serviceaccount';
export const NAME_LABEL = 'projectcalico.org/name';
export const NAMESPACE_PREFIX = 'pcns.';
export const SERVICE_ACCOUNT_PREFIX = 'pcsa.';

export function serviceAccountOf(pod: PolicyPod): string {
  return pod.serviceAccountName || 'default';
}

export function endpointLabels(pod: PolicyPod, namespaceLabels: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(namespaceLabels)) out[NAMESPACE_PREFIX + k] = v;
  out[NAMESPACE_PREFIX + NAME_LABEL] = pod.namespace;
  out[SERVICE_ACCOUNT_PREFIX + NAME_LABEL] = serviceAccountOf(pod);
  Object.assign(out, pod.labels);
  out[LABEL_NAMESPACE] = pod.namespace;
  out[LABEL_ORCHESTRATOR] = 'k8s';
  out[LABEL_SERVICE_ACCOUNT] = serviceAccountOf(pod);
  return out;
}

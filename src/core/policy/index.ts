// core/policy: Kubernetes and Calico network policy, one evaluator (see README.md).
export * from './types';
export { parseSelector, tryParseSelector, matches, selectorToString, SelectorSyntaxError, type Selector, type Labels } from './selector';
export { validateNetworkPolicy } from './k8s/validate';
export { effectivePolicyTypes, K8S_POLICY_ORDER, K8S_POLICY_PREFIX } from './k8s/translate';
export { parseCalicoPolicy } from './calico/parse';
export { endpointLabels } from './calico/labels';
export { DEFAULT_TIER, DEFAULT_TIER_ORDER, resolveTiers } from './calico/tiers';
export { compilePolicies, translateK8sPolicy, podKey, type CompiledPolicies, type PolicyDiagnostic } from './compile';
export { decide, decideReply, reverseFlow } from './evaluate';
export { matrix, matrixRows, explain, probeKey, type Probe } from './matrix';
export { serviceEndpoints, chooseEndpoint, fnv1a32, type ServiceEndpoint } from './services';
export { policyRuntime, policyWorldOf, policyPodsOf, servicePortKey, type PolicyRuntime, type ServicePortEntry } from './cluster';
export { kubeProxyChoice, kubeProxyDnat, type DnatChoice, type L4Tuple } from './kubeproxy';
export { kubeProxyNatSave, probabilityText, svcChain, sepChain, servicePortName } from './iptablesSave';
export { policyHooks } from './hooks';
export { validatePolicies, type PolicyProblem, type PolicyErrorCode } from './validate';
export { parseProbe, matrixPods, clusterMatrix, checkMatrixSize, MatrixLimitError, MATRIX_LIMITS, matrixText, explainText, ExplainError, type Matrix } from './report';

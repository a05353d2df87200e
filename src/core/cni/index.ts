// The CNI registry: Cluster spec.cni names one of these plug-ins, and the build asks it, and nothing else,
// what the CNI does. See README.md for what a new CNI touches.

import type { Scenario } from '../model/scenario';
import { calico } from './calico';
import { flannel } from './flannel';
import type { CniName, CniPlugin } from './types';

export const CNI_PLUGINS: Readonly<Record<CniName, CniPlugin>> = { calico, flannel };

/** The plug-in the scenario's Cluster names. */
export function cniOf(scenario: Pick<Scenario, 'cluster'>): CniPlugin {
  return CNI_PLUGINS[scenario.cluster.cni];
}

export type { CniBuild, CniName, CniPlugin, CniState, Warn } from './types';
export { ResolveError } from './errors';
export { podHandle, podKey } from './pods';

// The numbered catalogue of lab diagnostics (each code's title and its fix), beside the scenario's
// (core/scenario/catalogue.ts: E1xx, E2xx, E4xx, E5xx, W1xx; resolve: E3xx). E6xx: the lab file's
// shape; E7xx: a step that cannot be applied; W6xx: warnings. Errors of the scenario a step produces
// keep the scenario's own codes, located in the lab file.

export interface LabCatalogueEntry {
  title: string;
  fix: string;
  severity: 'error' | 'warning';
}

export const LAB_CATALOGUE = {
  E601: { severity: 'error', title: 'YAML syntax error in the lab file', fix: 'Fix the indentation, quotes or brackets at that line; a block of YAML inside a step (`apply: |`) must be indented under its key.' },
  E602: { severity: 'error', title: 'Not a lab file', fix: 'Start the file with `apiVersion: cnilab/v1` and `kind: Lab`, one document per file.' },
  E603: { severity: 'error', title: 'Required field missing', fix: 'Add the field the message names; check its indentation.' },
  E604: { severity: 'error', title: 'Wrong value type', fix: 'Write the value in the type the message asks for (text, number, list, mapping).' },
  E605: { severity: 'error', title: 'Value not allowed', fix: 'Use one of the values the message lists (they are case-sensitive).' },
  E606: { severity: 'error', title: 'Unknown field', fix: 'Remove the field or correct its spelling (the message suggests the nearest known one).' },
  E607: { severity: 'error', title: 'Duplicate step id', fix: 'Give every step its own id (letters, digits, "-" and "_").' },
  E608: { severity: 'error', title: 'Fields conflict', fix: 'Keep only one of the fields the message names.' },
  E609: { severity: 'error', title: 'Invalid path', fix: 'Write a field path such as spec.ipipMode, calico.ipAutodetectionMethod or topology.networks[lan].mtu.' },
  E701: { severity: 'error', title: 'Unknown preset', fix: 'Use the name of a file in presets/ without its extension (`npm run cli -- presets` lists them).' },
  E702: { severity: 'error', title: 'Resources to apply are unreadable', fix: 'Each document of an `apply:` block needs apiVersion, kind and metadata.name, as for `kubectl apply -f`.' },
  E703: { severity: 'error', title: 'Resource not found', fix: 'Name a resource the scenario has at this step (kind and name as `kubectl get` shows them).' },
  E704: { severity: 'error', title: 'Ambiguous kind', fix: 'Add apiVersion: two API groups serve this kind (v1 / projectcalico.org/v3 Node, networking.k8s.io/v1 / projectcalico.org/v3 NetworkPolicy).' },
  E705: { severity: 'error', title: 'Path not found', fix: 'Name list items that exist (by index or by name) on the way to the field.' },
  E706: { severity: 'error', title: 'Unknown node', fix: 'Name a node of the Topology.' },
  E707: { severity: 'error', title: 'Step out of range', fix: 'Steps are numbered from 1 to the number of steps in the lab.' },
  W601: { severity: 'warning', title: 'Translation missing', fix: 'Add the `zh` text next to `en` (the UI falls back to English).' },
  W602: { severity: 'warning', title: 'Step has nothing to check', fix: 'Add checks so the lab can tell the learner (and CI) that the step did what it says.' },
} as const satisfies Record<string, LabCatalogueEntry>;

export type LabCode = keyof typeof LAB_CATALOGUE;

export function labCatalogueEntry(code: string): LabCatalogueEntry | undefined {
  return (LAB_CATALOGUE as Record<string, LabCatalogueEntry>)[code];
}

// The CNI modes as data. Every place that switches a mode — the mode panel, compare, the embed API's
// `set-mode`, presenter mode — reads this one table: which resource field a toggle sets, the values it
// takes, the i18n keys of its label and hint, and the typed edit that sets it. A new mode is one entry here.

import type { ClusterSpec, EncapMode, Scenario } from '../model/scenario';
import { flannelMode, setEncap, setFlannelMode, type FlannelMode } from './edits';
import type { Edit } from './types';

export type ModeId = 'ipipMode' | 'vxlanMode' | 'flannelBackend';

export interface ModeValue {
  value: string;
  /** as the field is written (tool output and YAML stay in their own words) */
  label: string;
}

export interface ModeToggle {
  id: ModeId;
  cni: ClusterSpec['cni'];
  /** what a user edits to make the change */
  resource: string;
  field: string;
  /** i18n message ids (src/i18n) */
  labelKey: string;
  hintKey?: string;
  values: readonly ModeValue[];
  /** the value the scenario has now (all pools are edited together: the first pool's) */
  read(s: Scenario): string | undefined;
  edit(value: string): Edit;
}

const ENCAP: readonly ModeValue[] = [
  { value: 'Always', label: 'Always' },
  { value: 'CrossSubnet', label: 'CrossSubnet' },
  { value: 'Never', label: 'Never' },
];

export const MODE_TOGGLES: readonly ModeToggle[] = [
  {
    id: 'ipipMode',
    cni: 'calico',
    resource: 'IPPool',
    field: 'spec.ipipMode',
    labelKey: 'mode.ipip',
    values: ENCAP,
    read: (s) => s.ippools[0]?.ipipMode,
    edit: (v) => setEncap('ipip', v as EncapMode),
  },
  {
    id: 'vxlanMode',
    cni: 'calico',
    resource: 'IPPool',
    field: 'spec.vxlanMode',
    labelKey: 'mode.vxlan',
    hintKey: 'mode.vxlanHint',
    values: ENCAP,
    read: (s) => s.ippools[0]?.vxlanMode,
    edit: (v) => setEncap('vxlan', v as EncapMode),
  },
  {
    id: 'flannelBackend',
    cni: 'flannel',
    resource: 'ConfigMap kube-flannel-cfg',
    field: 'net-conf.json Backend',
    labelKey: 'mode.flannel',
    values: [
      { value: 'vxlan', label: 'vxlan' },
      { value: 'directrouting', label: 'vxlan + DirectRouting' },
      { value: 'host-gw', label: 'host-gw' },
    ],
    read: (s) => flannelMode(s),
    edit: (v) => setFlannelMode(v as FlannelMode),
  },
];

export function modeToggle(id: ModeId): ModeToggle {
  return MODE_TOGGLES.find((t) => t.id === id)!;
}

/** A toggle's hint: its message id, or the field it sets written out. */
export function modeHint(t: ModeToggle): { key: string } | { text: string } {
  return t.hintKey ? { key: t.hintKey } : { text: t.cni === 'flannel' ? t.field : `${t.resource} ${t.field}` };
}

export type ModeSettings = Partial<Record<ModeId, string>>;

/** Whether a value is one the toggle takes. */
export function isModeValue(id: ModeId, v: unknown): v is string {
  return typeof v === 'string' && modeToggle(id).values.some((x) => x.value === v);
}

/** One edit setting several toggles, in table order (ipipMode before vxlanMode: the last one set wins). */
export function modeEdit(set: ModeSettings, label?: string): Edit {
  const edits = MODE_TOGGLES.filter((t) => set[t.id] !== undefined).map((t) => t.edit(set[t.id]!));
  if (edits.length === 1 && label === undefined) return edits[0];
  return { label: label ?? edits.map((e) => e.label).join(', '), apply: (s) => edits.reduce((x, e) => e.apply(x), s) };
}

/** The modes compare puts side by side: named settings of the toggles above. */
export interface ModePreset {
  id: string;
  cni: ClusterSpec['cni'];
  label: string;
  /** its i18n message id where the label is prose rather than field values */
  labelKey?: string;
  set: ModeSettings;
  /** the edit's own label when it sets more than one toggle */
  editLabel?: string;
}

export const MODE_PRESETS: readonly ModePreset[] = [
  { id: 'ipip-always', cni: 'calico', label: 'Calico IPIP Always', set: { ipipMode: 'Always' } },
  { id: 'ipip-cross', cni: 'calico', label: 'Calico IPIP CrossSubnet', set: { ipipMode: 'CrossSubnet' } },
  { id: 'vxlan-always', cni: 'calico', label: 'Calico VXLAN Always', set: { vxlanMode: 'Always' } },
  { id: 'vxlan-cross', cni: 'calico', label: 'Calico VXLAN CrossSubnet', set: { vxlanMode: 'CrossSubnet' } },
  { id: 'none', cni: 'calico', label: 'Calico no encapsulation (BGP only)', labelKey: 'cmp.none', set: { ipipMode: 'Never', vxlanMode: 'Never' }, editLabel: 'no encapsulation' },
  { id: 'vxlan', cni: 'flannel', label: 'Flannel vxlan', set: { flannelBackend: 'vxlan' } },
  { id: 'directrouting', cni: 'flannel', label: 'Flannel vxlan + DirectRouting', set: { flannelBackend: 'directrouting' } },
  { id: 'host-gw', cni: 'flannel', label: 'Flannel host-gw', set: { flannelBackend: 'host-gw' } },
];

/** A compare preset's edit. */
export function presetEdit(p: ModePreset): Edit {
  return modeEdit(p.set, p.editLabel);
}

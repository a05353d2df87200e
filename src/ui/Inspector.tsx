// Packet inspector (lazy chunk): the current hop's frame as a layer tree (outermost first, every field),
// its bytes in hex (core/wire serializeFrame), field ↔ bytes highlighting both ways, frame size vs MTU,
// and pcap downloads (core/tools pcapOf).
import { useMemo, useState, type KeyboardEvent } from 'react';
import { useLab } from './LabContext';
import { stepsOf } from '../store/labStore';
import { serializeFrame } from '../core/wire';
import { pcapOf } from '../core/tools';
import { dissect, fieldAt, hexRowsOf, type Field, type Layer } from '../view/dissect';
import { useT } from '../i18n/react';
import { saveFile } from './download';

const PCAP = 'application/vnd.tcpdump.pcap';


const fieldKey = (f: Field) => `${f.offset}:${f.length}:${f.name}`;

export default function Inspector() {
  const walk = useLab((s) => s.walk);
  const cursor = useLab((s) => s.cursor);
  const state = useLab((s) => s.state);
  const steps = stepsOf(walk);
  const step = steps[cursor];
  const [sel, setSel] = useState<string | undefined>();
  const [open, setOpen] = useState<Record<string, boolean>>({});
  const t = useT();

  const data = useMemo(() => {
    if (!step) return undefined;
    const stack = step.hop.wire?.frame ?? step.hop.packet;
    let bytes: Uint8Array;
    let error: string | undefined;
    try {
      bytes = serializeFrame(stack);
    } catch (e) {
      bytes = new Uint8Array(0);
      error = (e as Error).message;
    }
    return { stack, bytes, layers: dissect(stack, bytes, 0, t), error };
  }, [step, t]);

  if (!walk || !step || !data) return <p className="empty">{t('insp.empty')}</p>;
  const { bytes, layers } = data;
  const hop = step.hop;
  const fields = layers.flatMap(function flat(l: Layer): Field[] {
    return [...l.fields, ...(l.children ?? []).flatMap(flat)];
  });
  const selected = fields.find((f) => fieldKey(f) === sel);
  const where = hop.wire ? hop.wire.from : { ns: hop.ns, dev: hop.dev };
  const link = where.dev ? state.netns[where.ns]?.links.find((l) => l.name === where.dev) : undefined;
  const ip = data.stack.find((h) => h.type === 'ipv4');
  const ipLen = ip && ip.type === 'ipv4' ? ip.totalLength : undefined;
  const isOpen = (l: Layer) => open[`${l.offset}:${l.short}`] ?? true;

  const visibleItems = (ls: Layer[]): string[] =>
    ls.flatMap((l) => [`L${l.offset}:${l.short}`, ...(isOpen(l) ? [...l.fields.map(fieldKey), ...visibleItems(l.children ?? [])] : [])]);
  const onTreeKey = (e: KeyboardEvent) => {
    const items = visibleItems(layers);
    const focused = (document.activeElement as HTMLElement | null)?.dataset.item;
    const i = focused ? items.indexOf(focused) : -1;
    let next: string | undefined;
    if (e.key === 'ArrowDown') next = items[Math.min(items.length - 1, i + 1)];
    else if (e.key === 'ArrowUp') next = items[Math.max(0, i - 1)];
    else return;
    e.preventDefault();
    if (next && !next.startsWith('L')) setSel(next);
    (e.currentTarget.querySelector(`[data-item="${CSS.escape(next ?? '')}"]`) as HTMLElement | null)?.focus();
  };

  const renderLayer = (l: Layer, depth: number) => {
    const key = `${l.offset}:${l.short}`;
    const o = isOpen(l);
    return (
      <li key={`${key}:${depth}`} role="treeitem" aria-expanded={o} aria-label={l.title} className="layer" tabIndex={-1} data-item={`L${l.offset}:${l.short}`}
        onClick={(e) => {
          if (e.target === e.currentTarget || (e.target as HTMLElement).classList.contains('layer-title')) setOpen((x) => ({ ...x, [key]: !o }));
        }}
      >
        <span className="layer-title">
          {o ? '▾' : '▸'} {l.title}
        </span>
        {o && (
          <ul role="group">
            {l.fields.map((f) => (
              <li
                key={fieldKey(f)}
                role="treeitem"
                aria-selected={sel === fieldKey(f)}
                tabIndex={sel === fieldKey(f) || (!sel && f === fields[0]) ? 0 : -1}
                data-item={fieldKey(f)}
                className={`field-item${sel === fieldKey(f) ? ' selected' : ''}`}
                onClick={(e) => {
                  e.stopPropagation();
                  setSel(fieldKey(f));
                }}
              >
                {t('insp.fieldName', { name: f.name })}
                <b>{f.value}</b>
              </li>
            ))}
            {(l.children ?? []).map((c) => renderLayer(c, depth + 1))}
          </ul>
        )}
      </li>
    );
  };

  return (
    <div className="inspector" role="region" aria-label={t('dock.inspector')}>
      <div className="row insp-head">
        <span>
          {t('insp.hop', { n: cursor + 1, leg: t(`leg.${step.leg}`) })} · <b>{t(`hop.kind.${hop.kind}`)}</b>{t('insp.at', { where: where.ns.replace(/^\w+\//, '') + (where.dev ? ` ${where.dev}` : '') })}
          {hop.wire ? ` → ${hop.wire.to.ns.replace(/^\w+\//, '')} ${hop.wire.to.dev} (${hop.wire.medium})` : ''}
        </span>
        <span className="size" aria-label={t('insp.frameSize')}>
          {hop.wire ? t('insp.bytesOnWire', { n: bytes.length }) : t('insp.bytes', { n: bytes.length })}
          {ipLen !== undefined ? ` · ${t('insp.ipLen', { n: ipLen })}` : ''}
          {link ? ` · ${t('insp.mtu', { dev: link.name, mtu: link.mtu })}` : ''}
          {ipLen !== undefined && link && ipLen > link.mtu ? ` · ${t('insp.tooBig')}` : ''}
        </span>
        <button type="button" onClick={() => saveFile('cni-lab-walk.pcap', pcapOf(walk, undefined, state?.scenario.cluster.clockStart) as BlobPart, PCAP)}>
          {t('insp.pcapAll')}
        </button>
        {hop.wire && (
          <button type="button" onClick={() => saveFile(`cni-lab-${where.dev}.pcap`, pcapOf(walk, { nsId: where.ns, dev: where.dev! }, state?.scenario.cluster.clockStart) as BlobPart, PCAP)}>
            {t('insp.pcapDev', { dev: where.dev! })}
          </button>
        )}
      </div>
      {data.error && <p className="error-inline">{t('insp.serializeError', { error: data.error })}</p>}
      <div className="insp-body">
        <ul className="layer-tree" role="tree" aria-label={t('insp.layers')} onKeyDown={onTreeKey}>
          {layers.map((l) => renderLayer(l, 0))}
        </ul>
        <div className="hex" role="group" aria-label={t('insp.bytesGroup')}>
          {hexRowsOf(bytes).map((r) => (
            <div key={r.offset} className="hex-row">
              <span className="hex-off">{r.offset.toString(16).padStart(4, '0')}</span>
              <span className="hex-bytes">
                {r.bytes.map((b, i) => {
                  const off = r.offset + i;
                  const hl = selected && off >= selected.offset && off < selected.offset + selected.length;
                  return (
                    <span
                      key={i}
                      className={`byte${hl ? ' hl' : ''}`}
                      data-off={off}
                      onClick={() => {
                        const f = fieldAt(layers, off);
                        if (f) setSel(fieldKey(f));
                      }}
                    >
                      {b.toString(16).padStart(2, '0')}
                    </span>
                  );
                })}
              </span>
              <span className="hex-ascii" aria-hidden="true">
                {r.bytes.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('')}
              </span>
            </div>
          ))}
        </div>
      </div>
      <p className="hint" aria-live="polite">
        {selected ? t('insp.selected', { name: selected.name, value: selected.value, from: selected.offset, to: selected.offset + selected.length - 1, len: selected.length }) : t('insp.hint')}
      </p>
    </div>
  );
}

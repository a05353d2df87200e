// Small accessible controls: a radio group (native radios, arrow keys move between them) styled as a
// segmented button row.
import { useId, type ReactNode } from 'react';

export function RadioGroup<T extends string | number>(props: {
  label: string;
  value: T;
  options: readonly { value: T; label: ReactNode; title?: string; disabled?: boolean }[];
  onChange(v: T): void;
  disabled?: boolean;
}) {
  const name = useId();
  return (
    <div role="radiogroup" aria-label={props.label} className="seg">
      {props.options.map((o) => (
        <label key={String(o.value)} className={o.value === props.value ? 'on' : ''} title={o.title}>
          <input
            type="radio"
            name={name}
            value={String(o.value)}
            checked={o.value === props.value}
            disabled={props.disabled || o.disabled}
            onChange={() => props.onChange(o.value)}
          />
          <span>{o.label}</span>
        </label>
      ))}
    </div>
  );
}

export function Field(props: { label: string; children: ReactNode; hint?: ReactNode }) {
  return (
    <div className="field">
      <div className="field-label">{props.label}</div>
      {props.children}
      {props.hint && <div className="hint">{props.hint}</div>}
    </div>
  );
}

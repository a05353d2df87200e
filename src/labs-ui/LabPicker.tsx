// The lab picker: a button that opens a list of the labs by title. A list, not a <select>: a closed
// <select> changes its value on the arrow keys, so a presenter's → on a focused picker loaded another lab.
// Here only Enter, Space or a click choose; ↑/↓/Home/End move; Escape closes; ←/→ do nothing.
import { useEffect, useId, useRef, useState } from 'react';
import { pick, type Lang } from '../i18n';
import { useLang, useT } from '../i18n/react';
import type { I18n } from '../core/labs';
import { LAB_NAMES, labTitles } from './bundle';

export function LabPicker({ current, onPick, openRequest }: { current: string; onPick(name: string): void; openRequest: number }) {
  const t = useT();
  const [lang] = useLang();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [titles, setTitles] = useState<Record<string, I18n>>({});
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const id = useId();

  useEffect(() => {
    let alive = true;
    void labTitles().then((x) => alive && setTitles(x));
    return () => {
      alive = false;
    };
  }, []);

  const show = () => {
    setActive(Math.max(0, LAB_NAMES.indexOf(current)));
    setOpen(true);
  };
  // the `L` shortcut (Shell) asks for the list
  useEffect(() => {
    if (openRequest > 0) show();
  }, [openRequest]);
  useEffect(() => {
    if (open) list.current?.focus();
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };
  const choose = (name: string) => {
    close(true);
    if (name !== current) onPick(name);
  };
  const title = (n: string) => titleOf(titles, n, lang);

  return (
    <div className="labs-pick">
      <span className="labs-pick-label" id={`${id}-label`}>
        {t('labs.pick')}
      </span>
      <button
        ref={button}
        type="button"
        className="labs-pick-button"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-labelledby={`${id}-label ${id}-value`}
        aria-keyshortcuts="L"
        onClick={() => (open ? close(false) : show())}
      >
        <span id={`${id}-value`}>{current ? title(current) : t('labs.pickNone')}</span> <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <ul
          ref={list}
          role="listbox"
          className="labs-pick-list"
          aria-label={t('labs.pick')}
          tabIndex={-1}
          aria-activedescendant={`${id}-${active}`}
          onBlur={(e) => {
            if (!e.currentTarget.parentElement?.contains(e.relatedTarget as Node)) close(false);
          }}
          onKeyDown={(e) => {
            const last = LAB_NAMES.length - 1;
            const moves: Record<string, number> = { ArrowDown: Math.min(last, active + 1), ArrowUp: Math.max(0, active - 1), Home: 0, End: last, PageDown: Math.min(last, active + 5), PageUp: Math.max(0, active - 5) };
            if (e.key in moves) setActive(moves[e.key]);
            else if (e.key === 'Enter' || e.key === ' ') choose(LAB_NAMES[active]);
            else if (e.key === 'Escape') close(true);
            else if (e.key === 'Tab') close(false);
            else if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
            // ←/→ are swallowed here: they never change the lab, and do not step it behind an open list
            if (e.key !== 'Tab') e.preventDefault();
            e.stopPropagation();
          }}
        >
          {LAB_NAMES.map((n, i) => (
            <li
              key={n}
              id={`${id}-${i}`}
              role="option"
              aria-selected={n === current}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(i)}
              onClick={() => choose(n)}
            >
              {title(n)} <span className="labs-pick-id">{n}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function titleOf(titles: Record<string, I18n>, name: string, lang: Lang): string {
  return titles[name] ? pick(titles[name], lang) : name;
}

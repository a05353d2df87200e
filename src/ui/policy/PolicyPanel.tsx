// The policy panel (lazy chunk): the lab's policies and tiers, added / edited / removed as YAML through the
// core's parser and validation (src/ui/policy/policyYaml.ts); seed 002's policies as one-click examples; the
// reachability matrix; and the chains Felix would program for a pod. Every change is a store edit (undo/redo).
import { useState } from 'react';
import { useLab, useLabStore } from '../LabContext';
import { RadioGroup } from '../controls';
import { policyRuntime } from '../../core/policy/cluster';
import { presetText } from '../../store/presets';
import { applyPoliciesEdit, listPolicies, parsePolicyText, policyYaml, removePolicyEdit, type PolicyProblem } from './policyYaml';
import { EXAMPLES, EXAMPLE_PRESET } from './examples';
import { MatrixGrid } from './Matrix';
import { FelixView } from './FelixView';
import { useT } from '../../i18n/react';
import './policy.css';

type View = 'policies' | 'matrix' | 'felix';

const TEMPLATE = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: my-policy
  namespace: default
spec:
  podSelector: {}
  policyTypes: ["Ingress"]
  ingress:
  - from:
    - podSelector: {}
`;

interface Draft {
  text: string;
  /** the key being edited (undefined: a new policy) */
  key?: string;
  problems: PolicyProblem[];
}

function Editor(props: { draft: Draft; onChange(d: Draft): void; onDone(): void }) {
  const store = useLabStore();
  const d = props.draft;
  const t = useT();
  const apply = () => {
    const s = store.getState();
    const parsed = parsePolicyText(s.scenario, d.text);
    if (parsed.problems.length) return props.onChange({ ...d, problems: parsed.problems });
    const label = d.key ? `edit ${parsed.keys.join(', ')}` : `apply ${parsed.keys.join(', ')}`;
    if (s.apply(applyPoliciesEdit(parsed, label, d.key))) props.onDone();
  };
  return (
    <div className="policy-editor">
      <label className="field-label" htmlFor="policy-yaml">
        {d.key ? t('policy.editTitle', { key: d.key }) : t('policy.newTitle')} {t('policy.yamlHint')}
      </label>
      <textarea
        id="policy-yaml"
        aria-label={t('policy.yaml')}
        spellCheck={false}
        value={d.text}
        rows={Math.min(18, Math.max(8, d.text.split('\n').length + 1))}
        onChange={(e) => props.onChange({ ...d, text: e.target.value })}
        aria-invalid={d.problems.length > 0}
        aria-describedby={d.problems.length ? 'policy-problems' : undefined}
      />
      {d.problems.length > 0 && (
        <ul id="policy-problems" role="alert" aria-label={t('policy.errors')} className="problems">
          {d.problems.map((p, i) => (
            <li key={i}>
              {p.line > 0 ? t('policy.line', { n: p.line }) : t('policy.policy')}
              {p.path ? ` ${p.path}` : ''}: {p.code} {p.message}
            </li>
          ))}
          <li className="hint">{t('policy.nothingApplied')}</li>
        </ul>
      )}
      <div className="row">
        <button type="button" className="primary" onClick={apply}>
          {t('policy.apply')}
        </button>
        <button type="button" onClick={props.onDone}>
          {t('policy.cancel')}
        </button>
      </div>
    </div>
  );
}

function Examples() {
  const store = useLabStore();
  const presetName = useLab((s) => s.presetName);
  const [pick, setPick] = useState(EXAMPLES[0]?.name ?? '');
  const [busy, setBusy] = useState(false);
  const t = useT();
  const run = async () => {
    const ex = EXAMPLES.find((e) => e.name === pick);
    if (!ex) return;
    setBusy(true);
    try {
      const [text, base] = await Promise.all([ex.load(), store.getState().presetName === EXAMPLE_PRESET ? Promise.resolve('') : presetText(EXAMPLE_PRESET)]);
      if (base && !store.getState().loadText(base, `presets/${EXAMPLE_PRESET}.yaml`, EXAMPLE_PRESET)) return;
      const s = store.getState();
      const parsed = parsePolicyText(s.scenario, text);
      if (parsed.problems.length) return s.setError(`${ex.name}: ${parsed.problems.map((p) => `${t('policy.line', { n: p.line })} ${p.path}: ${p.code} ${p.message}`).join('; ')}`);
      s.apply(applyPoliciesEdit(parsed, `apply ${ex.name}`));
    } catch (e) {
      store.getState().setError(t('policy.exampleError', { name: pick, error: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="row examples">
      <label>
        {t('policy.example')}{' '}
        <select aria-label={t('policy.example')} value={pick} onChange={(e) => setPick(e.target.value)}>
          {EXAMPLES.map((e) => (
            <option key={e.name} value={e.name}>
              {e.name.replace(/^seed002-/, '')}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => void run()} disabled={busy || !pick} title={presetName === EXAMPLE_PRESET ? t('policy.exampleAddTitle') : t('policy.exampleLoadTitle', { preset: EXAMPLE_PRESET })}>
        {t('policy.applyExample')}
      </button>
      {presetName !== EXAMPLE_PRESET && <span className="hint">{t('policy.loadsFirst', { preset: EXAMPLE_PRESET })}</span>}
    </div>
  );
}

function PolicyList(props: { onEdit(d: Draft): void }) {
  const store = useLabStore();
  const scenario = useLab((s) => s.scenario);
  const state = useLab((s) => s.state);
  const items = listPolicies(scenario);
  const diags = policyRuntime(state).compiled.diagnostics;
  const t = useT();
  return (
    <>
      {items.length === 0 ? (
        <p className="empty">{t('policy.empty')}</p>
      ) : (
        <ul className="policy-list" aria-label={t('policy.list')}>
          {items.map((p) => {
            const d = diags.filter((x) => x.resource === p.key || x.resource.endsWith(`/${p.namespace ? p.namespace + '/' : ''}${p.name}`));
            return (
              <li key={p.key}>
                <span className="kind">{p.kind}</span> <b>{p.namespace ? `${p.namespace}/` : ''}{p.name}</b>
                {d.map((x, i) => (
                  <span key={i} className={`diag ${x.severity}`}>
                    {' '}
                    {x.severity}: {x.path} {x.message}
                  </span>
                ))}
                <span className="actions">
                  <button type="button" aria-label={t('policy.editTitle', { key: p.key })} onClick={() => props.onEdit({ key: p.key, text: policyYaml(scenario, p.key), problems: [] })}>
                    {t('policy.edit')}
                  </button>
                  <button type="button" aria-label={t('policy.removeAria', { key: p.key })} onClick={() => store.getState().apply(removePolicyEdit(p.key, `remove ${p.key}`))}>
                    {t('policy.remove')}
                  </button>
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}

export default function PolicyPanel() {
  const state = useLab((s) => s.state);
  const [view, setView] = useState<View>('policies');
  const [draft, setDraft] = useState<Draft | undefined>();
  const rt = policyRuntime(state);
  const t = useT();
  return (
    <div className="policy-panel" aria-label={t('policy.region')}>
      <div className="row">
        <RadioGroup<View>
          label={t('policy.view')}
          value={view}
          options={[
            { value: 'policies', label: t('policy.viewPolicies') },
            { value: 'matrix', label: t('policy.viewMatrix') },
            { value: 'felix', label: t('policy.viewFelix') },
          ]}
          onChange={setView}
        />
        {!rt.compiled.enforced && (
          <p className="note" role="note">
            {t('policy.flannelNote')}
          </p>
        )}
      </div>
      {view === 'policies' && (
        <div className="policy-main">
          <div>
            <Examples />
            <PolicyList onEdit={(d) => setDraft(d)} />
            {!draft && (
              <button type="button" onClick={() => setDraft({ text: TEMPLATE, problems: [] })}>
                {t('policy.add')}
              </button>
            )}
          </div>
          {draft && <Editor draft={draft} onChange={setDraft} onDone={() => setDraft(undefined)} />}
        </div>
      )}
      {view === 'matrix' && <MatrixGrid />}
      {view === 'felix' && <FelixView />}
    </div>
  );
}

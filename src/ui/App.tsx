import { useLab } from './LabContext';
import { RoutePanel } from './RoutePanel';
import { PRESET_NAMES, presetText } from '../app/presets';
import { useContext } from 'react';
import { LabContext } from './LabContext';

export function App() {
  const store = useContext(LabContext)!;
  const presetName = useLab((s) => s.presetName);
  const lab = useLab((s) => s.lab);
  const errors = useLab((s) => s.errors);
  const state = lab.state;
  const pick = async (name: string) => {
    const text = await presetText(name);
    store.getState().loadText(text, `presets/${name}.yaml`, name);
  };
  return (
    <div className="app">
      <header className="topbar">
        <h1>CNI Lab</h1>
        <label>
          Lab{' '}
          <select aria-label="Preset lab" value={presetName} onChange={(e) => void pick(e.target.value)}>
            {PRESET_NAMES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        {state && (
          <span className="summary" aria-live="polite">
            {lab.scenario!.cluster.cni} · {state.nodes.length} nodes · {state.pods.length} pods
          </span>
        )}
      </header>
      {errors.length > 0 && (
        <div role="alert" className="errors">
          {errors.map((e, i) => (
            <pre key={i}>{e}</pre>
          ))}
        </div>
      )}
      <main className="panels">
        {state?.nodes.map((n) => <RoutePanel key={n.name} ns={state.netns[n.ns]} />)}
      </main>
    </div>
  );
}

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { LabContext } from './ui/LabContext';
import { createLabStore } from './store/labStore';
import { DEFAULT_PRESET, defaultPresetText } from './app/presets';
import './ui/app.css';

const store = createLabStore({ text: defaultPresetText(), fileName: `presets/${DEFAULT_PRESET}.yaml`, presetName: DEFAULT_PRESET });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LabContext.Provider value={store}>
      <App />
    </LabContext.Provider>
  </StrictMode>,
);

// Kept so existing imports keep working: the loader lives in core/session (load.ts).
export { loadLab, rebuild, type Loaded as LabLoad } from './session/load';

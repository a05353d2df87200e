// core/labs: guided labs — the lab file format (labs/README.md), the engine that plays a lab step by step
// on a scenario, and the declarative checks it evaluates. Shared by the CLI (`cli lab`) and the app.
export * from './types';
export { loadLabFile, type LabLoad } from './format';
export { startLab, applyStep, checkStep, checkState, playSolution, solutionNode, showStep, replayLab, type PresetSource, type StepReport, type LabReplay } from './engine';
export { stepTraffic, stepPacket, type StepPacket } from './stepWalk';
export { evaluateCheck, walkPath, tracerouteHops, runLabCommand, type LabCommandResult } from './checks';
export { joinManifests, readManifests, identity, groupOf } from '../session/manifests';
export { parseFieldPath, writePath } from '../session/paths';

export { registerEngineKernels, engineKernelsRegistered } from './register';
export { planProduct, turnAround } from './batch-mat-mul';
export { collapseTranspose } from './transpose';
export { reductionRuns } from './sum';
export {
  checkWasmThreads,
  initWasmBackend,
  MAX_WASM_THREADS,
  wasmBackendInitialised,
  wasmThreadsCount,
} from './wasm-threads';
export { adamUpdate, hasAdamUpdate, registerCpuAdamUpdate, ADAM_UPDATE } from './adam-update';
export type { AdamUpdateAttrs } from './adam-update';
export { layerNormOp, registerLayerNorm } from './layer-norm';

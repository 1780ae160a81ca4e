/** The public engine API: everything the jobs, CLI and benchmarks use. No Electron, no SQLite. */
export { tf } from './tf';
export { InvalidConfigError } from './config-error';
export * from './backend';
export * from './audio';
export * from './features';
export * from './data';
export * from './text';
export * from './loss';
export * from './score';
export * from './model';
export * from './decode';
export * from './train';
export * from './prune';
export * from './pathways';
export * from './kernels';
export * from './io/safetensors';
export { encodeWav16 } from './audio/wav';

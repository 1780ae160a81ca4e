/**
 * Child process of wasm-threads.test.ts: initialises the wasm backend with the thread count given as
 * argv[2], runs `threadedComputation` with the engine kernels, and prints one JSON line
 * { threads, outputs } (outputs as plain arrays).
 */
import { tf } from '../../../src/engine/tf';
import { initWasmBackend, registerEngineKernels, wasmThreadsCount } from '../../../src/engine/kernels';
import { threadedComputation } from './threaded-computation';

registerEngineKernels();
if (!(await initWasmBackend(Number(process.argv[2])))) throw new Error('wasm backend did not initialise');
const outputs = tf.tidy(threadedComputation);
const values = outputs.map((output) => Array.from(output.dataSync()));
console.log(JSON.stringify({ threads: wasmThreadsCount(), backend: tf.getBackend(), outputs: values }));

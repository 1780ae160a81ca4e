/**
 * Multi-threaded tfjs wasm backend under Node. tfjs-backend-wasm 4.22 ships a threaded SIMD build
 * (XNNPACK on a pthread pool of 8 pre-started workers) but never uses it in Node, for three reasons
 * this module works around while the backend initialises, and undoes afterwards:
 * 1. the flag WASM_HAS_MULTITHREAD_SUPPORT is false whenever IS_NODE — it is set to true;
 * 2. the pthread workers are created from a blob: URL that Node's Worker cannot load, and are told to
 *    import the module glue from a Blob — a global `Worker` class runs the package's worker script
 *    with `eval: true` instead and points it at the package's threaded glue file;
 * 3. the C side caps the pool at os.cpus().length / 2 (it assumes two hyper-threads per core, so a
 *    2-core machine gets one thread) — os.cpus() reports 2 × threads entries during initialisation.
 * The workers are unreferenced afterwards so that they never keep the process alive.
 * One thread selects the plain SIMD build (no workers at all).
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import { type TransferListItem, Worker, type WorkerOptions } from 'node:worker_threads';
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../tf';
import { unpackedPath } from '../io/asar-path';

/** The threaded build pre-starts this many workers; the C side never uses more. */
export const MAX_WASM_THREADS = 8;

const THREADED = '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd';

interface PthreadScripts {
  /** Source of the pthread worker (the package keeps it as a string export). */
  worker: string;
  /** Path of the Emscripten glue each worker reads (from app.asar.unpacked in a packaged app). */
  glue: string;
}

function pthreadScripts(): PthreadScripts {
  const require = createRequire(import.meta.url);
  const { wasmWorkerContents } = require(`${THREADED}.worker.js`) as { wasmWorkerContents: string };
  // The string came from a template literal: its "\n" escapes are real newlines now (tfjs escapes
  // them again before making its Blob, for the same reason).
  return {
    worker: wasmWorkerContents.replace(/\n/g, '\\n'),
    glue: unpackedPath(require.resolve(`${THREADED}.js`)),
  };
}

const isLoadMessage = (value: unknown): value is { cmd: 'load' } =>
  typeof value === 'object' && value !== null && (value as { cmd?: unknown }).cmd === 'load';

function pthreadWorkerClass(scripts: PthreadScripts, created: Worker[]): typeof Worker {
  return class PthreadWorker extends Worker {
    constructor(filename: string | URL, options?: WorkerOptions) {
      const fromBlob = String(filename).startsWith('blob:');
      super(fromBlob ? scripts.worker : filename, fromBlob ? { ...options, eval: true } : options);
      created.push(this);
    }

    override postMessage(value: unknown, transferList?: readonly TransferListItem[]): void {
      super.postMessage(isLoadMessage(value) ? { ...value, urlOrBlob: scripts.glue } : value, transferList);
    }
  };
}

/** Whether the tfjs wasm backend has been initialised in this process (its thread count is then fixed). */
export function wasmBackendInitialised(): boolean {
  return tf.engine().registry.wasm !== undefined;
}

/** Threads of the initialised wasm backend's XNNPACK pool (1 for the single-threaded build). */
export function wasmThreadsCount(): number {
  return getThreadsCount();
}

/** `threads` when it is a valid thread count for the wasm backend (1 to MAX_WASM_THREADS); throws otherwise. */
export function checkWasmThreads(threads: number): number {
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_WASM_THREADS) {
    throw new Error(`wasm threads must be an integer from 1 to ${MAX_WASM_THREADS}, got ${threads}`);
  }
  return threads;
}

/**
 * Initialise the wasm backend (`tf.setBackend('wasm')` and `tf.ready()`) with `threads` XNNPACK
 * threads. When it was initialised before, this only selects it: the thread count cannot change
 * then (read it with wasmThreadsCount). Resolves to whether `tf.setBackend` succeeded.
 */
export async function initWasmBackend(threads: number): Promise<boolean> {
  checkWasmThreads(threads);
  if (wasmBackendInitialised()) return tf.setBackend('wasm');
  const threaded = threads > 1;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', threaded);
  setThreadsCount(threads);
  if (!threaded) return tf.setBackend('wasm');
  const workers: Worker[] = [];
  const workerClass = pthreadWorkerClass(pthreadScripts(), workers);
  const cpus = os.cpus;
  const previousWorker = Object.getOwnPropertyDescriptor(globalThis, 'Worker');
  // The Emscripten glue assigns `globalThis.Worker = worker_threads.Worker` and then starts its
  // workers with `new Worker(...)` in the same call: the setter keeps that assignment out.
  Object.defineProperty(globalThis, 'Worker', {
    configurable: true,
    get: () => workerClass,
    set: () => undefined,
  });
  const oneCpu = cpus()[0];
  os.cpus = () => Array.from({ length: 2 * threads }, () => oneCpu);
  try {
    const ok = await tf.setBackend('wasm');
    if (ok) await tf.ready();
    // Emscripten keeps a worker referenced while its pthread runs, and the pool's threads never
    // end: without this the process could not exit by itself.
    for (const worker of workers) worker.unref();
    return ok;
  } finally {
    os.cpus = cpus;
    if (previousWorker) Object.defineProperty(globalThis, 'Worker', previousWorker);
    else Reflect.deleteProperty(globalThis, 'Worker');
  }
}

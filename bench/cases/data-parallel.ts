/**
 * Data-parallel training of the reference transformer over two worker threads: each computes the
 * gradient of half the batch, the main thread averages them, each replica applies the average with
 * its own Adam. Compared with one thread doing the whole batch: speed-up, and exactness of the
 * averaged gradient against the single-thread gradient.
 */
import { Worker } from 'node:worker_threads';
import { type BenchBackend, useBackend } from '../backends';
import type { FromWorker, ToWorker, WorkerSetup } from '../data-parallel/messages';
import { median, timeSteps } from '../measure';
import type { BenchResult } from '../protocol';
import {
  createReferenceModel,
  REFERENCE,
  referenceBatch,
  referenceGradients,
  referenceOptimizer,
  referenceStep,
} from '../reference-transformer';

class Replica {
  private readonly worker: Worker;
  private readonly pending: ((message: FromWorker) => void)[] = [];

  constructor(setup: WorkerSetup) {
    this.worker = new Worker(new URL('../data-parallel/worker-entry.mjs', import.meta.url), {
      workerData: setup,
    });
    this.worker.on('message', (message: FromWorker) => this.pending.shift()?.(message));
    this.worker.on('error', (error) => this.pending.shift()?.({ type: 'error', message: String(error) }));
  }

  /** The next message from the worker (after sending `message`, when given). */
  next(message?: ToWorker): Promise<FromWorker> {
    const reply = new Promise<FromWorker>((resolve) => this.pending.push(resolve));
    if (message) this.worker.postMessage(message);
    return reply.then((m) => {
      if (m.type === 'error') throw new Error(`data-parallel worker failed: ${m.message}`);
      return m;
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

function average(parts: Float32Array[][]): Float32Array[] {
  return parts[0].map((first, i) => {
    const sum = new Float32Array(first.length);
    for (const part of parts) for (let j = 0; j < sum.length; j++) sum[j] += part[i][j];
    for (let j = 0; j < sum.length; j++) sum[j] /= parts.length;
    return sum;
  });
}

function maxAbsDiff(x: Float32Array[], y: Float32Array[]): { abs: number; rel: number } {
  let abs = 0;
  let scale = 0;
  x.forEach((a, i) => {
    for (let j = 0; j < a.length; j++) {
      abs = Math.max(abs, Math.abs(a[j] - y[i][j]));
      scale = Math.max(scale, Math.abs(y[i][j]));
    }
  });
  return { abs, rel: abs / scale };
}

export async function benchDataParallel(
  name: string,
  backend: BenchBackend,
  quick: boolean,
): Promise<BenchResult> {
  await useBackend(backend);
  const steps = quick ? 4 : 10;
  const model = createReferenceModel();
  const batch = referenceBatch();
  const singleGradients = referenceGradients(model, batch);
  const optimizer = referenceOptimizer(model);
  const single = await timeSteps(() => referenceStep(model, optimizer, batch), 2, steps);

  const half = REFERENCE.batch / 2;
  const replicas = [
    new Replica({ backend, from: 0, to: half }),
    new Replica({ backend, from: half, to: REFERENCE.batch }),
  ];
  try {
    await Promise.all(replicas.map((r) => r.next()));
    const gradientMs: number[] = [];
    let firstAverage: Float32Array[] | null = null;
    const parallelStep = async (): Promise<void> => {
      const replies = await Promise.all(replicas.map((r) => r.next({ type: 'gradients' })));
      const parts = replies.map((m) => (m.type === 'gradients' ? m.gradients : []));
      replies.forEach((m) => m.type === 'gradients' && gradientMs.push(m.ms));
      const averaged = average(parts);
      firstAverage ??= averaged.map((g) => g.slice());
      await Promise.all(
        replicas.map((r) => r.next({ type: 'apply', gradients: averaged.map((g) => g.slice()) })),
      );
    };
    const parallel = await timeSteps(parallelStep, 2, steps);
    const diff = maxAbsDiff(firstAverage ?? [], singleGradients);
    const speedUp = single.msPerStep / parallel.msPerStep;
    return {
      name,
      status: 'ok',
      primary: { metric: 'speedUp', value: speedUp, unit: '× (2 threads vs 1)' },
      metrics: {
        singleMsPerStep: single.msPerStep,
        parallelMsPerStep: parallel.msPerStep,
        speedUp,
        workerGradientMs: median(gradientMs),
        maxAbsGradientDiff: diff.abs,
        maxRelGradientDiff: diff.rel,
      },
      details: { backend, threads: 2, samplesSingle: single.samples, samplesParallel: parallel.samples },
    };
  } finally {
    await Promise.all(replicas.map((r) => r.terminate()));
  }
}

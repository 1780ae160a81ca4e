/** Training step of the reference transformer (bench/reference-transformer.ts) on one backend. */
import { type BenchBackend, useBackend } from '../backends';
import { timeSteps } from '../measure';
import type { BenchResult } from '../protocol';
import {
  createReferenceModel,
  parameterCount,
  REFERENCE,
  referenceBatch,
  referenceOptimizer,
  referenceStep,
} from '../reference-transformer';

const STEPS: Record<BenchBackend, { warmup: number; steps: number; quick: number }> = {
  cpu: { warmup: 1, steps: 3, quick: 1 },
  wasm: { warmup: 1, steps: 5, quick: 2 },
  'wasm-kernels': { warmup: 3, steps: 15, quick: 5 },
};

export async function benchTransformer(
  name: string,
  backend: BenchBackend,
  quick: boolean,
  threads?: number,
): Promise<BenchResult> {
  const used = await useBackend(backend, threads);
  const model = createReferenceModel();
  const optimizer = referenceOptimizer(model);
  const batch = referenceBatch();
  const losses: number[] = [];
  const plan = STEPS[backend];
  const timing = await timeSteps(
    () => losses.push(referenceStep(model, optimizer, batch)),
    plan.warmup,
    quick ? plan.quick : plan.steps,
  );
  return {
    name,
    status: 'ok',
    primary: { metric: 'msPerStep', value: timing.msPerStep, unit: 'ms/step' },
    metrics: {
      msPerStep: timing.msPerStep,
      cpuMsPerStep: timing.cpuMsPerStep,
      params: parameterCount(model),
    },
    details: {
      backend,
      threads: used,
      shape: REFERENCE,
      samples: timing.samples,
      firstLoss: losses[0],
      lastLoss: losses[losses.length - 1],
    },
  };
}

import { ApiError } from '../../shared/api';
import { CountPayloadSchema } from './count-schema';
import { DemoCorpusPayloadSchema } from './demo-corpus-schema';
import { EvalPayloadSchema } from './eval-schema';
import { ImportPayloadSchema } from './import-schema';
import { defineKind, type JobKind } from './kind';
import { PathwaysPayloadSchema } from './pathways-schema';
import { plannedPruneSteps, PrunePayloadSchema } from './prune-schema';
import { stepsOf } from '../recipes/training-options';
import { TrainPayloadSchema } from './train-schema';

/** Job kinds every installation runs. */
const PRODUCT_KINDS: JobKind[] = [
  defineKind({
    kind: 'import',
    description: 'Import a corpus folder or manifest into the store',
    payloadSchema: ImportPayloadSchema,
    load: async () => (await import('./import')).runImport,
  }),
  defineKind({
    kind: 'demo-corpus',
    description: 'Build the synthetic 4-language demo corpus and import it',
    payloadSchema: DemoCorpusPayloadSchema,
    load: async () => (await import('./demo-corpus')).runDemoCorpus,
  }),
  defineKind({
    kind: 'train',
    description: "Train a dense multilingual RNN-T (Dense, Dense small) on the run's train split",
    payloadSchema: TrainPayloadSchema,
    plannedSteps: stepsOf,
    load: async () => (await import('./train')).runTrain,
  }),
  defineKind({
    kind: 'eval',
    description:
      "Evaluate a run's final model on its test split (WER/CER per language, hypotheses, token timings)",
    payloadSchema: EvalPayloadSchema,
    load: async () => (await import('./eval')).runEval,
  }),
  defineKind({
    kind: 'prune',
    description: 'Prune a dense run: LAP (one mask for all languages) or LSP for one language (IMP, LTH)',
    payloadSchema: PrunePayloadSchema,
    plannedSteps: plannedPruneSteps,
    load: async () => (await import('./prune')).runPrune,
  }),
  defineKind({
    kind: 'pathways',
    description:
      'Train ASR pathways (one mask per language over shared weights): fixed from LSP runs, or random',
    payloadSchema: PathwaysPayloadSchema,
    plannedSteps: stepsOf,
    load: async () => (await import('./pathways')).runPathways,
  }),
];

/** Test infrastructure, registered only when PATHWAYS_TEST_KINDS=1 (crash, cancel and dependency tests). */
const TEST_KINDS: JobKind[] = [
  defineKind({
    kind: 'count',
    description: 'Count steps with checkpoints (tests)',
    payloadSchema: CountPayloadSchema,
    plannedSteps: (p) => p.steps,
    load: async () => (await import('./count')).runCount,
  }),
];

export function jobKinds(env: NodeJS.ProcessEnv = process.env): JobKind[] {
  return env.PATHWAYS_TEST_KINDS === '1' ? [...PRODUCT_KINDS, ...TEST_KINDS] : PRODUCT_KINDS;
}

export function findKind(kind: string, env: NodeJS.ProcessEnv = process.env): JobKind {
  const found = jobKinds(env).find((k) => k.kind === kind);
  if (!found) {
    throw new ApiError(
      'invalid_request',
      `unknown job kind '${kind}' (known: ${jobKinds(env)
        .map((k) => k.kind)
        .join(', ')})`,
    );
  }
  return found;
}

/** Optimizer steps a job of this kind and payload will take in all; null for kinds without steps or a bad payload. */
export function plannedStepsOf(
  kind: string,
  payload: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
): number | null {
  const found = jobKinds(env).find((k) => k.kind === kind);
  const parsed = found?.plannedSteps && found.payloadSchema.safeParse(payload);
  return parsed && parsed.success ? found.plannedSteps!(parsed.data) : null;
}

/** Check a payload against its kind's schema; the error names each bad field. */
export function parsePayload(
  kind: string,
  payload: unknown,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, unknown> {
  const parsed = findKind(kind, env).payloadSchema.safeParse(payload);
  if (!parsed.success) {
    throw new ApiError(
      'invalid_request',
      `invalid ${kind} job payload`,
      parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(payload)', message: i.message })),
    );
  }
  return parsed.data as Record<string, unknown>;
}

export { JobPaused, type JobIo, type JobKind, type ProgressUpdate } from './kind';

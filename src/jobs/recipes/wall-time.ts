/** How fast this machine trains and decodes, measured just before a reproduction starts. */
export interface MeasuredSpeed {
  /** The backend the measurement (and the jobs) use, e.g. "wasm, 2 threads". */
  backend: string;
  /** Seconds of one training step of `batchFrames` frames. */
  stepSec: number;
  /** Seconds to decode one utterance of the corpus's mean length (greedy). */
  utteranceSec: number;
}

/** A system of a planned reproduction, as `runs.reproduce` describes it. */
export interface PlannedSystem {
  runsPerSeed: number;
  steps: number;
  perLanguage?: boolean;
  fromScratch?: boolean;
}

/** Dense training from scratch evaluates its dev set about every fifth of its steps; every other run once at its end. */
const DEV_EVALUATIONS_FROM_SCRATCH = 5;

/**
 * The work of a reproduction: every training step of every run of every seed, and every utterance decoded for it —
 * its dev evaluations while training and its test evaluation, on each language it trains (`dev` and `test`
 * utterances per language: the dev subset size and the evaluation cap, within the splits' sizes).
 */
export function plannedWork(
  systems: readonly PlannedSystem[],
  seeds: number,
  languages: number,
  perLanguage: { dev: number; test: number },
): { trainSteps: number; decodedUtterances: number } {
  let trainSteps = 0;
  let decodedUtterances = 0;
  for (const s of systems) {
    const runs = s.runsPerSeed * seeds;
    const langs = s.perLanguage ? 1 : languages;
    const devEvaluations = s.fromScratch ? DEV_EVALUATIONS_FROM_SCRATCH : 1;
    trainSteps += runs * s.steps;
    decodedUtterances += runs * langs * (devEvaluations * perLanguage.dev + perLanguage.test);
  }
  return { trainSteps, decodedUtterances };
}

/** Seconds the planned work takes at the measured speed, one job at a time. */
export function expectedSeconds(
  work: { trainSteps: number; decodedUtterances: number },
  speed: Pick<MeasuredSpeed, 'stepSec' | 'utteranceSec'>,
): number {
  return work.trainSteps * speed.stepSec + work.decodedUtterances * speed.utteranceSec;
}

/** "3 h 05 min", "12 min", "40 s". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

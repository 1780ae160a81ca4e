import type { ParamSource, RnntConfig } from '../../engine';
import type { JobIo } from '../kinds/kind';
import { decodeAndScore, ratesByLanguage, throughput } from './decode';
import type { UtteranceFeatures } from './features';
import type { RunFrontEnd } from './run-model';

/** Dev utterances per language: the first `perLanguage` of each language, in store order. */
export function devSubset(features: readonly UtteranceFeatures[], perLanguage: number): UtteranceFeatures[] {
  const taken = new Map<string, number>();
  return features.filter((f) => {
    const n = taken.get(f.utterance.language) ?? 0;
    taken.set(f.utterance.language, n + 1);
    return n < perLanguage;
  });
}

/**
 * Greedy dev WER/CER per language, stored as metrics `wer/<lang>` and `cer/<lang>` at `step`. `paramsFor` gives
 * the weights a language is decoded with (θ, or θ ⊙ m_l for a pathway). The job log gets the time it took.
 */
export function devMetrics(
  io: JobIo,
  step: number,
  model: { config: RnntConfig; paramsFor: (language: string) => ParamSource } & RunFrontEnd,
  dev: readonly UtteranceFeatures[],
): void {
  const values: Record<string, number> = {};
  const started = performance.now();
  for (const language of [...new Set(dev.map((f) => f.utterance.language))]) {
    const records = decodeAndScore(
      { ...model, params: model.paramsFor(language) },
      dev.filter((f) => f.utterance.language === language),
    );
    const rates = ratesByLanguage(records).get(language)!;
    values[`wer/${language}`] = rates.wer;
    values[`cer/${language}`] = rates.cer;
  }
  io.metrics(step, values);
  const seconds = (performance.now() - started) / 1000;
  if (dev.length > 0)
    io.log(`dev set at step ${step}: ${dev.length} utterances decoded in ${throughput(dev.length, seconds)}`);
}

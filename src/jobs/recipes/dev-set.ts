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
 * the weights a language is decoded with (θ, or θ ⊙ m_l for a pathway); `release`, when given, gets them back after
 * that language is decoded (to dispose the tensors paramsFor made: decoding is async, so no tf.tidy can hold them).
 * The job log gets the time it took.
 */
export async function devMetrics(
  io: JobIo,
  step: number,
  model: {
    config: RnntConfig;
    paramsFor: (language: string) => ParamSource;
    release?: (params: ParamSource) => void;
  } & RunFrontEnd,
  dev: readonly UtteranceFeatures[],
): Promise<void> {
  const values: Record<string, number> = {};
  const started = performance.now();
  for (const language of [...new Set(dev.map((f) => f.utterance.language))]) {
    const params = model.paramsFor(language);
    let records;
    try {
      records = await decodeAndScore(
        { ...model, params },
        dev.filter((f) => f.utterance.language === language),
      );
    } finally {
      model.release?.(params);
    }
    const rates = ratesByLanguage(records).get(language)!;
    values[`wer/${language}`] = rates.wer;
    values[`cer/${language}`] = rates.cer;
  }
  io.metrics(step, values);
  const seconds = (performance.now() - started) / 1000;
  if (dev.length > 0)
    io.log(`dev set at step ${step}: ${dev.length} utterances decoded in ${throughput(dev.length, seconds)}`);
}

/** Dispose the tensors of `masked` (applyMasks of `base`) that are not `base`'s own: the products θ ⊙ m_l. */
export function disposeMasked(masked: ParamSource, base: ParamSource): void {
  for (const [name, t] of masked) if (t !== base.get(name)) t.dispose();
}

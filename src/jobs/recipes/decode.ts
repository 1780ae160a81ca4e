import {
  aggregateByLanguage,
  cer,
  decodeBatch,
  errorRate,
  normalizeText,
  planDecodeBatches,
  tf,
  wer,
  WORD_START,
  ZERO_COUNTS,
  type CmvnStats,
  type ParamSource,
  type RnntConfig,
  type SearchOptions,
  type Tokenizer,
} from '../../engine';
import type { HypothesisRecord } from '../../store';
import type { UtteranceFeatures } from './features';

const FRAME_SHIFT_SECONDS = 0.01;

/**
 * Decode utterances with one parameter source (θ, or θ ⊙ m_l for a pathway) and score them; records in the order
 * of `features`. Utterances are decoded in batches of similar length, at most DECODE_BATCH_FRAMES padded feature
 * frames each (planDecodeBatches; greedy search steps a whole batch at once, see decodeBatch).
 */
export async function decodeAndScore(
  model: { config: RnntConfig; params: ParamSource; tokenizer: Tokenizer; cmvn: CmvnStats },
  features: readonly UtteranceFeatures[],
  search: SearchOptions = {},
): Promise<HypothesisRecord[]> {
  const { config, tokenizer, cmvn } = model;
  const records = new Array<HypothesisRecord>(features.length);
  const encoderFrameSeconds = config.subsampling * FRAME_SHIFT_SECONDS;
  for (const indices of planDecodeBatches(features.map((f) => f.frames))) {
    const group = indices.map((i) => features[i]);
    const frames = Math.max(...group.map((f) => f.frames));
    const padded = new Float32Array(group.length * frames * config.inputDim);
    group.forEach((f, b) => padded.set(cmvn.apply(f.data), b * frames * config.inputDim));
    const batch = tf.tensor3d(padded, [group.length, frames, config.inputDim]);
    let results;
    try {
      results = await decodeBatch(
        config,
        model.params,
        batch,
        group.map((f) => f.frames),
        { ...search, frameShiftSeconds: FRAME_SHIFT_SECONDS },
      );
    } finally {
      batch.dispose();
    }
    group.forEach((f, b) => {
      const { tokens, times } = results[b];
      const { language, transcript, id, durationSec } = f.utterance;
      const reference = normalizeText(transcript, language);
      const hypothesis = normalizeText(tokenizer.decode(tokens), language);
      const w = wer(reference, hypothesis);
      const c = cer(reference, hypothesis);
      records[indices[b]] = {
        utteranceKey: id,
        language,
        reference,
        hypothesis,
        wordErrors: w.errors,
        refWords: w.refLength,
        charErrors: c.errors,
        refChars: c.refLength,
        tokens: tokens.map((token, i) => ({
          text: tokenizer.vocab[token].replaceAll(WORD_START, ' '),
          startSec: times[i],
          endSec: Math.min(
            Math.max(times[i + 1] ?? 0, times[i] + encoderFrameSeconds),
            Math.max(durationSec, times[i]),
          ),
        })),
      };
    });
  }
  return records;
}

/** A decoding time and its rate, for job logs: "12.3 s (45.6 utterances/s)". */
export function throughput(utterances: number, seconds: number): string {
  return `${seconds.toFixed(1)} s (${(utterances / seconds).toFixed(1)} utterances/s)`;
}

/** Pooled WER and CER per language of scored hypotheses (fractions). */
export function ratesByLanguage(
  records: readonly HypothesisRecord[],
): Map<string, { wer: number; cer: number }> {
  const pooled = (errors: (r: HypothesisRecord) => number, length: (r: HypothesisRecord) => number) =>
    aggregateByLanguage(
      records.map((r) => ({
        lang: r.language,
        counts: { ...ZERO_COUNTS, errors: errors(r), refLength: length(r) },
      })),
    ).byLanguage;
  const words = pooled(
    (r) => r.wordErrors,
    (r) => r.refWords,
  );
  const chars = pooled(
    (r) => r.charErrors,
    (r) => r.refChars,
  );
  const out = new Map<string, { wer: number; cer: number }>();
  for (const [language, w] of words) {
    out.set(language, { wer: errorRate(w), cer: errorRate(chars.get(language)!) });
  }
  return out;
}

import { SeededRandom } from '../../../src/engine/model/random';
import type { TrainingExample } from '../../../src/engine/train/corpus';

/**
 * Synthetic utterances: every token has a fixed random 80-dim pattern held for `framesPerToken`
 * feature frames (plus noise), with short low-energy gaps, so the transcript is recoverable.
 */
export function syntheticCorpus(
  transcripts: number[][],
  seed = 11,
  framesPerToken = 12,
  dim = 80,
): TrainingExample[] {
  const rng = new SeededRandom(seed);
  const vocab = Math.max(...transcripts.flat()) + 1;
  const patterns = Array.from({ length: vocab }, () =>
    Float32Array.from({ length: dim }, () => rng.normal()),
  );
  return transcripts.map((tokens, u) => {
    const rows: Float32Array[] = [];
    const gap = (): void => {
      for (let i = 0; i < 4; i++) rows.push(Float32Array.from({ length: dim }, () => 0.1 * rng.normal()));
    };
    gap();
    for (const token of tokens) {
      for (let i = 0; i < framesPerToken; i++) rows.push(patterns[token].map((v) => v + 0.1 * rng.normal()));
      gap();
    }
    const features = new Float32Array(rows.length * dim);
    rows.forEach((r, i) => features.set(r, i * dim));
    return { id: `utt${u}`, features, frames: rows.length, tokens };
  });
}

export const TRANSCRIPTS = [
  [1, 2, 3],
  [4, 5, 1],
  [2, 4],
  [3, 5, 2, 1],
];

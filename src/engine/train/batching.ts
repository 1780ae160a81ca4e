import { deriveSeed, SeededRandom } from '../model/random';

export interface BatchPlanOptions {
  /** Most padded feature frames per batch (batch size × longest utterance). */
  maxFrames: number;
  seed: number;
  epoch: number;
}

/**
 * Batches by total padded frames with length bucketing: utterances sorted by length (equal lengths
 * in a seeded order) are packed greedily while batch size × longest ≤ maxFrames, then the batch
 * order is shuffled with a seed derived from (seed, epoch). An utterance longer than maxFrames gets
 * a batch of its own. Returns indices into `frames`.
 */
export function planBatches(frames: readonly number[], options: BatchPlanOptions): number[][] {
  if (!(options.maxFrames > 0)) throw new Error(`maxFrames must be positive, got ${options.maxFrames}`);
  const rng = new SeededRandom(deriveSeed(options.seed, `epoch:${options.epoch}`));
  const tiebreak = frames.map(() => rng.next());
  const order = frames.map((_, i) => i).sort((a, b) => frames[a] - frames[b] || tiebreak[a] - tiebreak[b]);
  const batches: number[][] = [];
  let current: number[] = [];
  for (const index of order) {
    const longest = frames[index];
    if (current.length > 0 && (current.length + 1) * longest > options.maxFrames) {
      batches.push(current);
      current = [];
    }
    current.push(index);
  }
  if (current.length > 0) batches.push(current);
  return rng.shuffle(batches);
}

/**
 * Padded feature frames per decoding batch (batch size × longest utterance), by default: training's default
 * `batchFrames`. Decoding keeps no activations for a backward pass, so a batch that trains fits.
 */
export const DECODE_BATCH_FRAMES = 6000;

/**
 * Groups of utterance indices to decode together, for the least padding: utterances sorted by length (ties in
 * their given order) are packed while group size × longest ≤ `batchFrames`, the packing of training's
 * `planBatches` without its shuffle. An utterance longer than `batchFrames` is a group of its own.
 */
export function planDecodeBatches(frames: readonly number[], batchFrames = DECODE_BATCH_FRAMES): number[][] {
  if (!(batchFrames > 0)) throw new Error(`batchFrames must be positive, got ${batchFrames}`);
  const order = frames.map((_, i) => i).sort((a, b) => frames[a] - frames[b] || a - b);
  const groups: number[][] = [];
  let current: number[] = [];
  for (const index of order) {
    if (current.length > 0 && (current.length + 1) * frames[index] > batchFrames) {
      groups.push(current);
      current = [];
    }
    current.push(index);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

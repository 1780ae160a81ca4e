import { DECODE_BATCH_FRAMES, planDecodeBatches } from '../../../src/engine/decode/decode-batches';
import { SeededRandom } from '../../../src/engine/model/random';

describe('planDecodeBatches', () => {
  it('packs length-sorted utterances under the frame budget, each utterance once', () => {
    const rng = new SeededRandom(5);
    const frames = Array.from({ length: 200 }, () => 20 + Math.floor(rng.next() * 1500));
    for (const budget of [1, 1500, 6000, DECODE_BATCH_FRAMES * 4]) {
      const groups = planDecodeBatches(frames, budget);
      expect(groups.flat().sort((a, b) => a - b)).toEqual(frames.map((_, i) => i));
      let previousLongest = 0;
      for (const group of groups) {
        const lengths = group.map((i) => frames[i]);
        const longest = Math.max(...lengths);
        if (group.length > 1) expect(group.length * longest).toBeLessThanOrEqual(budget);
        // sorted: a group starts no shorter than the previous one ended
        expect(Math.min(...lengths)).toBeGreaterThanOrEqual(previousLongest);
        previousLongest = longest;
      }
      // greedy packing: the next group's first utterance would not have fitted in this one
      groups.slice(0, -1).forEach((group, g) => {
        const next = frames[groups[g + 1][0]];
        expect((group.length + 1) * next).toBeGreaterThan(budget);
      });
    }
    expect(planDecodeBatches(frames, 1)).toHaveLength(frames.length);
  });

  it('keeps equal lengths in their given order and rejects a budget that is not positive', () => {
    expect(planDecodeBatches([30, 10, 30, 10], 60)).toEqual([
      [1, 3],
      [0, 2],
    ]);
    expect(planDecodeBatches([], 60)).toEqual([]);
    expect(() => planDecodeBatches([10], 0)).toThrow(/batchFrames must be positive/);
  });
});

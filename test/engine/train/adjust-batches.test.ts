import { adjustBatches } from '../../../src/engine/train/adjust-batches';
import { tf } from '../../../src/engine/tf';
import { useTestBackend } from '../../helpers/backend';
import { syntheticCorpus, TRANSCRIPTS } from './synthetic';

beforeAll(async () => useTestBackend());

describe('adjust-phase batches', () => {
  const examples = syntheticCorpus([...TRANSCRIPTS, ...TRANSCRIPTS, ...TRANSCRIPTS]);
  const byLanguage = new Map([['en', examples]]);
  const dims = { inputDim: 80, vocabSize: 6 };
  /** The batch sizes and first frames drawn by a source at the steps given, one batch per step, then freed. */
  const draws = (steps: number[]) => {
    let step = 0;
    const source = adjustBatches(byLanguage, 120, 7, dims, () => step);
    return steps.map((s) => {
      step = s;
      const batch = source.nextBatch('en');
      const key = `${batch.featureLengths.join(',')}|${batch.targetLengths.join(',')}`;
      source.release(batch);
      return key;
    });
  };

  it('are a function of (seed, step, language, call): a resumed run draws the same ones, and free their tensors', () => {
    const before = tf.memory().numTensors;
    const first = draws([3, 3, 6, 9]);
    expect(draws([3, 3, 6, 9])).toEqual(first);
    // resuming at step 6 draws what the uninterrupted run drew there
    expect(draws([6, 9])).toEqual(first.slice(2));
    // within a step successive calls differ (with 12 examples, some pair of these draws must)
    expect(new Set(first).size).toBeGreaterThan(1);
    expect(tf.memory().numTensors).toBe(before);
    const source = adjustBatches(byLanguage, 120, 7, dims, () => 1);
    expect(() => source.nextBatch('fr')).toThrow(/no training data for language 'fr'/);
  });
});

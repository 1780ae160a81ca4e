import { presetConfig } from '../../../src/engine/model';
import { BatchSource } from '../../../src/engine/train/batch-source';
import type { TrainingExample } from '../../../src/engine/train/corpus';
import { TrainPayloadSchema } from '../../../src/jobs/kinds/train-schema';

/**
 * Dense fine-tuning (Dense + F, the compute-matched Dense) trains through the masked multilingual loop with full
 * masks, its languages drawn by the dense run's `sampling`. Languages of 40, 40 and 5 utterances: proportional
 * sampling gives the small one 5/85 of the batches, uniform a third.
 */
const config = presetConfig('tiny');

const examples = (language: string, n: number): TrainingExample[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `${language}-${i}`,
    features: new Float32Array(20 * config.inputDim),
    frames: 20,
    tokens: [1],
  }));
const SIZES = { en: 40, fr: 40, it: 5 };

/** The batches a dense run's sampler draws over `steps` steps: per language, how many and their gradient shares. */
function draws(sampling: Record<string, unknown>, steps: number) {
  const payload = TrainPayloadSchema.parse({ sampling });
  const source = new BatchSource(
    {
      byLanguage: new Map(Object.entries(SIZES).map(([l, n]) => [l, examples(l, n)])),
      languages: Object.keys(SIZES),
      sampling: payload.sampling,
    },
    400,
    5,
  );
  const counts = new Map<string, number>();
  const shares = new Map<string, number>();
  for (let step = 0; step < steps; step++) {
    for (const b of source.next()) {
      counts.set(b.language!, (counts.get(b.language!) ?? 0) + 1);
      shares.set(b.language!, (shares.get(b.language!) ?? 0) + b.share);
    }
  }
  return { counts, shares };
}

describe('a dense run’s language sampling', () => {
  it('uniform, one sampled batch a step: every language drawn a third of the time', () => {
    const steps = 3000;
    const { counts } = draws({ scheme: 'uniform', mode: 'sample', batchesPerStep: 1, seed: 3 }, steps);
    // binomial(3000, 1/3): sd ≈ 25.8; within 5 sd of 1000 each
    for (const language of Object.keys(SIZES))
      expect(Math.abs(counts.get(language)! - steps / 3)).toBeLessThan(130);
    const proportional = draws({ scheme: 'proportional', mode: 'sample', batchesPerStep: 1, seed: 3 }, steps);
    // 5/85 of 3000 ≈ 176, sd ≈ 12.9
    expect(Math.abs(proportional.counts.get('it')! - (steps * 5) / 85)).toBeLessThan(65);
  });

  it('uniform, a batch of every language a step: equal gradient shares', () => {
    const { counts, shares } = draws({ scheme: 'uniform' }, 30);
    for (const language of Object.keys(SIZES)) {
      expect(counts.get(language)).toBe(30);
      expect(shares.get(language)).toBeCloseTo(10, 12);
    }
    const proportional = draws({ scheme: 'proportional' }, 30);
    expect(proportional.shares.get('it')).toBeCloseTo((30 * 5) / 85, 12);
  });
});

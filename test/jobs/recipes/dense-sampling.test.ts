import { presetConfig, initParams, type ParamMap } from '../../../src/engine/model';
import type { TrainingExample } from '../../../src/engine/train/corpus';
import { TrainPayloadSchema } from '../../../src/jobs/kinds/train-schema';
import { MaskedTraining, type Stepper } from '../../../src/jobs/recipes/masked-training';
import { useTestBackend } from '../../helpers/backend';

/**
 * Dense fine-tuning (Dense + F, the compute-matched Dense) trains through the masked multilingual loop with full
 * masks, its languages drawn by the dense run's `sampling`. Languages of 40, 40 and 5 utterances: proportional
 * sampling gives the small one 5/85 of the batches, uniform a third.
 */
const config = presetConfig('tiny');
let params: ParamMap;
beforeAll(async () => {
  await useTestBackend();
  params = initParams(config, 1);
});
afterAll(() => params.forEach((v) => v.dispose()));

const examples = (language: string, n: number): TrainingExample[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `${language}-${i}`,
    features: new Float32Array(20 * config.inputDim),
    frames: 20,
    tokens: [1],
  }));
const SIZES = { en: 40, fr: 40, it: 5 };

/** The batches a dense run's sampler draws over `steps` steps: per language, how many and their gradient shares. */
async function draws(sampling: Record<string, unknown>, steps: number) {
  const payload = TrainPayloadSchema.parse({ sampling });
  const training = new MaskedTraining({
    config,
    params,
    data: new Map(Object.entries(SIZES).map(([l, n]) => [l, examples(l, n)])),
    seed: 5,
    batchFrames: 400,
    schedule: { kind: 'constant', lr: 1e-4 },
    clipNorm: 5,
    sampling: payload.sampling,
    onStep: () => undefined,
  });
  const counts = new Map<string, number>();
  const shares = new Map<string, number>();
  // only the draws are observed: the step itself leaves the weights alone
  const stepper: Stepper = {
    languages: Object.keys(SIZES),
    step(batches) {
      for (const b of batches) {
        counts.set(b.language, (counts.get(b.language) ?? 0) + 1);
        shares.set(b.language, (shares.get(b.language) ?? 0) + b.share);
      }
      return { loss: 1, losses: new Map(batches.map((b) => [b.language, 1])) };
    },
  };
  await training.trainSteps(stepper, steps);
  training.dispose();
  return { counts, shares };
}

describe('a dense run’s language sampling', () => {
  it('uniform, one sampled batch a step: every language drawn a third of the time', async () => {
    const steps = 3000;
    const { counts } = await draws({ scheme: 'uniform', mode: 'sample', batchesPerStep: 1, seed: 3 }, steps);
    // binomial(3000, 1/3): sd ≈ 25.8; within 5 sd of 1000 each
    for (const language of Object.keys(SIZES))
      expect(Math.abs(counts.get(language)! - steps / 3)).toBeLessThan(130);
    const proportional = await draws(
      { scheme: 'proportional', mode: 'sample', batchesPerStep: 1, seed: 3 },
      steps,
    );
    // 5/85 of 3000 ≈ 176, sd ≈ 12.9
    expect(Math.abs(proportional.counts.get('it')! - (steps * 5) / 85)).toBeLessThan(65);
  });

  it('uniform, a batch of every language a step: equal gradient shares', async () => {
    const { counts, shares } = await draws({ scheme: 'uniform' }, 30);
    for (const language of Object.keys(SIZES)) {
      expect(counts.get(language)).toBe(30);
      expect(shares.get(language)).toBeCloseTo(10, 12);
    }
    const proportional = await draws({ scheme: 'proportional' }, 30);
    expect(proportional.shares.get('it')).toBeCloseTo((30 * 5) / 85, 12);
  });
});

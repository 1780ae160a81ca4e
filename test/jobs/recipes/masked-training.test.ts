import { initParams, presetConfig } from '../../../src/engine/model';
import type { ParamMap, RnntBatch } from '../../../src/engine/model';
import type { LanguageBatch } from '../../../src/engine/pathways/trainer';
import { MaskSet } from '../../../src/engine/prune/mask-set';
import { selectPrunable } from '../../../src/engine/prune/prunable';
import { shapesOf } from '../../../src/engine/prune/param-map';
import type { TrainingExample } from '../../../src/engine/train/corpus';
import { MaskedTraining, type Stepper } from '../../../src/jobs/recipes/masked-training';
import { useTestBackend } from '../../helpers/backend';

/**
 * Every masked step sees at most `batchFrames` frames: a multilingual step splits them among its per-language
 * batches, a one-language (LSP) step gives them all to its language — so steps of all systems see the same audio.
 */
const config = presetConfig('tiny');
let params: ParamMap;

beforeAll(async () => {
  await useTestBackend();
  params = initParams(config, 5);
});
afterAll(() => params.forEach((v) => v.dispose()));

/** `n` utterances of `frames` frames each (features are zeros: only the batching is observed). */
const examples = (language: string, n: number, frames: number): TrainingExample[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `${language}-${i}`,
    features: new Float32Array(frames * config.inputDim),
    frames,
    tokens: [1, 2],
  }));

/** The real PathwayTrainer, recording the padded frames of each step's batches per language. */
function recording(training: MaskedTraining, languages: string[]) {
  const shapes = shapesOf(params);
  const full = MaskSet.full(new Map(selectPrunable(shapes).map((n) => [n, shapes.get(n)!])));
  const trainer = training.trainer(new Map(languages.map((l) => [l, full.clone()])));
  const steps: Map<string, number>[] = [];
  const stepper: Stepper = {
    languages: trainer.languages,
    step(batches: readonly LanguageBatch<RnntBatch>[], options) {
      steps.push(
        new Map(batches.map((b) => [b.language, b.batch.features.shape[0] * b.batch.features.shape[1]])),
      );
      return trainer.step(batches, options);
    },
  };
  return { stepper, steps };
}

function training(batchFrames: number) {
  return new MaskedTraining({
    config,
    params,
    data: new Map([
      ['en', examples('en', 40, 50)],
      ['fr', examples('fr', 40, 50)],
      ['it', examples('it', 8, 50)],
      ['nl', examples('nl', 40, 50)],
    ]),
    seed: 3,
    batchFrames,
    schedule: { kind: 'constant', lr: 1e-4 },
    clipNorm: 5,
    sampling: { scheme: 'proportional', temperature: 2, mode: 'all', seed: 0 },
    onStep: () => undefined,
  });
}

describe('masked training batches', () => {
  it('a step of four languages gives each a quarter of batchFrames (4 × 2 utterances of 50 frames in 400)', async () => {
    const t = training(400);
    const { stepper, steps } = recording(t, ['en', 'fr', 'it', 'nl']);
    await t.trainSteps(stepper, 2);
    t.dispose();
    for (const step of steps) {
      expect([...step.keys()].sort()).toEqual(['en', 'fr', 'it', 'nl']);
      expect([...step.values()]).toEqual([100, 100, 100, 100]);
    }
  });

  it('a one-language step gets all of batchFrames (8 utterances of 50 frames in 400)', async () => {
    const t = training(400);
    const { stepper, steps } = recording(t, ['fr']);
    await t.trainSteps(stepper, 2);
    t.dispose();
    expect(steps.map((s) => [...s])).toEqual([[['fr', 400]], [['fr', 400]]]);
  });
});

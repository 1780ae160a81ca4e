import { tf } from '../../../src/engine/tf';
import { AdamW } from '../../../src/engine/train/adamw';
import { MaskSet } from '../../../src/engine/prune/mask-set';
import { runImp } from '../../../src/engine/prune/imp';
import { overlapReport } from '../../../src/engine/prune/overlap';
import { readParams } from '../../../src/engine/prune/param-map';
import { decodePathwaysArtifact, pathwaysArtifactContent } from '../../../src/engine/prune/sparse-export';
import type { TrainFn } from '../../../src/engine/prune/train-callback';
import { PathwayTrainer } from '../../../src/engine/pathways/trainer';
import { PRUNABLE_SHAPES, tinyBatch, tinyLoss, tinyParams } from './tiny-model';
import type { TinyBatch } from './tiny-model';
import { useTestBackend } from '../../helpers/backend';

beforeAll(async () => {
  await useTestBackend();
});

/**
 * The paper's workflow on the test-bed model, composed from the public API the job layer uses:
 * dense → LSP (IMP) per language with a masked trainer → pathways from the LSP masks → artifact.
 */
describe('dense → LSP → pathways workflow', () => {
  it('reaches the target sparsity per pathway and trains jointly with the union invariant', async () => {
    const batches: Record<string, TinyBatch> = { en: tinyBatch(1, 0.5), fr: tinyBatch(2, -1.5) };
    const dense = tinyParams(5);
    const lsp = new Map<string, MaskSet>();
    for (const language of ['en', 'fr']) {
      const params = new Map([...dense].map(([n, v]) => [n, tf.variable(tf.clone(v))]));
      const optimizer = new AdamW(params);
      // the job layer's monolingual trainer: a one-language PathwayTrainer whose mask follows IMP
      const train: TrainFn = async (p, mask, steps) => {
        const trainer = new PathwayTrainer<TinyBatch>({
          params: p,
          masks: new Map([[language, mask]]),
          loss: tinyLoss,
          optimizer,
        });
        for (let s = 0; s < steps; s++)
          await trainer.step([{ language, batch: batches[language], share: 1 }], { lr: 0.05 });
        trainer.dispose();
      };
      const { mask } = await runImp(params, MaskSet.full(PRUNABLE_SHAPES), train, {
        sparsity: 0.6,
        rounds: 2,
        stepsPerRound: 5,
      });
      expect(mask.count().kept).toBe(Math.round(0.4 * 42));
      lsp.set(language, mask);
      optimizer.dispose();
      params.forEach((v) => v.dispose());
    }
    const optimizer = new AdamW(dense);
    const trainer = new PathwayTrainer<TinyBatch>({ params: dense, masks: lsp, loss: tinyLoss, optimizer });
    const both = [
      { language: 'en', batch: batches.en, share: 0.5 },
      { language: 'fr', batch: batches.fr, share: 0.5 },
    ];
    const first = (await await trainer.step(both, { lr: 0.05 })).loss;
    let last = first;
    for (let s = 0; s < 20; s++) last = (await await trainer.step(both, { lr: 0.05 })).loss;
    expect(last).toBeLessThan(first);
    const report = overlapReport(lsp);
    expect(report.overall.sparsity.en).toBe(1 - Math.round(0.4 * 42) / 42);
    expect(report.overall.unionDensity).toBeGreaterThanOrEqual(0.4);
    const artifact = decodePathwaysArtifact(
      pathwaysArtifactContent(await readParams(dense), lsp),
      'artifact',
    );
    const union = trainer.union();
    for (const [name, m] of union.masks) {
      const live = dense.get(name)!.dataSync();
      expect(Array.from(artifact.params.get(name)!.data)).toEqual(Array.from(live));
      m.data.forEach((keep, i) => !keep && expect(Object.is(live[i], 0)).toBe(true));
    }
    trainer.dispose();
    optimizer.dispose();
    dense.forEach((v) => v.dispose());
  });
});

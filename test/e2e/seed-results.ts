import { saveEvaluation, type HypothesisRecord } from '../../src/jobs/results/evaluations';
import { saveMaskReport } from '../../src/jobs/results/mask-reports';
import type { Store } from '../../src/store';

/**
 * Records of two finished runs over an imported dataset, written through the same store functions the train,
 * prune and eval workers use (those job kinds are not in this build yet): metric curves, a mask overlap report and
 * one evaluation each, whose hypotheses carry deliberate substitutions, insertions and deletions with token timings.
 */
export function seedFinishedRuns(
  store: Store,
  datasetId: string,
  version: string,
): { denseId: string; pathwaysId: string } {
  const utterances = store.datasets.utterances(datasetId, { limit: 100, offset: 0 }).items;
  const make = (kind: string, name: string) =>
    store.runs.create({ name, kind, seed: 1, config: {}, datasetIds: [datasetId], appVersion: version }).id;
  const denseId = make('dense', 'dense-tiny');
  const pathwaysId = make('pathways', 'pathways-tiny');

  for (const [runId, scale] of [
    [denseId, 1],
    [pathwaysId, 0.8],
  ] as const) {
    const points = Array.from({ length: 40 }, (_, i) => i * 25);
    store.runs.addMetrics(runId, [
      ...points.map((step) => ({ name: 'loss', step, value: scale * (3 * Math.exp(-step / 300) + 0.4) })),
      ...points.map((step) => ({ name: 'lr', step, value: 1e-3 * Math.min(1, (step + 1) / 200) })),
      ...points
        .filter((s) => s % 250 === 0)
        .map((step) => ({ name: 'wer', step, value: scale * (0.9 * Math.exp(-step / 500) + 0.2) })),
      { name: 'sparsity', step: 975, value: runId === denseId ? 0 : 0.7 },
      { name: 'non_zeros', step: 975, value: runId === denseId ? 52_400 : 15_700 },
    ]);
  }
  saveMaskReport(store.db, pathwaysId, {
    languages: ['de', 'fr'],
    prunableWeights: 50_300,
    overall: {
      pairs: [{ a: 'de', b: 'fr', iou: 0.62 }],
      sharedByAll: 0.22,
      exclusive: { de: 0.04, fr: 0.05 },
      unionDensity: 0.35,
      sparsity: { de: 0.7, fr: 0.7 },
    },
    layers: ['encoder.0.attn', 'encoder.0.ffn', 'joiner'].map((layer, i) => ({
      layer,
      weights: 10_000,
      pairs: [{ a: 'de', b: 'fr', iou: 0.5 + 0.1 * i }],
      sharedByAll: 0.2 + 0.02 * i,
      exclusive: { de: 0.05, fr: 0.04 },
      unionDensity: 0.34 + 0.02 * i,
      sparsity: { de: 0.68 + 0.02 * i, fr: 0.72 - 0.02 * i },
    })),
    history: [0, 100, 200, 300].flatMap((step) =>
      ['de', 'fr'].map((language) => ({
        step,
        language,
        entered: 400 - step,
        left: 380 - step,
        sparsity: 0.7,
      })),
    ),
  });

  const hypotheses = (mistakes: boolean): HypothesisRecord[] =>
    utterances.map((u, i) => {
      const words = u.transcript.split(' ');
      const said = !mistakes
        ? words
        : i % 3 === 0
          ? [words[0], 'xx']
          : i % 3 === 1
            ? [...words, 'extra']
            : [words[1]];
      // one substitution, insertion or deletion each
      const errors = mistakes ? 1 : 0;
      const step = u.durationSec / (said.length + 1);
      return {
        utteranceKey: u.id,
        language: u.language,
        reference: u.transcript,
        hypothesis: said.join(' '),
        wordErrors: errors,
        refWords: words.length,
        charErrors: errors * 2,
        refChars: u.transcript.length,
        tokens: said.map((w, k) => ({
          text: `\u2581${w}`,
          startSec: step * (k + 0.5),
          endSec: step * (k + 1.4),
        })),
      };
    });
  saveEvaluation(store.db, { runId: denseId, datasetId, split: 'test', hypotheses: hypotheses(true) });
  saveEvaluation(store.db, { runId: pathwaysId, datasetId, split: 'test', hypotheses: hypotheses(false) });
  return { denseId, pathwaysId };
}

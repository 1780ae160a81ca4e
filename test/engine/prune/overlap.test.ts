import { OverlapReportSchema } from '../../../src/shared/contract/masks';
import { MaskSet } from '../../../src/engine/prune/mask-set';
import { overlapReport } from '../../../src/engine/prune/overlap';

function set(ffn: number[], wq: number[], out: number[]): MaskSet {
  return new MaskSet(
    new Map([
      ['encoder.layers.0.ffn.w1.weight', { shape: [1, 4], data: Uint8Array.from(ffn) }],
      ['encoder.layers.0.attn.wq.weight', { shape: [2], data: Uint8Array.from(wq) }],
      ['joiner.out.weight', { shape: [1, 4], data: Uint8Array.from(out) }],
    ]),
  );
}

// 10 prunable weights; by hand: union 8, common to all 1 (ffn[0]), en-only 2, fr-only 1, it-only 1
const masks = new Map([
  ['fr', set([1, 0, 1, 0], [1, 0], [0, 1, 1, 0])],
  ['en', set([1, 1, 0, 0], [1, 0], [1, 1, 1, 0])],
  ['it', set([1, 0, 0, 0], [0, 0], [0, 0, 0, 1])],
]);

describe('overlapReport on hand-made masks', () => {
  const history = [{ step: 10, language: 'en', entered: 3, left: 4, sparsity: 0.5 }];
  const report = overlapReport(masks, { history });
  it('overall: pair IoU, common and exclusive shares, union density, pathway sparsities', () => {
    expect(report.languages).toEqual(['en', 'fr', 'it']);
    expect(report.prunableWeights).toBe(10);
    expect(report.overall.pairs).toEqual([
      { a: 'en', b: 'fr', iou: 4 / 7 },
      { a: 'en', b: 'it', iou: 1 / 7 },
      { a: 'fr', b: 'it', iou: 1 / 6 },
    ]);
    expect(report.overall.sharedByAll).toBe(0.1);
    expect(report.overall.exclusive).toEqual({ en: 0.2, fr: 0.1, it: 0.1 });
    expect(report.overall.unionDensity).toBe(0.8);
    expect(report.overall.sparsity.en).toBeCloseTo(0.4, 12);
    expect(report.overall.sparsity.it).toBeCloseTo(0.8, 12);
    expect(report.history).toEqual(history);
  });
  it('per layer: the same figures within each layer', () => {
    const [encoder, joiner] = report.layers;
    expect(encoder.layer).toBe('encoder.layers.0');
    expect(encoder.weights).toBe(6);
    expect(encoder.pairs.map((p) => p.iou)).toEqual([0.5, 1 / 3, 1 / 3]);
    expect(encoder.sharedByAll).toBe(1 / 6);
    expect(encoder.exclusive).toEqual({ en: 1 / 6, fr: 1 / 6, it: 0 });
    expect(encoder.unionDensity).toBe(4 / 6);
    expect(encoder.sparsity.fr).toBe(0.5);
    expect(encoder.sparsity.it).toBeCloseTo(5 / 6, 12);
    expect(joiner).toMatchObject({ layer: 'joiner.out', weights: 4, sharedByAll: 0, unionDensity: 1 });
    expect(joiner.pairs.map((p) => p.iou)).toEqual([2 / 3, 0, 0]);
    expect(joiner.exclusive).toEqual({ en: 0.25, fr: 0, it: 0.25 });
  });
  it('per tensor with an identity grouping', () => {
    const perTensor = overlapReport(masks, { group: (name) => name });
    const wq = perTensor.layers.find((l) => l.layer === 'encoder.layers.0.attn.wq.weight')!;
    expect(wq.pairs.map((p) => p.iou)).toEqual([1, 0, 0]);
    expect(perTensor.layers.map((l) => l.layer)).toHaveLength(3);
  });
  it('matches the shared contract, MaskSet.iou, and survives JSON', () => {
    expect(OverlapReportSchema.parse(report)).toEqual(report);
    expect(report.overall.pairs[0].iou).toBe(masks.get('en')!.iou(masks.get('fr')!));
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
  it('handles one language and rejects masks over different tensors', () => {
    const one = overlapReport(new Map([['it', masks.get('it')!]]));
    expect(one.overall.pairs).toEqual([]);
    expect(one.overall.sharedByAll).toBe(0.2);
    expect(one.overall.exclusive.it).toBe(0.2);
    const other = new MaskSet(new Map([['x.weight', { shape: [1], data: Uint8Array.of(1) }]]));
    expect(() => overlapReport(new Map([...masks, ['nl', other]]))).toThrow(/language 'nl'/);
  });
});

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

const masks = new Map([
  ['fr', set([1, 0, 1, 0], [1, 0], [0, 1, 1, 0])],
  ['en', set([1, 1, 0, 0], [1, 0], [1, 1, 1, 0])],
  ['it', set([1, 0, 0, 0], [0, 0], [0, 0, 0, 1])],
]);

describe('overlapReport on hand-made masks', () => {
  const report = overlapReport(masks);
  it('counts pathway sparsities, union density, common and exclusive shares', () => {
    expect(report.languages).toEqual(['en', 'fr', 'it']);
    expect(report.totalPrunable).toBe(10);
    expect(report.pathways).toEqual({
      en: { kept: 6, sparsity: 0.4 },
      fr: { kept: 5, sparsity: 0.5 },
      it: { kept: 2, sparsity: 0.8 },
    });
    expect(report.union).toEqual({ kept: 8, density: 0.8, sparsity: 1 - 0.8 });
    expect(report.commonToAll).toEqual({ count: 1, shareOfPrunable: 0.1, shareOfUnion: 1 / 8 });
    expect(report.exclusive.en).toEqual({
      count: 2,
      shareOfPrunable: 0.2,
      shareOfUnion: 2 / 8,
      shareOfPathway: 2 / 6,
    });
    expect(report.exclusive.fr.count).toBe(1);
    expect(report.exclusive.it).toEqual({
      count: 1,
      shareOfPrunable: 0.1,
      shareOfUnion: 1 / 8,
      shareOfPathway: 0.5,
    });
  });
  it('computes IoU for every pair overall, per layer and per tensor', () => {
    expect(report.pairs.map((p) => `${p.a}-${p.b}`)).toEqual(['en-fr', 'en-it', 'fr-it']);
    const [enFr, enIt, frIt] = report.pairs;
    expect(enFr).toMatchObject({ intersection: 4, union: 7, iou: 4 / 7 });
    expect(enFr.perTensor).toEqual({
      'encoder.layers.0.attn.wq.weight': 1,
      'encoder.layers.0.ffn.w1.weight': 1 / 3,
      'joiner.out.weight': 2 / 3,
    });
    expect(enFr.perLayer).toEqual({ 'encoder.layers.0': 0.5, 'joiner.out': 2 / 3 });
    expect(enIt).toMatchObject({ intersection: 1, union: 7, iou: 1 / 7 });
    expect(enIt.perLayer).toEqual({ 'encoder.layers.0': 1 / 3, 'joiner.out': 0 });
    expect(frIt).toMatchObject({ intersection: 1, union: 6, iou: 1 / 6 });
    expect(frIt.perTensor['encoder.layers.0.ffn.w1.weight']).toBe(0.5);
  });
  it('agrees with MaskSet.iou and survives JSON', () => {
    expect(report.pairs[0].iou).toBe(masks.get('en')!.iou(masks.get('fr')!));
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
  it('handles one language and rejects masks over different tensors', () => {
    const one = overlapReport(new Map([['it', masks.get('it')!]]));
    expect(one.pairs).toEqual([]);
    expect(one.commonToAll.count).toBe(2);
    expect(one.exclusive.it.count).toBe(2);
    const other = new MaskSet(new Map([['x.weight', { shape: [1], data: Uint8Array.of(1) }]]));
    expect(() => overlapReport(new Map([...masks, ['nl', other]]))).toThrow(/language 'nl'/);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { MaskSet } from '../../../src/engine/prune/mask-set';
import { packBits, unpackBits } from '../../../src/engine/prune/bit-pack';
import { randomMaskSet, randomPathwayMasks } from '../../../src/engine/prune/random-mask';
import { parameterCounts } from '../../../src/engine/prune/parameter-counts';
import { DEFAULT_PRUNABLE, layerOf, selectPrunable } from '../../../src/engine/prune/prunable';
import { useTestBackend } from '../../helpers/backend';

beforeAll(async () => {
  await useTestBackend();
});

function mask(shape: number[], bits: number[]) {
  return { shape, data: Uint8Array.from(bits) };
}

const a = new MaskSet(
  new Map([
    ['encoder.layers.0.ffn.w1.weight', mask([2, 3], [1, 0, 1, 0, 0, 1])],
    ['encoder.layers.0.attn.wq.weight', mask([2, 2], [1, 1, 0, 0])],
    ['joiner.out.weight', mask([1, 5], [0, 0, 0, 0, 1])],
  ]),
);
const b = new MaskSet(
  new Map([
    ['encoder.layers.0.ffn.w1.weight', mask([2, 3], [1, 1, 0, 0, 0, 1])],
    ['encoder.layers.0.attn.wq.weight', mask([2, 2], [0, 1, 0, 1])],
    ['joiner.out.weight', mask([1, 5], [0, 0, 0, 0, 0])],
  ]),
);

describe('prunable selection', () => {
  const shapes = new Map<string, number[]>([
    ['encoder.subsample.conv1.weight', [64, 1, 3, 3]],
    ['encoder.subsample.conv1.bias', [64]],
    ['encoder.layers.0.attn.wq.weight', [8, 8]],
    ['encoder.layers.0.norm1.weight', [8]],
    ['encoder.layers.0.ln_attn.weight', [8, 8]],
    ['encoder.layers.0.ffn.w1.weight', [8, 32]],
    ['predictor.embedding.weight', [10, 8]],
    ['predictor.conv.weight', [8, 1, 2]],
    ['predictor.lstm.0.w_ih', [8, 32]],
    ['predictor.lstm.0.bias', [32]],
    ['joiner.out.weight', [8, 10]],
    ['joiner.out.bias', [10]],
  ]);
  it('defaults keep weight matrices and convolutions, drop biases, norms, embeddings', () => {
    expect(selectPrunable(shapes)).toEqual([
      'encoder.layers.0.attn.wq.weight',
      'encoder.layers.0.ffn.w1.weight',
      'encoder.subsample.conv1.weight',
      'joiner.out.weight',
      'predictor.conv.weight',
      'predictor.lstm.0.w_ih',
    ]);
  });
  it('is configurable by include/exclude patterns and rejects bad patterns naming the field', () => {
    expect(
      selectPrunable(shapes, { ...DEFAULT_PRUNABLE, include: ['^encoder\\.layers'], exclude: ['ffn'] }),
    ).toEqual(['encoder.layers.0.attn.wq.weight', 'encoder.layers.0.ln_attn.weight']);
    expect(() => selectPrunable(shapes, { ...DEFAULT_PRUNABLE, exclude: ['('] })).toThrow(/exclude\[0\]/);
    expect(() => selectPrunable(shapes, { ...DEFAULT_PRUNABLE, include: ['nothing'] })).toThrow(
      /no parameter/,
    );
  });
  it('names layers by the first numeric segment or the module path', () => {
    expect(layerOf('encoder.layers.3.ffn.w1.weight')).toBe('encoder.layers.3');
    expect(layerOf('joiner.out.weight')).toBe('joiner.out');
  });
});

describe('MaskSet accounting', () => {
  it('counts global, per-tensor and per-layer sparsity', () => {
    expect(a.count()).toEqual({ total: 15, kept: 6, sparsity: 1 - 6 / 15 });
    expect(a.perTensor().get('joiner.out.weight')).toEqual({ total: 5, kept: 1, sparsity: 0.8 });
    const layers = a.perLayer();
    expect(layers.get('encoder.layers.0')).toEqual({ total: 10, kept: 5, sparsity: 0.5 });
    expect(layers.get('joiner.out')).toEqual({ total: 5, kept: 1, sparsity: 0.8 });
  });
  it('computes union, intersection and IoU', () => {
    expect([...a.union(b).get('encoder.layers.0.ffn.w1.weight').data]).toEqual([1, 1, 1, 0, 0, 1]);
    expect([...a.intersection(b).get('encoder.layers.0.attn.wq.weight').data]).toEqual([0, 1, 0, 0]);
    // |a∧b| = 2 (ffn) + 1 (wq) + 0 = 3; |a∨b| = 4 + 3 + 1 = 8
    expect(a.iou(b)).toBe(3 / 8);
    expect(a.iou(a)).toBe(1);
  });
  it('rejects non-binary values and wrong lengths', () => {
    expect(() => new MaskSet(new Map([['x', mask([2], [0, 2])]]))).toThrow(/'x'.*value 2/);
    expect(() => new MaskSet(new Map([['x', mask([3], [0, 1])]]))).toThrow(/'x'.*shape \[3\]/);
  });
  it('validates against a model and names the first mismatch', () => {
    const params = new Map([
      ['encoder.layers.0.ffn.w1.weight', { shape: [2, 3] }],
      ['encoder.layers.0.attn.wq.weight', { shape: [2, 2] }],
      ['joiner.out.weight', { shape: [5, 1] }],
    ]);
    expect(() => a.validateAgainst(params)).toThrow(/'joiner.out.weight' has shape \[1,5\].*\[5,1\]/);
    params.delete('joiner.out.weight');
    expect(() => a.validateAgainst(params)).toThrow(/'joiner.out.weight' is not a parameter/);
    expect(() => a.union(new MaskSet(new Map([['y', mask([1], [1])]])))).toThrow(/'y'|encoder/);
  });
});

describe('MaskSet persistence', () => {
  it('bit packing is LSB first and round-trips odd lengths', () => {
    expect([...packBits(Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 1, 1]))]).toEqual([129, 1]);
    const bits = Uint8Array.from({ length: 13 }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0));
    expect([...unpackBits(packBits(bits), 13)]).toEqual([...bits]);
    expect(() => unpackBits(new Uint8Array(3), 13)).toThrow(/13 bits/);
  });
  it('saves and loads as u8 and bit-packed safetensors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'masks-'));
    try {
      for (const encoding of ['u8', 'bitpacked'] as const) {
        const path = join(dir, `${encoding}.safetensors`);
        const bytes = a.save(path, encoding, { language: 'fr' });
        const { masks, metadata } = MaskSet.load(path);
        expect(masks.equals(a)).toBe(true);
        expect(masks.shapes()).toEqual(a.shapes());
        expect(metadata.language).toBe('fr');
        expect(bytes).toBeGreaterThan(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('rejects a file that is not a mask set', () => {
    expect(() => MaskSet.decode(a.encode('u8', { format: 'x' }), 'm.safetensors')).not.toThrow();
    const { tensors } = a.toSafetensors('u8');
    expect(() => MaskSet.fromSafetensors(tensors, { format: 'other' }, 'bad.safetensors')).toThrow(
      /bad.safetensors: not a mask set/,
    );
  });
  it('converts to float 0/1 tensors', () => {
    const t = a.toTensors();
    expect([...t.get('encoder.layers.0.attn.wq.weight')!.dataSync()]).toEqual([1, 1, 0, 0]);
    expect(t.get('encoder.layers.0.ffn.w1.weight')!.shape).toEqual([2, 3]);
    t.forEach((x) => x.dispose());
  });
});

describe('randomMaskSet', () => {
  const shapes = new Map<string, number[]>([
    ['a.weight', [7, 13]],
    ['b.weight', [5, 3]],
    ['c.weight', [101]],
  ]);
  it('keeps exactly round((1-s)N) globally and round((1-s)n) per tensor, reproducibly', () => {
    for (const s of [0, 0.3, 0.706, 0.99]) {
      const m = randomMaskSet(shapes, s, 7);
      expect(m.count().kept).toBe(Math.round((1 - s) * 207));
      expect(randomMaskSet(shapes, s, 7).equals(m)).toBe(true);
      const p = randomMaskSet(shapes, s, 7, 'per-tensor');
      for (const c of p.perTensor().values()) expect(c.kept).toBe(Math.round((1 - s) * c.total));
      expect(namesOf(p)).toBe(namesOf(m));
    }
    expect(randomMaskSet(shapes, 0.5, 1).equals(randomMaskSet(shapes, 0.5, 2))).toBe(false);
  });
  it('random pathway masks: one per language, each exact, different across languages, reproducible', () => {
    const masks = randomPathwayMasks(shapes, ['en', 'fr', 'it'], 0.7, 5);
    for (const m of masks.values()) expect(m.count().kept).toBe(Math.round(0.3 * 207));
    expect(masks.get('en')!.equals(masks.get('fr')!)).toBe(false);
    expect(randomPathwayMasks(shapes, ['fr'], 0.7, 5).get('fr')!.equals(masks.get('fr')!)).toBe(true);
  });
  it('parameter counts: non-zeros per language and of the union include non-prunable parameters', () => {
    const model = new Map<string, number[]>([...shapes, ['c.bias', [9]]]);
    const en = randomMaskSet(shapes, 0.5, 1);
    const fr = randomMaskSet(shapes, 0.5, 2);
    const counts = parameterCounts(
      model,
      new Map([
        ['en', en],
        ['fr', fr],
      ]),
    );
    expect(counts.total).toBe(216);
    expect(counts.prunable).toBe(207);
    expect(counts.nonZero).toEqual({ en: 9 + en.count().kept, fr: 9 + fr.count().kept });
    expect(counts.unionNonZero).toBe(9 + en.union(fr).count().kept);
  });
  it('rejects sparsity outside [0, 1)', () => {
    expect(() => randomMaskSet(shapes, 1, 0)).toThrow(/sparsity must be in \[0, 1\), got 1/);
    expect(() => randomMaskSet(shapes, -0.1, 0)).toThrow(/sparsity/);
  });
});

function namesOf(m: MaskSet): string {
  return m.names().join(',');
}

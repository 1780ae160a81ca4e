import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSafetensorsFile, writeSafetensorsFile } from '../../../src/engine/io/safetensors';
import { SeededRandom } from '../../../src/engine/model/random';
import { MaskSet } from '../../../src/engine/prune/mask-set';
import { randomMaskSet } from '../../../src/engine/prune/random-mask';
import {
  decodePathwaysArtifact,
  decodeSparseModel,
  exportSize,
  pathwaysArtifactContent,
  sparseModelContent,
} from '../../../src/engine/prune/sparse-export';
import type { TensorData } from '../../../src/engine/prune/param-map';

const rng = new SeededRandom(1);
const tensor = (shape: number[]): TensorData => ({
  shape,
  data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.next() * 2 - 1),
});
const params = new Map([
  ['encoder.layers.0.ffn.w1.weight', tensor([32, 64])],
  ['encoder.layers.0.ffn.w1.bias', tensor([64])],
  ['joiner.out.weight', tensor([64, 17])],
  ['joiner.out.bias', tensor([17])],
]);
const shapes = new Map([
  ['encoder.layers.0.ffn.w1.weight', [32, 64]],
  ['joiner.out.weight', [64, 17]],
]);
const masks = new Map([
  ['en', randomMaskSet(shapes, 0.7, 1)],
  ['fr', randomMaskSet(shapes, 0.7, 2)],
]);

/** θ ⊙ m computed directly. */
function masked(mask: MaskSet): Map<string, number[]> {
  return new Map(
    [...params].map(([n, t]) => {
      const m = mask.masks.get(n);
      return [n, Array.from(t.data, (x, i) => (m && !m.data[i] ? 0 : x))];
    }),
  );
}

function plain(p: Map<string, TensorData>): Map<string, number[]> {
  return new Map([...p].map(([n, t]) => [n, Array.from(t.data)]));
}

describe('sparse export', () => {
  it('per-language model round-trips through a file as θ ⊙ m_l, smaller than dense', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sparse-'));
    try {
      const content = sparseModelContent(params, masks.get('en')!, 'en', { run: 'r1' });
      const path = join(dir, 'en.safetensors');
      const bytes = writeSafetensorsFile(path, content.tensors, content.metadata);
      expect(statSync(path).size).toBe(bytes);
      const decoded = decodeSparseModel(readSafetensorsFile(path), path);
      expect(decoded.language).toBe('en');
      expect(decoded.metadata.run).toBe('r1');
      expect(decoded.mask.equals(masks.get('en')!)).toBe(true);
      expect(plain(decoded.params)).toEqual(masked(masks.get('en')!));
      const size = exportSize(content, params);
      expect(size.bytes).toBe(bytes);
      // 3136 prunable weights at 70 % sparsity: ~0.3·4 B + 1/8 B per weight instead of 4 B
      expect(size.ratio).toBeLessThan(0.4);
      expect(size.denseBytes).toBeGreaterThan(4 * (2048 + 64 + 1088 + 17));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('pathways artifact holds θ ⊙ ∪m_l and every mask', () => {
    const content = pathwaysArtifactContent(params, masks);
    const decoded = decodePathwaysArtifact(content, 'artifact');
    const union = masks.get('en')!.union(masks.get('fr')!);
    expect(plain(decoded.params)).toEqual(masked(union));
    expect([...decoded.masks.keys()]).toEqual(['en', 'fr']);
    for (const [l, m] of masks) expect(decoded.masks.get(l)!.equals(m)).toBe(true);
    expect(Number(content.metadata.unionSparsity)).toBe(union.sparsity());
    const size = exportSize(content, params);
    expect(size.ratio).toBeLessThan(0.75);
    expect(size.ratio).toBeGreaterThan(
      exportSize(sparseModelContent(params, masks.get('en')!, 'en'), params).ratio,
    );
  });
  it('rejects mismatched masks, foreign files and inconsistent contents', () => {
    const wrong = MaskSet.full(new Map([['joiner.out.weight', [17, 64]]]));
    expect(() => sparseModelContent(params, wrong, 'en')).toThrow(/'joiner.out.weight' has shape \[17,64\]/);
    const artifact = pathwaysArtifactContent(params, masks);
    expect(() => decodeSparseModel(artifact, 'a.safetensors')).toThrow(/a.safetensors: not a sparse model/);
    const content = sparseModelContent(params, masks.get('en')!, 'en');
    const values = content.tensors.get('joiner.out.weight#values')!;
    content.tensors.set('joiner.out.weight#values', {
      ...values,
      data: values.data.slice(1),
      shape: [values.data.length - 1],
    });
    expect(() => decodeSparseModel(content, 'm.safetensors')).toThrow(
      /m.safetensors: tensor 'joiner.out.weight' keeps \d+ weights but stores/,
    );
  });
});

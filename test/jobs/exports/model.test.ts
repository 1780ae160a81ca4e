import { join } from 'node:path';
import {
  decodePathwaysArtifact,
  decodeSparseModel,
  randomPathwayMasks,
  readSafetensorsFile,
  type MaskSet,
} from '../../../src/engine';
import { exportRunModel } from '../../../src/jobs/exports';
import { tempDir } from '../../helpers/tmp';
import { startHarness, type Harness } from '../harness';
import { trainedTinyRun } from '../kinds/trained-run';

/** The run's weights as the training job saved them (the oracle for every export). */
function savedWeights(h: Harness, runId: string): Map<string, Float32Array> {
  const path = h.store.runs.artifacts(runId).find((a) => a.kind === 'model')!.path;
  const out = new Map<string, Float32Array>();
  for (const [name, t] of readSafetensorsFile(path).tensors) {
    if (name.startsWith('model.')) out.set(name.slice('model.'.length), t.data as Float32Array);
  }
  return out;
}

function masked(values: Float32Array, mask: Uint8Array | undefined): number[] {
  return Array.from(values, (v, i) => (mask && mask[i] === 0 ? 0 : v));
}

describe('model export', () => {
  let h: Harness;
  const corpus = tempDir('pathways-tiny-');
  const out = tempDir('pathways-export-');
  beforeAll(() => {
    h = startHarness();
  });
  afterAll(async () => {
    await h.cleanup();
    corpus.cleanup();
    out.cleanup();
  });

  it('writes the dense weights, the pathways artifact and one language’s sparse model, each decoding to θ ⊙ m', async () => {
    const { runId } = await trainedTinyRun(h, corpus.path, 2);
    const weights = savedWeights(h, runId);

    const dense = await exportRunModel(h.store, runId, join(out.path, 'dense'));
    expect(dense.kind).toBe('dense');
    const denseTensors = readSafetensorsFile(dense.files[0]).tensors;
    for (const [name, values] of weights)
      expect(Array.from(denseTensors.get(name)!.data)).toEqual(Array.from(values));
    expect(dense.files.map((f) => f.split('/').pop())).toEqual([
      'dense.safetensors',
      'config.json',
      'tokenizer.json',
      'cmvn.json',
    ]);

    const shapes = new Map([...denseTensors].map(([n, t]) => [n, t.shape]));
    const masks = randomPathwayMasks(shapes, ['en', 'fr'], 0.7, 3);
    const maskDir = join(out.path, 'masks');
    for (const [language, mask] of masks) {
      const path = join(maskDir, `mask-${language}.safetensors`);
      mask.save(path, 'bitpacked');
      h.store.runs.addArtifact({ runId, kind: 'mask', path, bytes: 0, sha256: '' });
    }

    const pathways = await exportRunModel(h.store, runId, join(out.path, 'pathways'));
    expect(pathways.kind).toBe('pathways');
    const artifact = decodePathwaysArtifact(readSafetensorsFile(pathways.files[0]), 'artifact');
    const union = (masks.get('en') as MaskSet).union(masks.get('fr')!);
    for (const [name, values] of weights) {
      expect(Array.from(artifact.params.get(name)!.data)).toEqual(masked(values, union.get(name)?.data));
    }
    expect(artifact.masks.get('fr')!.equals(masks.get('fr')!)).toBe(true);

    const french = await exportRunModel(h.store, runId, join(out.path, 'fr'), { language: 'fr' });
    expect(french.kind).toBe('sparse-language');
    const sparse = decodeSparseModel(readSafetensorsFile(french.files[0]), 'fr');
    for (const [name, values] of weights) {
      expect(Array.from(sparse.params.get(name)!.data)).toEqual(
        masked(values, masks.get('fr')!.get(name)?.data),
      );
    }
    expect(french.size.ratio).toBeLessThan(pathways.size.ratio);
    expect(pathways.size.ratio).toBeLessThan(1);

    await expect(exportRunModel(h.store, runId, join(out.path, 'x'), { language: 'it' })).rejects.toThrow(
      /no mask for language 'it' \(masks: en, fr\)/,
    );
  });
});

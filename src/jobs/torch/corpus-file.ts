import { safeTensor, writeSafetensorsFile, type TrainingExample } from '../../engine';

function offsets(counts: readonly number[]): Int32Array {
  const out = new Int32Array(counts.length + 1);
  counts.forEach((n, i) => (out[i + 1] = out[i] + n));
  return out;
}

/**
 * Write training examples (CMVN-normalised features and label ids, in the order the engine would batch them) as
 * the PyTorch runner's corpus file (python/pathways_torch/data.py): `features` [frames, inputDim] F32,
 * `frameOffsets` [N + 1] I32, `targets` I32 and `targetOffsets` [N + 1] I32.
 */
export function writeCorpusFile(path: string, examples: readonly TrainingExample[], inputDim: number): void {
  if (examples.length === 0) throw new Error(`no training examples to write to ${path}`);
  const frameOffsets = offsets(examples.map((e) => e.frames));
  const targetOffsets = offsets(examples.map((e) => e.tokens.length));
  const features = new Float32Array(frameOffsets[examples.length] * inputDim);
  const targets = new Int32Array(targetOffsets[examples.length]);
  examples.forEach((e, i) => {
    if (e.features.length !== e.frames * inputDim)
      throw new Error(`example ${e.id}: ${e.features.length} feature values for ${e.frames} × ${inputDim}`);
    features.set(e.features, frameOffsets[i] * inputDim);
    targets.set(e.tokens, targetOffsets[i]);
  });
  writeSafetensorsFile(
    path,
    new Map([
      ['features', safeTensor(features, [features.length / inputDim, inputDim])],
      ['frameOffsets', safeTensor(frameOffsets, [examples.length + 1])],
      ['targets', safeTensor(targets, [targets.length])],
      ['targetOffsets', safeTensor(targetOffsets, [examples.length + 1])],
    ]),
  );
}

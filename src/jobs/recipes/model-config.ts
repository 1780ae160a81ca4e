import { parameterCount, presetConfig, type RnntConfig, type RnntPresetName } from '../../engine';

/** A preset with overrides and the tokenizer's vocabulary size, validated (errors name the field). */
export function modelConfig(
  preset: RnntPresetName,
  overrides: Record<string, unknown>,
  vocabSize: number,
): RnntConfig {
  return presetConfig(preset, { ...overrides, vocabSize });
}

/** The config with every width scaled by `w` (dModel kept a multiple of the head count) and `layers` layers. */
function scaled(base: RnntConfig, w: number, layers: number): RnntConfig {
  const width = (x: number) => Math.max(1, Math.round(x * w));
  const dModel = Math.max(base.heads, Math.round((base.dModel * w) / base.heads) * base.heads);
  return {
    ...base,
    layers,
    dModel,
    ffnDim: width(base.ffnDim),
    joinerDim: width(base.joinerDim),
    predictor: {
      ...base.predictor,
      embeddingDim: width(base.predictor.embeddingDim),
      hiddenDim: width(base.predictor.hiddenDim),
    },
  };
}

/**
 * Dense small: the base config shrunk (width first, then depth) to the parameter count closest to `target`,
 * which must come within `tolerance` (relative) of it.
 */
export function sizeMatchedConfig(base: RnntConfig, target: number, tolerance = 0.05): RnntConfig {
  let best = base;
  let bestError = Math.abs(parameterCount(base) - target) / target;
  for (let layers = base.layers; layers >= 1; layers--) {
    let lo = 0.01;
    let hi = 1;
    for (let i = 0; i < 40; i++) {
      const mid = (lo + hi) / 2;
      if (parameterCount(scaled(base, mid, layers)) > target) hi = mid;
      else lo = mid;
    }
    for (const w of [lo, hi]) {
      const candidate = scaled(base, w, layers);
      const error = Math.abs(parameterCount(candidate) - target) / target;
      if (error < bestError - 1e-9) {
        best = candidate;
        bestError = error;
      }
    }
    if (bestError <= tolerance) break;
  }
  if (bestError > tolerance) {
    throw new Error(
      `config.targetParams: no scaling of the preset comes within ${tolerance * 100} % of ${target} parameters ` +
        `(closest: ${parameterCount(best)})`,
    );
  }
  return best;
}

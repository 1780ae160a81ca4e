/**
 * The simple joiner of the pruned RNN-T loss (icefall's simple_am_proj / simple_lm_proj): linear maps of the
 * encoder output and of the predictor output straight to the vocabulary, whose sum is the joiner of the simple
 * loss (loss/simple-rnnt.ts). Training-only weights: they sit in the ParamMap (so checkpoints, the optimizer and
 * resumes see them) only while the pruned loss trains, are named like every linear layer (`simple_am_proj.weight`
 * [dModel, V], `.bias` [V]; `simple_lm_proj.weight` [predictor output, V], `.bias` [V]) and are initialised as
 * every linear layer (uniform ±1/√fanIn, seeded by name), and inference ignores them.
 */
import { tf } from '../tf';
import type { RnntConfig } from './config';
import { linear } from './layers';
import {
  initialValues,
  linearSpecs,
  predictorOutputDim,
  type ParamMap,
  type ParamSource,
  type ParamSpec,
} from './params';

export const SIMPLE_AM_PROJ = 'simple_am_proj';
export const SIMPLE_LM_PROJ = 'simple_lm_proj';

/** Whether a parameter name belongs to the simple joiner (a training-only weight). */
export function isSimpleJoinerParam(name: string): boolean {
  return name.startsWith(`${SIMPLE_AM_PROJ}.`) || name.startsWith(`${SIMPLE_LM_PROJ}.`);
}

export function simpleJoinerSpecs(config: RnntConfig): ParamSpec[] {
  return [
    ...linearSpecs(SIMPLE_AM_PROJ, config.dModel, config.vocabSize),
    ...linearSpecs(SIMPLE_LM_PROJ, predictorOutputDim(config), config.vocabSize),
  ];
}

/** Add the simple joiner's weights to `params` where missing (a resume then overwrites them); returns the names added. */
export function addSimpleJoiner(params: ParamMap, config: RnntConfig, seed: number): string[] {
  const added: string[] = [];
  for (const spec of simpleJoinerSpecs(config)) {
    if (params.has(spec.name)) continue;
    const initial = tf.tensor(initialValues(spec, seed), spec.shape);
    params.set(spec.name, tf.variable(initial, true));
    initial.dispose();
    added.push(spec.name);
  }
  return added;
}

/** am = simple_am_proj(encoder): [B, T, dModel] → [B, T, V]. */
export function simpleAm(params: ParamSource, encoder: tf.Tensor): tf.Tensor {
  return linear(params, SIMPLE_AM_PROJ, encoder);
}

/** lm = simple_lm_proj(predictor): [B, U + 1, P] → [B, U + 1, V]. */
export function simpleLm(params: ParamSource, predictor: tf.Tensor): tf.Tensor {
  return linear(params, SIMPLE_LM_PROJ, predictor);
}

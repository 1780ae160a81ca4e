import { z } from 'zod';
import { InvalidConfigError } from '../config-error';

/**
 * Streaming RNN-T architecture, as plain data. Time units: `segmentLength`, `lookAhead` and
 * `maxFrames` count encoder frames (after subsampling); `leftContext` counts whole segments.
 */
const positiveInt = z.number().int().positive();

export const PredictorConfigSchema = z
  .object({
    kind: z.enum(['stateless', 'lstm']),
    /** Tokens of history the stateless predictor sees (the paper's stateless predictor: 2). */
    context: positiveInt.default(2),
    embeddingDim: positiveInt,
    /** LSTM hidden size (only used by kind 'lstm'). */
    hiddenDim: positiveInt.default(320),
    /** LSTM layers (only used by kind 'lstm'). */
    layers: positiveInt.default(1),
  })
  .strict();

export const RnntConfigSchema = z
  .object({
    inputDim: positiveInt.default(80),
    subsampling: z.union([z.literal(4), z.literal(6)]).default(4),
    subsamplingChannels: positiveInt.default(64),
    dModel: positiveInt,
    heads: positiveInt,
    ffnDim: positiveInt,
    layers: positiveInt,
    convModule: z.boolean().default(false),
    /** Depthwise kernel of the convolution module (odd). */
    convKernel: positiveInt.default(15),
    /** Encoder frames per segment (after subsampling). */
    segmentLength: positiveInt,
    /** Previous segments each frame may attend to. */
    leftContext: z.number().int().nonnegative(),
    /** Encoder frames beyond the segment end a segment may attend to (Emformer right context). */
    lookAhead: z.number().int().nonnegative().default(0),
    /** Longest utterance the model accepts, in encoder frames. */
    maxFrames: positiveInt.default(1500),
    dropout: z.number().min(0).lt(1).default(0),
    predictor: PredictorConfigSchema,
    joinerDim: positiveInt,
    /** Output symbols including blank (id 0). */
    vocabSize: z.number().int().min(2),
  })
  .strict()
  .superRefine((c, ctx) => {
    const issue = (path: string, message: string): void => {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
    };
    if (c.dModel % c.heads !== 0) issue('heads', `dModel ${c.dModel} is not divisible by heads ${c.heads}`);
    if (c.segmentLength > c.maxFrames) {
      issue(
        'segmentLength',
        `segment of ${c.segmentLength} frames is longer than the utterance cap maxFrames ${c.maxFrames}`,
      );
    }
    if (c.lookAhead > c.segmentLength) {
      issue('lookAhead', `look-ahead ${c.lookAhead} exceeds the segment length ${c.segmentLength}`);
    }
    if (c.convModule && c.convKernel % 2 === 0)
      issue('convKernel', `convKernel must be odd, got ${c.convKernel}`);
    const freq = subsampledFeatureDim(c.inputDim, c.subsampling);
    if (freq < 1)
      issue(
        'inputDim',
        `inputDim ${c.inputDim} is too small for ×${c.subsampling} convolutional subsampling`,
      );
  });

export type RnntConfig = z.infer<typeof RnntConfigSchema>;
export type RnntConfigInput = z.input<typeof RnntConfigSchema>;
export type PredictorConfig = z.infer<typeof PredictorConfigSchema>;

/** Frequency bins left after the two valid convolutions of the subsampling front end. */
export function subsampledFeatureDim(inputDim: number, subsampling: 4 | 6): number {
  const afterFirst = Math.floor((inputDim - 3) / 2) + 1;
  return subsampling === 4 ? Math.floor((afterFirst - 3) / 2) + 1 : Math.floor((afterFirst - 5) / 3) + 1;
}

/** Validate a config; the error names every offending field (`config.<field>: <reason>`). */
export function parseRnntConfig(input: unknown, source = 'config'): RnntConfig {
  const result = RnntConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({
    path: `${source}.${i.path.join('.') || '(root)'}`,
    message: i.message,
  }));
  throw new InvalidConfigError(
    `invalid RNN-T config: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    issues,
  );
}

export const RNNT_PRESETS = {
  /** For tests: about 52 k weights. */
  tiny: {
    inputDim: 80,
    subsampling: 4,
    subsamplingChannels: 8,
    dModel: 48,
    heads: 2,
    ffnDim: 96,
    layers: 2,
    convModule: false,
    convKernel: 3,
    segmentLength: 4,
    leftContext: 1,
    lookAhead: 0,
    maxFrames: 1500,
    dropout: 0,
    predictor: { kind: 'stateless', context: 2, embeddingDim: 48, hiddenDim: 48, layers: 1 },
    joinerDim: 48,
    vocabSize: 16,
  },
  /** The PyTorch reference model (docs/reproducing.md) (~1.31 M weights): 4 pre-LN layers d144, 8-frame chunks, 2 chunks left. */
  demo: {
    inputDim: 80,
    subsampling: 4,
    subsamplingChannels: 64,
    dModel: 144,
    heads: 4,
    ffnDim: 576,
    layers: 4,
    convModule: false,
    convKernel: 15,
    segmentLength: 8,
    leftContext: 2,
    lookAhead: 0,
    maxFrames: 1500,
    dropout: 0.1,
    predictor: { kind: 'stateless', context: 2, embeddingDim: 144, hiddenDim: 320, layers: 1 },
    joinerDim: 256,
    vocabSize: 43,
  },
  /** The paper's size: 30 layers d512 FFN 2048, 240 ms segments (6 × 40 ms) + 60 ms look-ahead. */
  paper: {
    inputDim: 80,
    subsampling: 4,
    subsamplingChannels: 256,
    dModel: 512,
    heads: 8,
    ffnDim: 2048,
    layers: 30,
    convModule: false,
    convKernel: 15,
    segmentLength: 6,
    leftContext: 5,
    lookAhead: 2,
    maxFrames: 1500,
    dropout: 0.1,
    predictor: { kind: 'lstm', context: 2, embeddingDim: 512, hiddenDim: 512, layers: 1 },
    joinerDim: 1024,
    vocabSize: 1549,
  },
} as const satisfies Record<string, RnntConfigInput>;

export type RnntPresetName = keyof typeof RNNT_PRESETS;

/** A preset, optionally overridden field by field, validated. */
export function presetConfig(name: RnntPresetName, overrides: Partial<RnntConfigInput> = {}): RnntConfig {
  return parseRnntConfig({ ...RNNT_PRESETS[name], ...overrides }, `preset '${name}'`);
}

import {
  CmvnStats,
  getOrComputeFeatures,
  normalizeText,
  type TrainingExample,
  type Tokenizer,
} from '../../engine';
import type { Utterance } from '../../shared/api';

/** Log-mel features of one utterance with what training and scoring need beside them. */
export interface UtteranceFeatures {
  utterance: Utterance;
  data: Float32Array;
  frames: number;
  bins: number;
}

/**
 * Features of the utterances through the content-addressed cache in `cacheDir`. An utterance whose audio cannot
 * be read is skipped and reported through `onSkip` (per-item failures do not abort the set).
 */
export async function loadFeatures(
  cacheDir: string,
  utterances: readonly Utterance[],
  hooks: {
    onProgress?: (done: number, total: number) => void;
    onSkip?: (u: Utterance, why: string) => void;
  } = {},
): Promise<UtteranceFeatures[]> {
  const out: UtteranceFeatures[] = [];
  for (const [i, utterance] of utterances.entries()) {
    try {
      const f = await getOrComputeFeatures(cacheDir, utterance.audioPath, {
        offsetSec: utterance.offsetSec ?? undefined,
        durationSec: utterance.offsetSec !== null ? utterance.durationSec : undefined,
      });
      if (f.frames > 0) out.push({ utterance, data: f.data, frames: f.frames, bins: f.bins });
      else hooks.onSkip?.(utterance, 'no feature frames (audio too short)');
    } catch (error) {
      hooks.onSkip?.(utterance, (error as Error).message);
    }
    hooks.onProgress?.(i + 1, utterances.length);
  }
  return out;
}

/** Global CMVN statistics of a feature set. */
export function globalCmvn(features: readonly UtteranceFeatures[]): CmvnStats {
  if (features.length === 0) throw new Error('no training features to compute CMVN statistics from');
  const stats = new CmvnStats(features[0].bins);
  for (const f of features) stats.accumulate(f.data, f.frames);
  return stats;
}

/**
 * Training examples: CMVN-normalised features and the tokenizer's ids of the normalised transcript. An utterance whose
 * transcript encodes to nothing is left out (RNN-T needs at least one label) and reported through `onSkip`.
 */
export function trainingExamples(
  features: readonly UtteranceFeatures[],
  cmvn: CmvnStats,
  tokenizer: Tokenizer,
  onSkip?: (u: Utterance, why: string) => void,
): TrainingExample[] {
  const out: TrainingExample[] = [];
  for (const f of features) {
    const { transcript, language } = f.utterance;
    const tokens = tokenizer.encode(normalizeText(transcript, language), language);
    if (tokens.length === 0) {
      onSkip?.(f.utterance, 'empty transcript');
      continue;
    }
    out.push({ id: f.utterance.id, features: cmvn.apply(f.data), frames: f.frames, tokens });
  }
  return out;
}

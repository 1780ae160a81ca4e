import type { MaskSet } from '../prune/mask-set';
import { checkLanguageData } from './language-sampler';

/**
 * Checks a pathways (or LSP) run's inputs before any training, so nothing is written for a bad run:
 * every language has data, and every language has a mask whose tensor names and shapes match the
 * model (errors name the language and the first mismatching tensor).
 */
export function checkPathwaysInputs(inputs: {
  languages: readonly string[];
  dataSizes: ReadonlyMap<string, number>;
  params: ReadonlyMap<string, { shape: readonly number[] }>;
  masks?: ReadonlyMap<string, MaskSet>;
}): void {
  const { languages, dataSizes, params, masks } = inputs;
  checkLanguageData(new Map(languages.map((l) => [l, dataSizes.get(l) ?? 0])));
  if (!masks) return;
  for (const language of languages) {
    const mask = masks.get(language);
    if (!mask) throw new Error(`language '${language}' has no mask`);
    try {
      mask.validateAgainst(params);
    } catch (error) {
      throw new Error(`mask of language '${language}': ${(error as Error).message}`);
    }
  }
  for (const language of masks.keys()) {
    if (!languages.includes(language))
      throw new Error(`mask of language '${language}' is not one of the run's languages`);
  }
}

import { CharTokenizer, mergeTokenizers, normalizeText, trainBpe, type Tokenizer } from '../../engine';
import type { Utterance } from '../../shared/api';

/** How a run builds its tokenizer: characters of all languages (default) or BPE per language, merged. */
export type TokenizerRecipe = { kind: 'char' } | { kind: 'bpe'; vocabSizePerLanguage: number };

/** A tokenizer of the normalised training transcripts. */
export function buildTokenizer(utterances: readonly Utterance[], recipe: TokenizerRecipe): Tokenizer {
  const texts = new Map<string, string[]>();
  for (const u of utterances) {
    const list = texts.get(u.language) ?? [];
    list.push(normalizeText(u.transcript, u.language));
    texts.set(u.language, list);
  }
  if (texts.size === 0) throw new Error('no training transcripts to build a tokenizer from');
  if (recipe.kind === 'char') return CharTokenizer.train([...texts.values()].flat());
  const perLanguage = new Map<string, Tokenizer>();
  for (const language of [...texts.keys()].sort()) {
    perLanguage.set(language, trainBpe(texts.get(language)!, recipe.vocabSizePerLanguage));
  }
  return mergeTokenizers(perLanguage);
}

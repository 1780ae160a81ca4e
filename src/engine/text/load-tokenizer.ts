/** Tokenizers from their saved JSON (validated; errors name the offending field). */
import { z } from 'zod';
import { BpeTokenizer } from './bpe';
import { CharTokenizer } from './char-tokenizer';
import { MergedTokenizer } from './merged-tokenizer';
import { SentencePieceTokenizer } from './sentencepiece';
import type { LanguageTokenizerJson, Tokenizer } from './tokenizer';

const vocab = z.array(z.string().min(1)).min(2);
const languageOptions = [
  z.object({ kind: z.literal('char'), vocab }),
  z.object({
    kind: z.literal('bpe'),
    vocab,
    merges: z.array(z.tuple([z.string().min(1), z.string().min(1)])),
  }),
  z.object({ kind: z.literal('sentencepiece'), model: z.string().min(1) }),
] as const;
const languageSchema = z.discriminatedUnion('kind', [...languageOptions]);
const tokenizerSchema = z.discriminatedUnion('kind', [
  ...languageOptions,
  z.object({ kind: z.literal('merged'), vocab, languages: z.record(z.string().min(1), languageSchema) }),
]);

async function loadLanguage(json: LanguageTokenizerJson): Promise<Tokenizer> {
  if (json.kind === 'char') return CharTokenizer.fromJSON(json);
  if (json.kind === 'bpe') return BpeTokenizer.fromJSON(json);
  return SentencePieceTokenizer.fromJSON(json);
}

/**
 * The tokenizer saved by toJSON(). A merged tokenizer is rebuilt from its languages and must give
 * the saved vocabulary exactly (else the ids a model was trained with would shift).
 */
export async function loadTokenizer(json: unknown, source = 'tokenizer'): Promise<Tokenizer> {
  const parsed = tokenizerSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TypeError(`${source}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const data = parsed.data;
  if (data.kind !== 'merged') return loadLanguage(data);
  const languages = new Map<string, Tokenizer>();
  for (const [lang, sub] of Object.entries(data.languages)) languages.set(lang, await loadLanguage(sub));
  const merged = new MergedTokenizer(languages);
  const mismatch = merged.vocab.findIndex((piece, id) => piece !== data.vocab[id]);
  if (mismatch >= 0 || merged.vocab.length !== data.vocab.length) {
    const at = mismatch >= 0 ? mismatch : Math.min(merged.vocab.length, data.vocab.length);
    throw new RangeError(
      `${source}: vocab differs from the one rebuilt from its languages at id ${at} ` +
        `('${data.vocab[at]}' saved, '${merged.vocab[at]}' rebuilt)`,
    );
  }
  return merged;
}

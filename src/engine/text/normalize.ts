/**
 * Per-language transcript normalisation: NFC, case, punctuation policy, apostrophes inside words
 * (en / fr / it by default), numbers kept as written, whitespace collapsed.
 */

export interface NormalizationPolicy {
  /** 'lower' (default) lower-cases with the language's rules; 'keep' leaves case alone. */
  case?: 'lower' | 'keep';
  /**
   * 'strip' (default) replaces punctuation and symbols (Unicode P and S) by spaces, except the
   * separators . , : between two digits (numbers stay as written, e.g. 3.5, 1,000, 10:30) and, when
   * keepApostrophes, an apostrophe between two letters; 'keep' leaves them all.
   */
  punctuation?: 'strip' | 'keep';
  /** Keep apostrophes between two letters when stripping; default: true for en, fr and it. */
  keepApostrophes?: boolean;
}

export const APOSTROPHE_LANGUAGES: readonly string[] = ['en', 'fr', 'it'];

/** Typographic apostrophes and look-alikes, written as the ASCII apostrophe. */
const APOSTROPHES = /[\u2019\u2018\u02BC\u2032]/gu;
const PUNCTUATION = /[\p{P}\p{S}]/gu;

function primaryLanguage(lang: string): string {
  return lang.toLowerCase().split(/[-_]/u)[0];
}

function lowerCase(text: string, lang: string): string {
  try {
    return text.toLocaleLowerCase(lang);
  } catch {
    return text.toLowerCase(); // not a valid BCP 47 tag: language-neutral rules
  }
}

export function normalizeText(text: string, lang: string, policy: NormalizationPolicy = {}): string {
  let out = text.normalize('NFC').replace(APOSTROPHES, "'");
  if ((policy.case ?? 'lower') === 'lower') out = lowerCase(out, lang);
  if ((policy.punctuation ?? 'strip') === 'strip') {
    const keepApostrophes = policy.keepApostrophes ?? APOSTROPHE_LANGUAGES.includes(primaryLanguage(lang));
    const source = out;
    out = source.replace(PUNCTUATION, (mark: string, offset: number) => {
      const before = source.slice(Math.max(0, offset - 2), offset);
      const after = source.slice(offset + 1, offset + 3);
      if (mark === "'" && keepApostrophes && /[\p{L}\p{M}]$/u.test(before) && /^\p{L}/u.test(after))
        return mark;
      if ('.,:'.includes(mark) && /\p{Nd}$/u.test(before) && /^\p{Nd}/u.test(after)) return mark;
      return ' ';
    });
  }
  return out.replace(/\s+/gu, ' ').trim();
}

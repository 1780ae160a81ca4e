/** Language names (as in MLS folder names and common spellings) → ISO 639-1 codes. */
const NAMES: Record<string, string> = {
  english: 'en',
  french: 'fr',
  italian: 'it',
  dutch: 'nl',
  german: 'de',
  spanish: 'es',
  portuguese: 'pt',
  polish: 'pl',
};

/** ISO 639-1 codes; three-letter (ISO 639-3) primaries are accepted by shape alone. */
const ISO_639_1 = new Set(
  (
    'aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el ' +
    'en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja ' +
    'jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ' +
    'ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss ' +
    'st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu'
  ).split(' '),
);

const CODE = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/iu;

/**
 * Normalises a language given as a code (`fr`, `pt-BR`, `zh_CN`) or a name (`French`, `mls_french`).
 * Returns null when it is neither.
 */
export function normalizeLanguage(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const text = raw.trim().replace(/_/gu, '-');
  if (text === '') return null;
  const lower = text.toLowerCase();
  const name = lower.replace(/^mls-/u, '');
  if (NAMES[name]) return NAMES[name];
  if (!CODE.test(text)) return null;
  const [primary, ...rest] = text.split('-');
  if (primary.length === 2 && !ISO_639_1.has(primary.toLowerCase())) return null;
  return [
    primary.toLowerCase(),
    ...rest.map((r) => (r.length === 2 ? r.toUpperCase() : r.toLowerCase())),
  ].join('-');
}

/** Language implied by a folder name such as `mls_french`, `french` or `fr` (ISO 639-1 only: `data` is no language). */
export function languageFromFolderName(name: string): string | null {
  const lower = name.toLowerCase().replace(/^mls[_-]/u, '');
  if (NAMES[lower]) return NAMES[lower];
  return ISO_639_1.has(lower) ? lower : null;
}

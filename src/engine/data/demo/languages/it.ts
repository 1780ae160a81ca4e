import type { Grammar, Noun } from '../grammar';
import { joinElided } from '../grammar';

const m = (sg: string, pl: string): Noun => ({ sg, pl, gender: 'm' });
const f = (sg: string, pl: string): Noun => ({ sg, pl, gender: 'f' });

/** Adjective forms [m sg, f sg, m pl, f pl]; Italian adjectives here all follow the noun. */
type Adjective = [string, string, string, string];

/** -o/-a/-i/-e adjectives (piccolo) and -e/-i ones (felice). */
const o = (stem: string): Adjective => [`${stem}o`, `${stem}a`, `${stem}i`, `${stem}e`];
const e = (stem: string): Adjective => [`${stem}e`, `${stem}e`, `${stem}i`, `${stem}i`];

const ADJECTIVES: Adjective[] = [
  o('piccol'),
  e('grand'),
  ['vecchio', 'vecchia', 'vecchi', 'vecchie'],
  e('giovan'),
  o('ross'),
  o('ner'),
  ['bianco', 'bianca', 'bianchi', 'bianche'],
  e('verd'),
  o('nuov'),
  e('felic'),
  ['stanco', 'stanca', 'stanchi', 'stanche'],
  o('tranquill'),
  o('alt'),
  e('gentil'),
  e('pesant'),
  o('fredd'),
  o('cald'),
  o('bell'),
  o('affamat'),
  o('allegr'),
];

const VOWEL = /^[aeiouàèéìòù]/u;
/** s + consonant, z, gn, ps, x, y: these take lo/gli/uno. */
const S_IMPURA = /^(?:s[^aeiouàèéìòù]|z|gn|ps|x|y)/u;

function form(a: Adjective, gender: string, plural: boolean): string {
  return a[(gender === 'f' ? 1 : 0) + (plural ? 2 : 0)];
}

function definiteArticle(gender: string, plural: boolean, next: string): string {
  if (gender === 'f') return plural ? 'le' : VOWEL.test(next) ? "l'" : 'la';
  if (plural) return VOWEL.test(next) || S_IMPURA.test(next) ? 'gli' : 'i';
  return VOWEL.test(next) ? "l'" : S_IMPURA.test(next) ? 'lo' : 'il';
}

function indefiniteArticle(gender: string, plural: boolean, next: string, quantifier: number): string {
  if (plural) return [gender === 'f' ? 'alcune' : 'alcuni', 'due', 'tre'][quantifier];
  if (gender === 'f') return VOWEL.test(next) ? "un'" : 'una';
  return S_IMPURA.test(next) ? 'uno' : 'un';
}

export const italian: Grammar = {
  language: 'it',
  people: [
    m('uomo', 'uomini'),
    f('donna', 'donne'),
    m('bambino', 'bambini'),
    f('bambina', 'bambine'),
    m('ragazzo', 'ragazzi'),
    f('ragazza', 'ragazze'),
    m('maestro', 'maestri'),
    m('medico', 'medici'),
    m('contadino', 'contadini'),
    m('studente', 'studenti'),
    f('studentessa', 'studentesse'),
    m('fornaio', 'fornai'),
    m('vicino', 'vicini'),
    m('amico', 'amici'),
    f('amica', 'amiche'),
    m('fratello', 'fratelli'),
    f('sorella', 'sorelle'),
    f('madre', 'madri'),
    m('padre', 'padri'),
    m('artista', 'artisti'),
  ],
  animals: [
    m('cane', 'cani'),
    m('gatto', 'gatti'),
    m('cavallo', 'cavalli'),
    m('uccello', 'uccelli'),
    f('mucca', 'mucche'),
  ],
  things: [
    m('libro', 'libri'),
    f('lettera', 'lettere'),
    f('mela', 'mele'),
    f('torta', 'torte'),
    f('macchina', 'macchine'),
    f('bicicletta', 'biciclette'),
    f('sedia', 'sedie'),
    f('finestra', 'finestre'),
    f('porta', 'porte'),
    f('tazza', 'tazze'),
    f('bottiglia', 'bottiglie'),
    f('scatola', 'scatole'),
    m('pallone', 'palloni'),
    m('giornale', 'giornali'),
    m('quadro', 'quadri'),
    f('chiave', 'chiavi'),
    f('borsa', 'borse'),
    m('cappello', 'cappelli'),
    m('cappotto', 'cappotti'),
    m('fiore', 'fiori'),
    m('pesce', 'pesci'),
    f('arancia', 'arance'),
    m('orologio', 'orologi'),
    m('zaino', 'zaini'),
    m('specchio', 'specchi'),
  ],
  names: [
    { name: 'giulia', gender: 'f' },
    { name: 'marco', gender: 'm' },
    { name: 'anna', gender: 'f' },
    { name: 'luca', gender: 'm' },
    { name: 'sara', gender: 'f' },
    { name: 'paolo', gender: 'm' },
  ],
  adjectiveCount: ADJECTIVES.length,
  transitive: [
    { sg: 'legge', pl: 'leggono' },
    { sg: 'scrive', pl: 'scrivono' },
    { sg: 'mangia', pl: 'mangiano' },
    { sg: 'vede', pl: 'vedono' },
    { sg: 'compra', pl: 'comprano' },
    { sg: 'trova', pl: 'trovano' },
    { sg: 'apre', pl: 'aprono' },
    { sg: 'chiude', pl: 'chiudono' },
    { sg: 'porta', pl: 'portano' },
    { sg: 'guarda', pl: 'guardano' },
    { sg: 'lava', pl: 'lavano' },
    { sg: 'prende', pl: 'prendono' },
    { sg: 'vende', pl: 'vendono' },
    { sg: 'prepara', pl: 'preparano' },
    { sg: 'cerca', pl: 'cercano' },
    { sg: 'ama', pl: 'amano' },
    { sg: 'disegna', pl: 'disegnano' },
    { sg: 'pulisce', pl: 'puliscono' },
  ],
  intransitive: [
    { sg: 'dorme', pl: 'dormono' },
    { sg: 'lavora', pl: 'lavorano' },
    { sg: 'canta', pl: 'cantano' },
    { sg: 'corre', pl: 'corrono' },
    { sg: 'balla', pl: 'ballano' },
    { sg: 'parla', pl: 'parlano' },
    { sg: 'gioca', pl: 'giocano' },
    { sg: 'cammina', pl: 'camminano' },
    { sg: 'aspetta', pl: 'aspettano' },
    { sg: 'ride', pl: 'ridono' },
  ],
  copula: { sg: 'è', pl: 'sono' },
  places: [
    'in cucina',
    'nel giardino',
    'a scuola',
    'al mercato',
    'nel parco',
    'a casa',
    'per strada',
    'in città',
    'in ufficio',
    'alla stazione',
    'sulla spiaggia',
    'nel bosco',
    "sotto l'albero",
    'in piazza',
    'al bar',
  ],
  times: [
    'stamattina',
    'oggi',
    'ogni sera',
    'ogni giorno',
    'domani',
    'spesso',
    'il lunedì',
    'di notte',
    'ogni mattina',
    'a mezzogiorno',
  ],
  and: 'e',
  verbSecond: false,
  nounPhrase({ noun, plural, definite, adjective, quantifier }) {
    const head = plural ? noun.pl : noun.sg;
    const words = adjective === undefined ? [head] : [head, form(ADJECTIVES[adjective], noun.gender, plural)];
    const article = definite
      ? definiteArticle(noun.gender, plural, head)
      : indefiniteArticle(noun.gender, plural, head, quantifier);
    return joinElided([article, ...words]);
  },
  predicative: (adjective, gender, plural) => form(ADJECTIVES[adjective], gender, plural),
};

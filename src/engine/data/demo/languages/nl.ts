import type { Grammar, Noun } from '../grammar';

const de = (sg: string, pl: string): Noun => ({ sg, pl, gender: 'de' });
const het = (sg: string, pl: string): Noun => ({ sg, pl, gender: 'het' });

/** [base, inflected]: the inflected form is used attributively except after `een` with a het-word. */
const ADJECTIVES: [string, string][] = [
  ['groot', 'grote'], ['klein', 'kleine'], ['oud', 'oude'], ['jong', 'jonge'], ['mooi', 'mooie'],
  ['rood', 'rode'], ['zwart', 'zwarte'], ['wit', 'witte'], ['nieuw', 'nieuwe'], ['blij', 'blije'],
  ['lief', 'lieve'], ['snel', 'snelle'], ['ziek', 'zieke'], ['warm', 'warme'], ['koud', 'koude'],
  ['lang', 'lange'], ['dik', 'dikke'], ['stil', 'stille'], ['zwaar', 'zware'], ['vrolijk', 'vrolijke'],
];

const QUANTIFIERS = ['veel', 'twee', 'drie'];

export const dutch: Grammar = {
  language: 'nl',
  people: [
    de('man', 'mannen'), de('vrouw', 'vrouwen'), het('kind', 'kinderen'), de('jongen', 'jongens'),
    het('meisje', 'meisjes'), de('leraar', 'leraren'), de('dokter', 'dokters'), de('boer', 'boeren'),
    de('student', 'studenten'), de('bakker', 'bakkers'), de('buurman', 'buren'), de('vriend', 'vrienden'),
    de('vriendin', 'vriendinnen'), de('broer', 'broers'), de('zus', 'zussen'), de('moeder', 'moeders'),
    de('vader', 'vaders'), de('kunstenaar', 'kunstenaars'),
  ],
  animals: [de('hond', 'honden'), de('kat', 'katten'), het('paard', 'paarden'), de('vogel', 'vogels'), de('koe', 'koeien')],
  things: [
    het('boek', 'boeken'), de('brief', 'brieven'), de('appel', 'appels'), de('taart', 'taarten'), de('auto', "auto's"),
    de('fiets', 'fietsen'), de('stoel', 'stoelen'), het('raam', 'ramen'), de('deur', 'deuren'), de('kop', 'koppen'),
    de('fles', 'flessen'), de('doos', 'dozen'), de('bal', 'ballen'), de('krant', 'kranten'), het('schilderij', 'schilderijen'),
    de('sleutel', 'sleutels'), de('tas', 'tassen'), de('hoed', 'hoeden'), de('jas', 'jassen'), de('bloem', 'bloemen'),
    de('vis', 'vissen'), de('sinaasappel', 'sinaasappels'), het('bord', 'borden'), het('ei', 'eieren'),
  ],
  names: [
    { name: 'anna', gender: 'de' }, { name: 'pieter', gender: 'de' }, { name: 'sanne', gender: 'de' },
    { name: 'jan', gender: 'de' }, { name: 'eva', gender: 'de' }, { name: 'daan', gender: 'de' },
  ],
  adjectiveCount: ADJECTIVES.length,
  transitive: [
    { sg: 'leest', pl: 'lezen' }, { sg: 'schrijft', pl: 'schrijven' }, { sg: 'eet', pl: 'eten' },
    { sg: 'ziet', pl: 'zien' }, { sg: 'koopt', pl: 'kopen' }, { sg: 'vindt', pl: 'vinden' },
    { sg: 'opent', pl: 'openen' }, { sg: 'sluit', pl: 'sluiten' }, { sg: 'draagt', pl: 'dragen' },
    { sg: 'bekijkt', pl: 'bekijken' }, { sg: 'wast', pl: 'wassen' }, { sg: 'brengt', pl: 'brengen' },
    { sg: 'verkoopt', pl: 'verkopen' }, { sg: 'pakt', pl: 'pakken' }, { sg: 'maakt', pl: 'maken' },
    { sg: 'zoekt', pl: 'zoeken' }, { sg: 'tekent', pl: 'tekenen' }, { sg: 'poetst', pl: 'poetsen' },
  ],
  intransitive: [
    { sg: 'slaapt', pl: 'slapen' }, { sg: 'werkt', pl: 'werken' }, { sg: 'zingt', pl: 'zingen' },
    { sg: 'rent', pl: 'rennen' }, { sg: 'danst', pl: 'dansen' }, { sg: 'praat', pl: 'praten' },
    { sg: 'speelt', pl: 'spelen' }, { sg: 'wandelt', pl: 'wandelen' }, { sg: 'wacht', pl: 'wachten' },
    { sg: 'lacht', pl: 'lachen' },
  ],
  copula: { sg: 'is', pl: 'zijn' },
  places: [
    'in de keuken', 'in de tuin', 'op school', 'op de markt', 'in het park', 'thuis', 'op straat', 'in de stad',
    'op kantoor', 'bij het station', 'op het strand', 'in het bos', 'onder de boom', 'op het plein', 'in het café',
  ],
  times: [
    'vanochtend', 'vandaag', 'elke avond', 'elke dag', 'morgen', 'vaak', 'op maandag', 'vannacht', 'elke ochtend',
    'om twaalf uur',
  ],
  and: 'en',
  verbSecond: true,
  nounPhrase({ noun, plural, definite, adjective, quantifier }) {
    const article = definite ? (plural || noun.gender === 'de' ? 'de' : 'het') : plural ? QUANTIFIERS[quantifier] : 'een';
    const head = plural ? noun.pl : noun.sg;
    if (adjective === undefined) return `${article} ${head}`;
    const [base, inflected] = ADJECTIVES[adjective];
    const form = !definite && !plural && noun.gender === 'het' ? base : inflected;
    return `${article} ${form} ${head}`;
  },
  predicative: (adjective) => ADJECTIVES[adjective][0],
};

import type { Grammar, Noun } from '../grammar';
import { joinElided } from '../grammar';

const m = (sg: string, pl: string): Noun => ({ sg, pl, gender: 'm' });
const f = (sg: string, pl: string): Noun => ({ sg, pl, gender: 'f' });

interface Adjective {
  ms: string;
  fs: string;
  mp: string;
  fp: string;
  /** Placed before the noun (petit, grand …); most French adjectives follow it. */
  pre: boolean;
}

const adj = (ms: string, fs: string, mp: string, fp: string, pre = false): Adjective => ({
  ms,
  fs,
  mp,
  fp,
  pre,
});

const ADJECTIVES: Adjective[] = [
  adj('petit', 'petite', 'petits', 'petites', true),
  adj('grand', 'grande', 'grands', 'grandes', true),
  adj('joli', 'jolie', 'jolis', 'jolies', true),
  adj('bon', 'bonne', 'bons', 'bonnes', true),
  adj('jeune', 'jeune', 'jeunes', 'jeunes', true),
  adj('gros', 'grosse', 'gros', 'grosses', true),
  adj('rouge', 'rouge', 'rouges', 'rouges'),
  adj('noir', 'noire', 'noirs', 'noires'),
  adj('blanc', 'blanche', 'blancs', 'blanches'),
  adj('vert', 'verte', 'verts', 'vertes'),
  adj('content', 'contente', 'contents', 'contentes'),
  adj('fatigué', 'fatiguée', 'fatigués', 'fatiguées'),
  adj('calme', 'calme', 'calmes', 'calmes'),
  adj('lourd', 'lourde', 'lourds', 'lourdes'),
  adj('froid', 'froide', 'froids', 'froides'),
  adj('chaud', 'chaude', 'chauds', 'chaudes'),
  adj('gentil', 'gentille', 'gentils', 'gentilles'),
  adj('heureux', 'heureuse', 'heureux', 'heureuses'),
  adj('affamé', 'affamée', 'affamés', 'affamées'),
  adj('célèbre', 'célèbre', 'célèbres', 'célèbres'),
];

const QUANTIFIERS = ['des', 'deux', 'trois'];

function form(a: Adjective, gender: string, plural: boolean): string {
  if (gender === 'f') return plural ? a.fp : a.fs;
  return plural ? a.mp : a.ms;
}

/** Le/la elide before a vowel or mute h (no aspirated-h words are in the vocabulary). */
const elides = (word: string): boolean => /^[aeiouyhéèêàâîôû]/u.test(word);

export const french: Grammar = {
  language: 'fr',
  people: [
    m('homme', 'hommes'),
    f('femme', 'femmes'),
    m('enfant', 'enfants'),
    m('garçon', 'garçons'),
    f('fille', 'filles'),
    m('professeur', 'professeurs'),
    m('médecin', 'médecins'),
    m('fermier', 'fermiers'),
    m('étudiant', 'étudiants'),
    f('étudiante', 'étudiantes'),
    m('boulanger', 'boulangers'),
    m('voisin', 'voisins'),
    f('voisine', 'voisines'),
    m('ami', 'amis'),
    f('amie', 'amies'),
    m('frère', 'frères'),
    f('sœur', 'sœurs'),
    f('mère', 'mères'),
    m('père', 'pères'),
    m('artiste', 'artistes'),
  ],
  animals: [
    m('chien', 'chiens'),
    m('chat', 'chats'),
    m('cheval', 'chevaux'),
    m('oiseau', 'oiseaux'),
    f('vache', 'vaches'),
  ],
  things: [
    m('livre', 'livres'),
    f('lettre', 'lettres'),
    f('pomme', 'pommes'),
    m('gâteau', 'gâteaux'),
    f('voiture', 'voitures'),
    m('vélo', 'vélos'),
    f('chaise', 'chaises'),
    f('fenêtre', 'fenêtres'),
    f('porte', 'portes'),
    f('tasse', 'tasses'),
    f('bouteille', 'bouteilles'),
    f('boîte', 'boîtes'),
    m('ballon', 'ballons'),
    m('journal', 'journaux'),
    f('image', 'images'),
    f('clé', 'clés'),
    m('sac', 'sacs'),
    m('chapeau', 'chapeaux'),
    m('manteau', 'manteaux'),
    f('fleur', 'fleurs'),
    m('poisson', 'poissons'),
    f('orange', 'oranges'),
    f('assiette', 'assiettes'),
    f('histoire', 'histoires'),
  ],
  names: [
    { name: 'marie', gender: 'f' },
    { name: 'pierre', gender: 'm' },
    { name: 'julie', gender: 'f' },
    { name: 'paul', gender: 'm' },
    { name: 'sophie', gender: 'f' },
    { name: 'louis', gender: 'm' },
  ],
  adjectiveCount: ADJECTIVES.length,
  transitive: [
    { sg: 'lit', pl: 'lisent' },
    { sg: 'écrit', pl: 'écrivent' },
    { sg: 'mange', pl: 'mangent' },
    { sg: 'voit', pl: 'voient' },
    { sg: 'achète', pl: 'achètent' },
    { sg: 'trouve', pl: 'trouvent' },
    { sg: 'ouvre', pl: 'ouvrent' },
    { sg: 'ferme', pl: 'ferment' },
    { sg: 'porte', pl: 'portent' },
    { sg: 'regarde', pl: 'regardent' },
    { sg: 'lave', pl: 'lavent' },
    { sg: 'apporte', pl: 'apportent' },
    { sg: 'vend', pl: 'vendent' },
    { sg: 'prend', pl: 'prennent' },
    { sg: 'prépare', pl: 'préparent' },
    { sg: 'aime', pl: 'aiment' },
    { sg: 'cherche', pl: 'cherchent' },
    { sg: 'dessine', pl: 'dessinent' },
  ],
  intransitive: [
    { sg: 'dort', pl: 'dorment' },
    { sg: 'travaille', pl: 'travaillent' },
    { sg: 'chante', pl: 'chantent' },
    { sg: 'court', pl: 'courent' },
    { sg: 'danse', pl: 'dansent' },
    { sg: 'parle', pl: 'parlent' },
    { sg: 'joue', pl: 'jouent' },
    { sg: 'marche', pl: 'marchent' },
    { sg: 'attend', pl: 'attendent' },
    { sg: 'rit', pl: 'rient' },
  ],
  copula: { sg: 'est', pl: 'sont' },
  places: [
    'dans la cuisine',
    'dans le jardin',
    "à l'école",
    'au marché',
    'dans le parc',
    'à la maison',
    'dans la rue',
    'en ville',
    'au bureau',
    'près de la gare',
    'sur la plage',
    'dans la forêt',
    "sous l'arbre",
    'sur la place',
    'au café',
  ],
  times: [
    'ce matin',
    "aujourd'hui",
    'chaque soir',
    'tous les jours',
    'demain',
    'souvent',
    'le lundi',
    'la nuit',
    'chaque matin',
    'à midi',
  ],
  and: 'et',
  verbSecond: false,
  nounPhrase({ noun, plural, definite, adjective, quantifier }) {
    const a = adjective === undefined ? undefined : ADJECTIVES[adjective];
    const head = plural ? noun.pl : noun.sg;
    const words = a
      ? a.pre
        ? [form(a, noun.gender, plural), head]
        : [head, form(a, noun.gender, plural)]
      : [head];
    let article: string;
    if (definite) article = plural ? 'les' : elides(words[0]) ? "l'" : noun.gender === 'f' ? 'la' : 'le';
    else article = plural ? QUANTIFIERS[quantifier] : noun.gender === 'f' ? 'une' : 'un';
    return joinElided([article, ...words]);
  },
  predicative: (adjective, gender, plural) => form(ADJECTIVES[adjective], gender, plural),
};

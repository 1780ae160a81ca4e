import type { Grammar, Noun } from '../grammar';

const n = (sg: string, pl: string): Noun => ({ sg, pl, gender: '' });

const ADJECTIVES = [
  'old', 'young', 'small', 'big', 'happy', 'tired', 'red', 'black', 'white', 'green',
  'new', 'beautiful', 'quiet', 'hungry', 'little', 'tall', 'warm', 'cold', 'heavy', 'kind',
];
const QUANTIFIERS = ['some', 'two', 'three'];

export const english: Grammar = {
  language: 'en',
  people: [
    n('man', 'men'), n('woman', 'women'), n('child', 'children'), n('boy', 'boys'), n('girl', 'girls'),
    n('teacher', 'teachers'), n('doctor', 'doctors'), n('farmer', 'farmers'), n('student', 'students'),
    n('baker', 'bakers'), n('neighbour', 'neighbours'), n('friend', 'friends'), n('brother', 'brothers'),
    n('sister', 'sisters'), n('mother', 'mothers'), n('father', 'fathers'), n('artist', 'artists'),
  ],
  animals: [n('dog', 'dogs'), n('cat', 'cats'), n('horse', 'horses'), n('bird', 'birds'), n('cow', 'cows')],
  things: [
    n('book', 'books'), n('letter', 'letters'), n('apple', 'apples'), n('cake', 'cakes'), n('car', 'cars'),
    n('bike', 'bikes'), n('chair', 'chairs'), n('window', 'windows'), n('door', 'doors'), n('cup', 'cups'),
    n('bottle', 'bottles'), n('box', 'boxes'), n('ball', 'balls'), n('newspaper', 'newspapers'),
    n('picture', 'pictures'), n('key', 'keys'), n('bag', 'bags'), n('hat', 'hats'), n('coat', 'coats'),
    n('flower', 'flowers'), n('fish', 'fish'), n('orange', 'oranges'), n('umbrella', 'umbrellas'), n('egg', 'eggs'),
  ],
  names: [
    { name: 'anna', gender: '' }, { name: 'peter', gender: '' }, { name: 'maria', gender: '' },
    { name: 'tom', gender: '' }, { name: 'lucy', gender: '' }, { name: 'david', gender: '' },
  ],
  adjectiveCount: ADJECTIVES.length,
  transitive: [
    { sg: 'reads', pl: 'read' }, { sg: 'writes', pl: 'write' }, { sg: 'eats', pl: 'eat' }, { sg: 'sees', pl: 'see' },
    { sg: 'buys', pl: 'buy' }, { sg: 'finds', pl: 'find' }, { sg: 'opens', pl: 'open' }, { sg: 'closes', pl: 'close' },
    { sg: 'carries', pl: 'carry' }, { sg: 'watches', pl: 'watch' }, { sg: 'washes', pl: 'wash' },
    { sg: 'brings', pl: 'bring' }, { sg: 'sells', pl: 'sell' }, { sg: 'takes', pl: 'take' }, { sg: 'makes', pl: 'make' },
    { sg: 'likes', pl: 'like' }, { sg: 'paints', pl: 'paint' }, { sg: 'cleans', pl: 'clean' },
  ],
  intransitive: [
    { sg: 'sleeps', pl: 'sleep' }, { sg: 'works', pl: 'work' }, { sg: 'sings', pl: 'sing' }, { sg: 'runs', pl: 'run' },
    { sg: 'dances', pl: 'dance' }, { sg: 'talks', pl: 'talk' }, { sg: 'plays', pl: 'play' }, { sg: 'walks', pl: 'walk' },
    { sg: 'waits', pl: 'wait' }, { sg: 'laughs', pl: 'laugh' },
  ],
  copula: { sg: 'is', pl: 'are' },
  places: [
    'in the kitchen', 'in the garden', 'at school', 'at the market', 'in the park', 'at home', 'in the street',
    'in the city', 'at the office', 'near the station', 'on the beach', 'in the forest', 'under the tree',
    'in the square', 'at the cafe',
  ],
  times: [
    'this morning', 'today', 'every evening', 'every day', 'tomorrow', 'often', 'on monday', 'at night',
    'every morning', 'at noon',
  ],
  and: 'and',
  verbSecond: false,
  nounPhrase({ noun, plural, definite, adjective, quantifier }) {
    const words = [...(adjective === undefined ? [] : [ADJECTIVES[adjective]]), plural ? noun.pl : noun.sg];
    const article = definite ? 'the' : plural ? QUANTIFIERS[quantifier] : /^[aeiou]/u.test(words[0]) ? 'an' : 'a';
    return [article, ...words].join(' ');
  },
  predicative: (adjective) => ADJECTIVES[adjective],
};

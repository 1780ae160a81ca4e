import { normalizeText } from '../../../src/engine/text';

describe('normalizeText', () => {
  it('lower-cases, strips punctuation and collapses whitespace by default', () => {
    expect(normalizeText('  Hello,\tWorld!  How are   you?\n', 'en')).toBe('hello world how are you');
    expect(normalizeText('« Bonjour » — dit-il…', 'fr')).toBe('bonjour dit il');
  });

  it('keeps apostrophes inside words for en, fr and it, typographic ones written as ASCII', () => {
    expect(normalizeText('Don’t stop, it’s fine', 'en')).toBe("don't stop it's fine");
    expect(normalizeText("L'homme qu'il a vu", 'fr')).toBe("l'homme qu'il a vu");
    expect(normalizeText("Dell'anno scorso", 'it-IT')).toBe("dell'anno scorso");
    expect(normalizeText("'quoted' words'", 'en')).toBe('quoted words');
  });

  it('strips apostrophes for other languages unless the policy keeps them', () => {
    expect(normalizeText("zo'n huis", 'nl')).toBe('zo n huis');
    expect(normalizeText("zo'n huis", 'nl', { keepApostrophes: true })).toBe("zo'n huis");
    expect(normalizeText("don't", 'en', { keepApostrophes: false })).toBe('don t');
  });

  it('keeps numbers as written, with their separators between digits', () => {
    expect(normalizeText('It costs 3.50, or 1,000 at 10:30.', 'en')).toBe('it costs 3.50 or 1,000 at 10:30');
    expect(normalizeText('2-3 times, 50%', 'en')).toBe('2 3 times 50');
  });

  it('composes accents (NFC): NFD and NFC spellings normalise to the same string', () => {
    const nfd = 'Cafe\u0301 cre\u0300me bru\u0302le\u0301e';
    expect(normalizeText(nfd, 'fr')).toBe('café crème brûlée');
    expect(normalizeText(nfd, 'fr')).toBe(normalizeText('Café Crème Brûlée', 'fr'));
  });

  it('applies the policy: case kept, punctuation kept', () => {
    expect(normalizeText('Hello, World!', 'en', { case: 'keep' })).toBe('Hello World');
    expect(normalizeText('Hello,  World!', 'en', { punctuation: 'keep' })).toBe('hello, world!');
  });

  it("lower-cases with the language's rules and tolerates an invalid language tag", () => {
    expect(normalizeText('İSTANBUL', 'tr')).toBe('istanbul');
    expect(normalizeText('ÉTÉ', 'not a tag!')).toBe('été');
  });
});

import { decodeText, normalizeTranscript } from '../../../src/engine/data/text';
import { normalizeLanguage, languageFromFolderName } from '../../../src/engine/data/languages';
import { splitFromName } from '../../../src/engine/data/split-names';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('text files', () => {
  it('strips a UTF-8 BOM and accepts CRLF, CR and LF line ends', () => {
    expect(decodeText(bytes('\uFEFFa\r\nb\rc\nd\r\n'))).toEqual({ ok: true, lines: ['a', 'b', 'c', 'd'] });
  });

  it('refuses invalid UTF-8 and NUL/control bytes as binary', () => {
    expect(decodeText(new Uint8Array([0x61, 0xc3, 0x28])).ok).toBe(false);
    expect(decodeText(new Uint8Array([0x61, 0x00, 0x62])).ok).toBe(false);
    expect(decodeText(bytes('tab\tok\fform feed')).ok).toBe(true);
  });

  it('normalises transcripts to NFC with collapsed whitespace', () => {
    const nfd = ' citta\u0300   e\u0301te\u0301\t ';
    expect(normalizeTranscript(nfd)).toBe('citt\u00e0 \u00e9t\u00e9');
    expect(normalizeTranscript(nfd).length).toBe(9);
  });
});

describe('names', () => {
  it('maps MLS folder names and codes to languages, refusing non-languages', () => {
    expect(languageFromFolderName('mls_french')).toBe('fr');
    expect(languageFromFolderName('mls_english')).toBe('en');
    expect(languageFromFolderName('dutch')).toBe('nl');
    expect(languageFromFolderName('it')).toBe('it');
    expect(languageFromFolderName('data')).toBeNull();
    expect(normalizeLanguage('pt_br')).toBe('pt-BR');
    expect(normalizeLanguage('Italian')).toBe('it');
    expect(normalizeLanguage('xx')).toBeNull();
    expect(normalizeLanguage('english language')).toBeNull();
  });

  it('maps split folder names', () => {
    expect(
      ['train-clean-100', 'dev-other', 'test-clean', 'test_yesno', 'valid', 'eval2000', 'misc'].map(
        splitFromName,
      ),
    ).toEqual(['train', 'dev', 'test', 'test', 'dev', 'test', null]);
  });
});

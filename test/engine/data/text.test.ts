import { decodeText, normalizeTranscript, shortQuote } from '../../../src/engine/data/text';
import { normalizeLanguage, languageFromFolderName } from '../../../src/engine/data/languages';
import { splitFromName } from '../../../src/engine/data/split-names';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('text files', () => {
  it('strips a UTF-8 BOM and accepts CRLF, CR and LF line ends', () => {
    expect(decodeText(bytes('\uFEFFa\r\nb\rc\nd\r\n'))).toEqual({
      ok: true,
      lines: ['a', 'b', 'c', 'd'],
      bad: [],
    });
  });

  it('refuses invalid UTF-8 and NUL/control bytes as binary', () => {
    expect(decodeText(new Uint8Array([0x61, 0xc3, 0x28])).ok).toBe(false);
    expect(decodeText(new Uint8Array([0x61, 0x00, 0x62])).ok).toBe(false);
    expect(decodeText(bytes('tab\tok\fform feed')).ok).toBe(true);
  });

  it('decodes line by line: a line that is not UTF-8 costs that line alone, named with its byte offset', () => {
    const good = bytes('first\nsecond\n');
    const file = new Uint8Array([...good, 0x66, 0xc3, 0x28, 0x0a, ...bytes('fourth\r\nfifth')]);
    expect(decodeText(file)).toEqual({
      ok: true,
      lines: ['first', 'second', '', 'fourth', 'fifth'],
      bad: [{ line: 3, offset: good.length, reason: 'is not valid UTF-8' }],
    });
  });

  it('quotes at most 20 characters of a file, escaped, marked when cut', () => {
    expect(shortQuote('root:x:0:0:root:/root:/bin/bash')).toBe('"root:x:0:0:root:/roo"…');
    expect(shortQuote('a\u0007b')).toBe('"a\\u0007b"');
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

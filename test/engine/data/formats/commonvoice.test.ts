import { join } from 'node:path';
import { importCommonVoice } from '../../../../src/engine/data/formats/commonvoice';
import { makeTempDir, writeFile, writeToneAs } from '../fixtures';

const HEADER = 'client_id\tpath\tsentence\tup_votes\tdown_votes\tage\tgender\taccent\tlocale\tsegment';

describe('importCommonVoice', () => {
  const { dir, cleanup } = makeTempDir('cv');
  const fr = join(dir, 'cv-corpus-15.0', 'fr');
  afterAll(cleanup);

  beforeAll(() => {
    const row = (client: string, clip: string, sentence: string, locale = 'fr') =>
      [client, clip, sentence, '2', '0', '', '', '', locale, ''].join('\t');
    writeFile(
      join(fr, 'train.tsv'),
      [HEADER, row('aa', 'c1.mp3', 'Il a dit "oui".'), row('bb', 'c2.mp3', 'Deux')].join('\n'),
    );
    writeFile(
      join(fr, 'dev.tsv'),
      [HEADER, row('cc', 'c3.mp3', 'Trois', 'klingon'), 'dd\tc4.mp3'].join('\n'),
    );
    writeFile(join(fr, 'test.tsv'), ['client_id\tsentence\tlocale', 'ee\tQuatre\tfr'].join('\n'));
    writeFile(
      join(fr, 'validated.tsv'),
      [HEADER, row('aa', 'c1.mp3', 'ignored when splits exist')].join('\n'),
    );
    for (const c of ['c1', 'c2', 'c3']) writeToneAs(join(fr, 'clips', `${c}.mp3`), 0.5, 'mp3');
  });

  it('reads train/dev/test tables with clips, client ids as speakers, locale, quotes kept literally', async () => {
    const r = await importCommonVoice(join(dir, 'cv-corpus-15.0'));
    expect(r.utterances.map((u) => [u.id, u.speaker, u.language, u.split, u.transcript])).toEqual([
      ['c1', 'aa', 'fr', 'train', 'Il a dit "oui".'],
      ['c2', 'bb', 'fr', 'train', 'Deux'],
    ]);
    expect(r.utterances[0].durationSec).toBeGreaterThan(0.45);
  });

  it('reports an unknown locale, a short row and a table lacking the path column', async () => {
    const r = await importCommonVoice(fr);
    expect(r.problems.map((p) => [p.kind, p.file.split('/').pop(), p.line])).toEqual([
      ['malformed_row', 'dev.tsv', 3],
      ['malformed_row', 'test.tsv', 1],
      ['unknown_language', 'dev.tsv', 2],
    ]);
    expect(r.problems[1].message).toContain('path');
  });

  it('falls back to validated.tsv without splits and assigns speaker-disjoint ones', async () => {
    const only = join(dir, 'only-validated', 'it');
    writeFile(
      join(only, 'validated.tsv'),
      [HEADER, ['s1', 'x.mp3', 'ciao', '', '', '', '', '', '', ''].join('\t')].join('\n'),
    );
    writeToneAs(join(only, 'clips', 'x.mp3'), 0.4, 'mp3');
    const r = await importCommonVoice(join(dir, 'only-validated'));
    expect(r.utterances.map((u) => [u.id, u.language, u.split])).toEqual([['x', 'it', 'train']]);
  });
});

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importDataset } from '../../../src/engine/data';
import { makeTempDir, writeFile } from './fixtures';
import { CORPORA } from '../../helpers/corpora';

const LIBRI = join(CORPORA, 'librispeech-test-clean-mini');
const YESNO = join(CORPORA, 'kaldi-yesno');
const FLEURS = join(CORPORA, 'fleurs-opus-cuttledoc', 'packages', 'cuttledoc', 'fixtures');

function present(path: string): boolean {
  if (!existsSync(path)) console.log(`skipping: sample corpus ${path} is absent`);
  return existsSync(path);
}

describe('real sample corpora', () => {
  it.runIf(present(LIBRI))('imports the LibriSpeech mini set with every flac decoded', async () => {
    const r = await importDataset(LIBRI);
    expect(r.format).toBe('librispeech');
    expect(r.problems).toEqual([]);
    expect(r.utterances.length).toBe(4);
    expect(r.utterances.every((u) => u.language === 'en' && u.split === 'test' && u.durationSec > 1)).toBe(
      true,
    );
    expect(r.utterances.find((u) => u.id === '1089-134691-0000')?.transcript).toBe('HE COULD WAIT NO LONGER');
    expect(r.stats.languages[0].speakers).toBe(1);
  });

  it.runIf(present(YESNO))(
    'imports the Kaldi yesno data folders (relative wav.scp paths, train/test from names)',
    async () => {
      // Headers only: 60 recordings at 8 kHz would otherwise all be decoded and resampled (fixtures cover decoding).
      const r = await importDataset(join(YESNO, 'data'), { language: 'he', verifyAudio: false });
      expect(r.format).toBe('kaldi');
      // The yesno test set lists its README files as utterances: both reported, the 60 recordings kept.
      expect(r.problems.map((p) => [p.kind, p.itemId, p.line])).toEqual([
        ['undecodable_audio', 'README', 30],
        ['missing_file', 'README~', 31],
      ]);
      expect(r.utterances.length).toBe(60);
      expect(r.utterances.filter((u) => u.split === 'test').length).toBe(29);
      const u = r.utterances.find((x) => x.id === '0_0_0_0_1_1_1_1');
      expect(u?.transcript).toBe('NO NO NO NO YES YES YES YES');
      expect(u?.durationSec).toBeGreaterThan(5);
      expect(Object.keys(r.stats.languages[0].characters).sort().join('')).toBe(' ENOSY');
    },
  );

  // Opus decoding is slow (~13x real time), so one clip each of French and English keeps this test to seconds.
  it.runIf(present(FLEURS))(
    'imports FLEURS Ogg Opus clips through a JSONL manifest written here',
    async () => {
      const { dir, cleanup } = makeTempDir('fleurs');
      try {
        const rows = readdirSync(FLEURS)
          .filter((f) => f === 'fleurs-fr-000.ogg' || f === 'fleurs-en-000.ogg')
          .map((f) => {
            const [, lang] = /^fleurs-([a-z]+)-/u.exec(f) ?? [];
            const text = readFileSync(join(FLEURS, f.replace(/\.ogg$/u, '.txt')), 'utf8');
            return JSON.stringify({ audio_filepath: join(FLEURS, f), text, lang });
          });
        const manifest = writeFile(join(dir, 'fleurs.jsonl'), rows.join('\n'));
        const r = await importDataset(manifest);
        expect(r.problems).toEqual([]);
        expect(r.stats.languages.map((l) => [l.language, l.utterances])).toEqual([
          ['en', 1],
          ['fr', 1],
        ]);
        expect(r.utterances.find((u) => u.language === 'fr')?.durationSec).toBeCloseTo(10.2, 1);
        expect(r.stats.languages.find((l) => l.language === 'fr')?.characters['é']).toBeGreaterThan(0);
      } finally {
        cleanup();
      }
    },
  );
});

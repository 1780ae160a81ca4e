import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { importLibriSpeech } from '../../../../src/engine/data/formats/librispeech';
import { makeTempDir, writeFile, writeToneAs } from '../fixtures';

describe('corpus walks with symbolic links that loop', () => {
  const { dir, cleanup } = makeTempDir('loops');
  afterAll(cleanup);

  beforeAll(() => {
    const chapter = join(dir, 'LibriSpeech', 'dev-clean', '1', '2');
    writeFile(join(chapter, '1-2.trans.txt'), '1-2-0000 ONE\n1-2-0001 TWO\n1-2-0002 THREE\n');
    for (let i = 0; i < 3; i++) writeToneAs(join(chapter, `1-2-000${i}.flac`), 0.5, 'flac');
    // eight links back up the tree, at every level of it
    const levels = [
      dir,
      join(dir, 'LibriSpeech'),
      join(dir, 'LibriSpeech', 'dev-clean'),
      join(dir, 'LibriSpeech', 'dev-clean', '1'),
      chapter,
    ];
    levels.forEach((level, i) => symlinkSync(dir, join(level, `up-${i}`)));
    symlinkSync(chapter, join(dir, 'LibriSpeech', 'again'));
    symlinkSync('.', join(chapter, 'self'));
    symlinkSync(join(dir, 'LibriSpeech'), join(chapter, 'top'));
  });

  it('imports each utterance once and reports the loop once', async () => {
    const result = await importLibriSpeech(dir);
    expect(result.utterances.map((u) => u.id)).toEqual(['1-2-0000', '1-2-0001', '1-2-0002']);
    const loops = result.problems.filter((p) => p.message.includes('symbolic links loop'));
    expect(loops).toHaveLength(1);
    expect(result.problems).toHaveLength(1);
  });
});

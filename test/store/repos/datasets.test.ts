import { openStore, type DatasetImport, type Store } from '../../../src/store';
import { tempDir } from '../../helpers/tmp';

function sample(root: string, transcripts: string[]): DatasetImport {
  return {
    name: 'sample',
    format: 'jsonl',
    root,
    utterances: transcripts.map((t, i) => ({
      id: `u${i}`,
      language: i % 2 === 0 ? 'fr' : 'it',
      speaker: `s${i % 3}`,
      audioPath: `${root}/u${i}.wav`,
      offsetSec: null,
      durationSec: 2,
      transcript: t,
      split: i === 0 ? 'test' : 'train',
    })),
    problems: [
      { kind: 'missing_file', file: `${root}/m.jsonl`, line: 7, itemId: 'x', message: 'no such file' },
      { kind: 'empty_transcript', file: `${root}/m.jsonl`, line: 9, itemId: 'y', message: 'empty' },
    ],
    stats: { languages: [], characters: {}, durationHistogram: {} },
  };
}

describe('DatasetRepo', () => {
  let home: ReturnType<typeof tempDir>;
  let store: Store;
  beforeEach(() => {
    home = tempDir();
    store = openStore(home.path);
  });
  afterEach(() => {
    store.close();
    home.cleanup();
  });

  it('re-importing the same root replaces rows and keeps the id', () => {
    const first = store.datasets.save(sample('/c', ['a', 'b', 'c']));
    const second = store.datasets.save(sample('/c', ['a', 'b']));
    expect(second).toBe(first);
    expect(store.datasets.list()).toHaveLength(1);
    expect(store.datasets.list()[0]).toMatchObject({ utterances: 2, problems: 2, hours: 4 / 3600 });
  });

  it('filters utterances and problems and counts totals before paging', () => {
    const id = store.datasets.save(sample('/c', ['a', 'b', 'c', 'd', 'e']));
    const fr = store.datasets.utterances(id, { language: 'fr', limit: 1, offset: 0 });
    expect(fr.total).toBe(3);
    expect(fr.items).toHaveLength(1);
    expect(
      store.datasets.utterances(id, { split: 'test', limit: 10, offset: 0 }).items.map((u) => u.transcript),
    ).toEqual(['a']);
    expect(store.datasets.problems(id, { kind: 'missing_file', limit: 10, offset: 0 })).toEqual({
      total: 1,
      items: [{ kind: 'missing_file', file: '/c/m.jsonl', line: 7, itemId: 'x', message: 'no such file' }],
    });
    expect(store.datasets.get(id)!.splits).toEqual([
      { language: 'fr', split: 'test', utterances: 1 },
      { language: 'fr', split: 'train', utterances: 2 },
      { language: 'it', split: 'train', utterances: 2 },
    ]);
  });

  it('deleting a dataset removes its utterances and problems', () => {
    const id = store.datasets.save(sample('/c', ['a']));
    expect(store.datasets.delete(id)).toBe(true);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM utterances').get()).toEqual({ n: 0 });
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM problems').get()).toEqual({ n: 0 });
    expect(store.datasets.delete(id)).toBe(false);
  });
});

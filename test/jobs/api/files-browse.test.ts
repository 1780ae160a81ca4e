import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { dispatch } from '../../../src/jobs/api/dispatch';
import { handlers } from '../../../src/jobs/api/handlers';
import type { ApiResult, ResponseOf } from '../../../src/shared/api';
import { openStore, type Store } from '../../../src/store';
import { recordingContext } from '../../helpers/recording-jobs';
import { tempDir } from '../../helpers/tmp';

describe('files.browse lists folders for the corpus picker', () => {
  let home: ReturnType<typeof tempDir>;
  let tree: ReturnType<typeof tempDir>;
  let store: Store;

  beforeAll(() => {
    home = tempDir();
    store = openStore(home.path);
    tree = tempDir();
    mkdirSync(join(tree.path, 'mls_german', 'train'), { recursive: true });
    mkdirSync(join(tree.path, 'Archive'));
    writeFileSync(join(tree.path, 'train.jsonl'), '{}\n');
    writeFileSync(join(tree.path, 'b.csv'), 'x\n1234\n');
    writeFileSync(join(tree.path, '.hidden'), '');
    symlinkSync(join(tree.path, 'nowhere'), join(tree.path, 'dangling'));
  });
  afterAll(() => {
    store.close();
    home.cleanup();
    tree.cleanup();
  });

  const browse = (request: object) =>
    dispatch(handlers, recordingContext(store), 'files.browse', request, () => {}) as Promise<
      ApiResult<ResponseOf<'files.browse'>>
    >;

  it('gives folders first, then files with their sizes, by name; hidden entries and dangling links left out', async () => {
    const result = await browse({ path: tree.path });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value).toEqual({
      path: tree.path,
      parent: join(tree.path, '..'),
      home: homedir(),
      entries: [
        { name: 'Archive', kind: 'folder', bytes: null },
        { name: 'mls_german', kind: 'folder', bytes: null },
        { name: 'b.csv', kind: 'file', bytes: 7 },
        { name: 'train.jsonl', kind: 'file', bytes: 3 },
      ],
      truncated: 0,
    });
    const hidden = await browse({ path: tree.path, showHidden: true });
    expect(hidden.ok && hidden.value.entries.map((e) => e.name)).toContain('.hidden');
  });

  it("starts at the user's home, and the root has no parent", async () => {
    const start = await browse({});
    expect(start.ok && start.value.path).toBe(homedir());
    const root = await browse({ path: '/' });
    expect(root.ok && root.value.parent).toBeNull();
  });

  it('refuses a relative path, a file and a missing folder, naming the path', async () => {
    const relative = await browse({ path: 'data/corpus' });
    expect(!relative.ok && relative.error).toMatchObject({
      code: 'invalid_request',
      message: 'path: "data/corpus" is not absolute',
    });
    const file = await browse({ path: join(tree.path, 'b.csv') });
    expect(!file.ok && file.error.message).toBe(`path: ${join(tree.path, 'b.csv')} is a file, not a folder`);
    const missing = await browse({ path: join(tree.path, 'gone') });
    expect(!missing.ok && missing.error).toMatchObject({
      code: 'not_found',
      message: `path: ${join(tree.path, 'gone')} does not exist`,
    });
  });
});

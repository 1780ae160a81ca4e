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
    // the temporary tree is outside the user's home: a browsable root by the setting
    store.settings.set({ browseRoots: [tree.path] });
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
      parent: null,
      roots: [homedir(), home.path, tree.path],
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

  it("starts at the user's home; below a root the parent leads back up, at a root there is none", async () => {
    const start = await browse({});
    expect(start.ok && start.value).toMatchObject({ path: homedir(), parent: null });
    const below = await browse({ path: join(tree.path, 'mls_german', 'train') });
    expect(below.ok && below.value.parent).toBe(join(tree.path, 'mls_german'));
  });

  it('takes only absolute paths as browsable roots, naming the entry', async () => {
    const refused = await dispatch(
      handlers,
      recordingContext(store),
      'settings.set',
      { browseRoots: ['/data', 'corpora'] },
      () => {},
    );
    expect(!refused.ok && refused.error.issues).toEqual([
      { path: 'browseRoots.1', message: 'must be an absolute path' },
    ]);
    expect(store.settings.get().browseRoots).toEqual([tree.path]);
  });

  it('refuses a folder outside the roots, through a link too, naming the path and the roots', async () => {
    const outside = tempDir();
    try {
      const roots = [homedir(), home.path, tree.path].join(', ');
      const refused = await browse({ path: outside.path });
      expect(!refused.ok && refused.error).toMatchObject({
        code: 'invalid_request',
        message:
          `path: ${outside.path} is outside the folders the browser may show (${roots}); ` +
          'add its folder under Settings → Browsable folders, or type the path',
      });
      // a link inside a root that leads out of every root is refused where it leads
      symlinkSync(outside.path, join(tree.path, 'escape'));
      const escaped = await browse({ path: join(tree.path, 'escape') });
      expect(!escaped.ok && escaped.error.message).toMatch(/is outside the folders the browser may show/);
      // above a root (the temporary folder is not in the user's home here)
      if (!tree.path.startsWith(homedir()))
        expect((await browse({ path: join(tree.path, '..') })).ok).toBe(false);
    } finally {
      outside.cleanup();
    }
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

import { openStore, type Store } from '../../src/store';
import { tempDir } from './tmp';

/** A real store in a fresh temporary home, opened before a suite's tests and closed and removed after them. */
export function storePerSuite(prefix?: string): { readonly store: Store; readonly home: string } {
  const dir = tempDir(prefix);
  let store: Store | undefined;
  beforeAll(() => {
    store = openStore(dir.path);
  });
  afterAll(() => {
    store?.close();
    dir.cleanup();
  });
  return {
    get store(): Store {
      if (!store) throw new Error('the suite store is opened in beforeAll');
      return store;
    },
    home: dir.path,
  };
}

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../src/jobs/checkpoint';
import { tempDir } from '../helpers/tmp';

describe('writeFileAtomic', () => {
  it('replaces a file whole and leaves no temporary sibling', () => {
    const dir = tempDir();
    const path = join(dir.path, 'step-000000001.json');
    writeFileSync(path, 'old');
    writeFileAtomic(path, '{"step":1}');
    expect(readFileSync(path, 'utf8')).toBe('{"step":1}');
    writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(path)]).toEqual([1, 2, 3]);
    expect(readdirSync(dir.path)).toEqual(['step-000000001.json']);
    dir.cleanup();
  });

  it('fails naming the file when its folder is missing, leaving nothing behind', () => {
    const dir = tempDir();
    const path = join(dir.path, 'gone', 'step-000000001.json');
    expect(() => writeFileAtomic(path, 'x')).toThrow(`cannot write checkpoint ${path}`);
    expect(readdirSync(dir.path)).toEqual([]);
    dir.cleanup();
  });
});

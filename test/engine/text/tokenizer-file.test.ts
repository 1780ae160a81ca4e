import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeTokenizers, readTokenizerFile, trainBpe, writeTokenizerFile } from '../../../src/engine/text';

describe('tokenizer files', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tokenizer-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a merged tokenizer and reads back one that encodes the same', async () => {
    const merged = mergeTokenizers(
      new Map([
        ['en', trainBpe(['the cat sat on the mat', 'the dog'], 30)],
        ['fr', trainBpe(['le chat est sur le tapis', 'le chien'], 30)],
      ]),
    );
    const path = join(dir, 'tokenizer.json');
    await writeTokenizerFile(path, merged);
    expect(readdirSync(dir)).toEqual(['tokenizer.json']);
    const loaded = await readTokenizerFile(path);
    expect(loaded.vocab).toEqual(merged.vocab);
    expect(loaded.encode('le chat', 'fr')).toEqual(merged.encode('le chat', 'fr'));
  });

  it('names the file when it is not tokenizer JSON', async () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{ nope');
    await expect(readTokenizerFile(path)).rejects.toThrow(/broken\.json: not a readable tokenizer JSON file/);
    writeFileSync(path, '{"kind":"char","vocab":[]}');
    await expect(readTokenizerFile(path)).rejects.toThrow(/broken\.json: vocab/);
  });
});

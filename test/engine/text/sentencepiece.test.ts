/**
 * SentencePiece `.model` files: a model trained here with spm_train (Debian package sentencepiece)
 * must encode like spm_encode. Skips with a printed reason when spm_train / spm_encode are missing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTokenizer, SentencePieceTokenizer, sentencePiecePieces } from '../../../src/engine/text';

const hasSpm = ['spm_train', 'spm_encode'].every((tool) => !spawnSync(tool, ['--help']).error);
if (!hasSpm)
  console.log(
    'skipping SentencePiece tests: spm_train / spm_encode not installed (apt-get install sentencepiece)',
  );

describe('SentencePieceTokenizer', () => {
  let dir = '';
  let model = new Uint8Array();
  const sentences = ['the cat ran quickly', 'élan vital à la maison', 'a dog sat on the mat'];

  beforeAll(() => {
    if (!hasSpm) return;
    dir = mkdtempSync(join(tmpdir(), 'spm-'));
    const words =
      'the cat sat on mat dog ran far away quickly slowly house garden élan vital à la maison'.split(' ');
    const lines = Array.from({ length: 300 }, (_, i) =>
      Array.from({ length: 3 + (i % 6) }, (__, j) => words[(i * 7 + j * 3) % words.length]).join(' '),
    );
    writeFileSync(join(dir, 'corpus.txt'), lines.join('\n') + '\n');
    const train = spawnSync(
      'spm_train',
      [
        `--input=${join(dir, 'corpus.txt')}`,
        `--model_prefix=${join(dir, 'tiny')}`,
        '--vocab_size=48',
        '--model_type=bpe',
        '--character_coverage=1.0',
      ],
      { encoding: 'utf8' },
    );
    if (train.status !== 0) throw new Error(`spm_train failed: ${train.stderr}`);
    model = readFileSync(join(dir, 'tiny.model'));
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!hasSpm)('reads the pieces of the .model like the .vocab file lists them', () => {
    const listed = readFileSync(join(dir, 'tiny.vocab'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split('\t')[0]);
    expect(sentencePiecePieces(model)).toEqual(listed);
  });

  it.skipIf(!hasSpm)(
    'encodes like spm_encode (ids + 1, blank at 0), decodes, and survives save / load',
    async () => {
      const tokenizer = await SentencePieceTokenizer.load(model);
      expect(tokenizer.vocab.slice(0, 2)).toEqual(['<blank>', '<unk>']);
      const run = spawnSync('spm_encode', [`--model=${join(dir, 'tiny.model')}`, '--output_format=id'], {
        input: sentences.join('\n') + '\n',
        encoding: 'utf8',
      });
      const expected = run.stdout
        .trim()
        .split('\n')
        .map((line) => line.split(' ').map((id) => Number(id) + 1));
      sentences.forEach((sentence, i) => {
        expect(tokenizer.encode(sentence)).toEqual(expected[i]);
        expect(tokenizer.decode(tokenizer.encode(sentence))).toBe(sentence);
      });
      const loaded = await loadTokenizer(JSON.parse(JSON.stringify(tokenizer)));
      expect(loaded.kind).toBe('sentencepiece');
      expect(loaded.encode(sentences[1])).toEqual(expected[1]);
    },
  );
});

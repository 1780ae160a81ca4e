import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeWav16 } from '../../src/engine/audio/wav';

/**
 * A tiny two-language JSONL corpus of tones (3 utterances per language, 2 speakers; the third of each language,
 * `<lang>-2`, is the test split and the rest train) plus one row whose audio file is missing, so the import
 * records exactly one `missing_file` problem.
 */
export function writeTinyCorpus(root: string): { path: string; utterances: number; test: string[] } {
  const dir = join(root, 'tiny-corpus');
  mkdirSync(join(dir, 'audio'), { recursive: true });
  const rows: string[] = [];
  const words: Record<string, string[]> = {
    de: ['eins zwei', 'drei vier', 'fünf sechs'],
    fr: ['un deux', 'trois quatre', 'cinq six'],
  };
  for (const [language, texts] of Object.entries(words)) {
    texts.forEach((text, i) => {
      const rate = 16_000;
      const samples = new Float32Array(rate * (0.6 + 0.2 * i));
      for (let t = 0; t < samples.length; t++)
        samples[t] = 0.3 * Math.sin((2 * Math.PI * (220 + 110 * i) * t) / rate);
      const file = `audio/${language}-${i}.wav`;
      writeFileSync(join(dir, file), encodeWav16(samples, rate));
      rows.push(
        JSON.stringify({
          id: `${language}-${i}`,
          audio_filepath: file,
          text,
          lang: language,
          speaker: `${language}-spk${i % 2}`,
          split: i === 2 ? 'test' : 'train',
        }),
      );
    });
  }
  rows.push(
    JSON.stringify({
      id: 'gone',
      audio_filepath: 'audio/gone.wav',
      text: 'nothing here',
      lang: 'de',
      speaker: 'x',
    }),
  );
  writeFileSync(join(dir, 'train.jsonl'), rows.join('\n') + '\n');
  return { path: dir, utterances: 6, test: ['de-2', 'fr-2'] };
}

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeWav16 } from '../../../src/engine';
import type { DatasetImport, Store } from '../../../src/store';

const RATE = 16000;
const CHAR_SECONDS = 0.08;

/** Audio of a text: one 80 ms tone per character, its pitch set by the character (a learnable toy mapping). */
function toneText(text: string): Float32Array {
  const per = Math.round(CHAR_SECONDS * RATE);
  const out = new Float32Array(per * text.length);
  [...text].forEach((ch, k) => {
    const freq = ch === ' ' ? 0 : 200 + 60 * (ch.charCodeAt(0) - 96);
    for (let i = 0; i < per; i++) out[k * per + i] = 0.3 * Math.sin((2 * Math.PI * freq * i) / RATE);
  });
  return out;
}

/** Frames of `seconds` of 16 kHz audio with 25 ms windows every 10 ms (no padding): the features' count. */
export function framesOf(text: string): number {
  const samples = Math.round(CHAR_SECONDS * RATE) * text.length;
  return Math.floor((samples - 400) / 160) + 1;
}

export const TINY_TEXTS: Record<string, Record<'train' | 'dev' | 'test', string[]>> = {
  en: { train: ['ab ba', 'abba', 'ba ab', 'aab'], dev: ['ab'], test: ['ba', 'abab'] },
  fr: { train: ['cd dc', 'cdd', 'dc', 'ccd'], dev: ['dc'], test: ['cd', 'dcdc'] },
};

/** Store a toy dataset (WAVs in `dir`; two languages unless `texts` says otherwise) and return its id. */
export function storeTinyCorpus(store: Store, dir: string, texts = TINY_TEXTS): string {
  mkdirSync(join(dir, 'audio'), { recursive: true });
  const utterances: DatasetImport['utterances'] = [];
  for (const [language, splits] of Object.entries(texts)) {
    for (const [split, texts] of Object.entries(splits)) {
      for (const [i, text] of texts.entries()) {
        const id = `${language}-${split}-${i}`;
        const audioPath = join(dir, 'audio', `${id}.wav`);
        const samples = toneText(text);
        writeFileSync(audioPath, encodeWav16(samples, RATE));
        utterances.push({
          id,
          language,
          speaker: `${language}-s${i % 2}`,
          audioPath,
          offsetSec: null,
          durationSec: samples.length / RATE,
          transcript: text,
          split: split as 'train' | 'dev' | 'test',
        });
      }
    }
  }
  return store.datasets.save({
    name: 'tiny',
    format: 'jsonl',
    root: dir,
    utterances,
    problems: [],
    stats: {
      languages: Object.keys(TINY_TEXTS).map((language) => ({
        language,
        utterances: utterances.filter((u) => u.language === language).length,
        hours: 0,
        speakers: 2,
      })),
      characters: {},
      durationHistogram: {},
    },
  });
}

import { SeededRandom, deriveSeed } from '../../model/random';
import type { Split } from '../types';
import type { Effects } from './effects';
import { randomEffects } from './effects';
import type { Grammar } from './grammar';
import { generateSentence } from './grammar';
import { english } from './languages/en';
import { french } from './languages/fr';
import { italian } from './languages/it';
import { dutch } from './languages/nl';
import type { DemoVoice } from './voices';
import { makeVoices } from './voices';

export const DEMO_GRAMMARS: Grammar[] = [english, french, italian, dutch];

/** Training data per language relative to the big ones: Italian is low-resource, as in MLS. */
export const TRAIN_WEIGHTS: Record<string, number> = { en: 1, fr: 1, it: 1 / 8, nl: 1 };

/** Default total size: about an hour each of English, French and Dutch; Italian training data ~1/8 of theirs. */
export const DEFAULT_DEMO_HOURS = 3.25;

/** Average synthesized utterance length used to turn hours into utterance counts (measured on this corpus). */
export const ESTIMATED_UTTERANCE_SEC = 2.2;

const VOICES_PER_LANGUAGE = 24;
const HELD_OUT_VOICES = 4;
const DEV_SHARE = 0.05;
const TEST_SHARE = 0.1;
const SPEED_JITTER = 8;

export interface DemoUtterance {
  id: string;
  language: string;
  /** The voice's id. */
  speaker: string;
  split: Split;
  text: string;
  espeakVoice: string;
  speed: number;
  pitch: number;
  effects: Effects;
}

export interface DemoPlan {
  seed: number;
  voices: DemoVoice[];
  utterances: DemoUtterance[];
}

/**
 * Utterance counts per language and split. Dev and test sets are the same size in every language
 * (5 % and 10 % of a big language); training sets follow TRAIN_WEIGHTS. Every split gets at least one
 * utterance and test at least two (one held-out voice, one seen voice).
 */
export function demoCounts(hours: number): Record<string, Record<Split, number>> {
  if (!(hours > 0)) throw new Error(`demo corpus hours must be positive, got ${hours}`);
  const totalUtterances = (hours * 3600) / ESTIMATED_UTTERANCE_SEC;
  const weights = Object.values(TRAIN_WEIGHTS).reduce((a, b) => a + b, 0);
  const langs = DEMO_GRAMMARS.length;
  const big = totalUtterances / ((1 - DEV_SHARE - TEST_SHARE) * weights + (DEV_SHARE + TEST_SHARE) * langs);
  const counts: Record<string, Record<Split, number>> = {};
  for (const g of DEMO_GRAMMARS) {
    counts[g.language] = {
      train: Math.max(1, Math.round((1 - DEV_SHARE - TEST_SHARE) * big * TRAIN_WEIGHTS[g.language])),
      dev: Math.max(1, Math.round(DEV_SHARE * big)),
      test: Math.max(2, Math.round(TEST_SHARE * big)),
    };
  }
  return counts;
}

/** A sentence not produced before in the corpus (so test and dev sentences never occur in training). */
function uniqueSentence(g: Grammar, rng: SeededRandom, used: Set<string>): string {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const s = generateSentence(g, rng);
    if (!used.has(s)) {
      used.add(s);
      return s;
    }
  }
  throw new Error(`the ${g.language} grammar ran out of new sentences`);
}

/**
 * The whole corpus as data: voices, and for every utterance its text, voice, speed, pitch, effects and split.
 * Depends only on `seed` and `hours`; synthesis then turns it into audio.
 */
export function planDemoCorpus(seed: number, hours = DEFAULT_DEMO_HOURS): DemoPlan {
  const counts = demoCounts(hours);
  const voices: DemoVoice[] = [];
  const utterances: DemoUtterance[] = [];
  for (const g of DEMO_GRAMMARS) {
    const rng = new SeededRandom(deriveSeed(seed, `demo/${g.language}`));
    const langVoices = makeVoices(g.language, VOICES_PER_LANGUAGE, HELD_OUT_VOICES, rng);
    voices.push(...langVoices);
    const seen = langVoices.filter((v) => !v.heldOut);
    const heldOut = langVoices.filter((v) => v.heldOut);
    const used = new Set<string>();
    let n = 0;
    for (const split of ['test', 'dev', 'train'] as Split[]) {
      for (let i = 0; i < counts[g.language][split]; i++) {
        // Test alternates held-out and seen voices; dev and train hear only seen ones.
        const pool = split === 'test' && i % 2 === 0 ? heldOut : seen;
        const voice = pool[rng.int(pool.length)];
        const speed = voice.speed + rng.int(2 * SPEED_JITTER + 1) - SPEED_JITTER;
        utterances.push({
          id: `demo-${g.language}-${String(++n).padStart(5, '0')}`,
          language: g.language,
          speaker: voice.id,
          split,
          text: uniqueSentence(g, rng, used),
          espeakVoice: voice.espeakVoice,
          speed,
          pitch: voice.pitch,
          effects: randomEffects(rng),
        });
      }
    }
  }
  return { seed, voices, utterances };
}

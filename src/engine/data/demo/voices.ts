import type { SeededRandom } from '../../model/random';

/** One synthetic speaker: an eSpeak NG voice + variant at a fixed speed and pitch. */
export interface DemoVoice {
  id: string;
  language: string;
  /** `-v` argument, e.g. `fr+f2`. */
  espeakVoice: string;
  /** Words per minute (`-s`). */
  speed: number;
  /** 0–99 (`-p`). */
  pitch: number;
  /** Heard only in the test split. */
  heldOut: boolean;
}

/** eSpeak NG base voices per demo language (English gets American and British). */
export const BASE_VOICES: Record<string, string[]> = {
  en: ['en-us', 'en'],
  fr: ['fr'],
  it: ['it'],
  nl: ['nl'],
};

/** eSpeak NG voice variants (files under espeak-ng-data/voices/!v) that sound distinct and clean. */
export const VARIANTS = [
  'm1',
  'm2',
  'm3',
  'm4',
  'm5',
  'm6',
  'm7',
  'f1',
  'f2',
  'f3',
  'f4',
  'f5',
  'Alex',
  'Andy',
  'Annie',
  'david',
  'Jacky',
  'john',
  'klatt',
  'linda',
  'max',
  'Michael',
  'paul',
  'robert',
  'steph',
  'iven',
  'Hugo',
  'Lee',
  'Mike',
  'adam',
  'Alicia',
  'Andrea',
  'antonio',
  'belinda',
  'benjamin',
  'boris',
  'Denis',
  'ed',
  'edward',
  'gustave',
  'Henrique',
  'marcelo',
  'Marco',
  'Mario',
  'michel',
  'miguel',
  'pablo',
  'pedro',
  'quincy',
  'rob',
  'zac',
];

export const SPEED_RANGE: [number, number] = [130, 190];
export const PITCH_RANGE: [number, number] = [30, 70];

/**
 * `count` voices for a language, each a distinct variant with its own speed and pitch;
 * the last `heldOut` of them are kept for the test split only.
 */
export function makeVoices(language: string, count: number, heldOut: number, rng: SeededRandom): DemoVoice[] {
  if (count > VARIANTS.length)
    throw new Error(`at most ${VARIANTS.length} voices per language, asked for ${count}`);
  if (heldOut < 1 || heldOut >= count)
    throw new Error(`held-out voices must be in [1, ${count - 1}], got ${heldOut}`);
  const variants = rng.shuffle([...VARIANTS]).slice(0, count);
  const bases = BASE_VOICES[language];
  return variants.map((variant, i) => ({
    id: `${language}-v${String(i + 1).padStart(2, '0')}`,
    language,
    espeakVoice: `${bases[i % bases.length]}+${variant}`,
    speed: SPEED_RANGE[0] + rng.int(SPEED_RANGE[1] - SPEED_RANGE[0] + 1),
    pitch: PITCH_RANGE[0] + rng.int(PITCH_RANGE[1] - PITCH_RANGE[0] + 1),
    heldOut: i >= count - heldOut,
  }));
}

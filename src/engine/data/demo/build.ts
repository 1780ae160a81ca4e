import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mapConcurrent } from '../concurrency';
import { applyEffects } from './effects';
import { checkEspeak, synthesize, tempWavPath } from './espeak';
import { findEspeak } from './espeak-locate';
import type { DemoPlan, DemoUtterance } from './plan';
import { DEFAULT_DEMO_HOURS, planDemoCorpus } from './plan';
import { encodeWav16 } from '../../audio/wav';

export const DEMO_SAMPLE_RATE = 16000;
export const DEMO_MANIFEST = 'manifest.jsonl';

export interface BuildDemoOptions {
  outDir: string;
  seed?: number;
  /** Total audio to aim for (default 3.25 h); sizes are planned from an average utterance length. */
  hours?: number;
  onProgress?: (done: number, total: number) => void;
  /** eSpeak NG processes at once (default 2). */
  concurrency?: number;
  espeakCommand?: string;
  /** Stops synthesis (the build then rejects with the abort reason; files written so far stay). */
  signal?: AbortSignal;
}

export interface DemoBuildResult {
  outDir: string;
  manifestPath: string;
  utterances: number;
  audioSeconds: number;
  wallSeconds: number;
  /** Audio seconds produced per wall-clock second. */
  realTimeFactor: number;
  espeakVersion: string;
  plan: DemoPlan;
}

function manifestLine(u: DemoUtterance, durationSec: number): string {
  return JSON.stringify({
    audio_filepath: `audio/${u.language}/${u.id}.wav`,
    duration: durationSec,
    text: u.text,
    lang: u.language,
    speaker: u.speaker,
    split: u.split,
  });
}

function readme(plan: DemoPlan, espeakVersion: string): string {
  const held = plan.voices.filter((v) => v.heldOut).map((v) => `${v.id} (${v.espeakVoice})`);
  return [
    '# Pathways Studio demo corpus',
    '',
    `Synthetic speech in en, fr, it, nl made with ${espeakVersion} (run as an external program) from`,
    'per-language grammars; seed ' + plan.seed + '. Italian has ~1/8 of the training data of the others.',
    'Test sentences never occur in training; the held-out voices below speak only in the test split.',
    '',
    `Manifest: ${DEMO_MANIFEST} (NeMo JSONL with lang, speaker and split). Audio: 16 kHz mono 16-bit WAV.`,
    '',
    '## Voices (id: eSpeak voice, speed wpm, pitch)',
    ...plan.voices.map(
      (v) => `- ${v.id}: ${v.espeakVoice}, ${v.speed}, ${v.pitch}${v.heldOut ? ' (held out)' : ''}`,
    ),
    '',
    `Held out: ${held.join(', ')}`,
    '',
  ].join('\n');
}

/**
 * Builds the synthetic 4-language demo corpus into `outDir`: WAV files under `audio/<lang>/`, a JSONL
 * manifest that `importDataset(outDir)` reads, and a README listing the voices. Transcripts, voices and
 * splits depend only on the seed and size; the audio is identical for the same eSpeak NG version.
 */
export async function buildDemoCorpus(opts: BuildDemoOptions): Promise<DemoBuildResult> {
  const started = performance.now();
  const command = opts.espeakCommand ?? findEspeak();
  const espeakVersion = await checkEspeak(command);
  const plan = planDemoCorpus(opts.seed ?? 1, opts.hours ?? DEFAULT_DEMO_HOURS);
  for (const lang of new Set(plan.utterances.map((u) => u.language))) {
    await mkdir(join(opts.outDir, 'audio', lang), { recursive: true });
  }
  const tmp = await mkdtemp(join(tmpdir(), 'pathways-espeak-'));
  let durations: number[];
  try {
    durations = await mapConcurrent(
      plan.utterances,
      opts.concurrency ?? 2,
      async (u) => {
        const raw = await synthesize(u.text, u, tempWavPath(tmp, u.id), DEMO_SAMPLE_RATE, command);
        const samples = applyEffects(raw, DEMO_SAMPLE_RATE, u.effects);
        await writeFile(
          join(opts.outDir, 'audio', u.language, `${u.id}.wav`),
          encodeWav16(samples, DEMO_SAMPLE_RATE),
        );
        return samples.length / DEMO_SAMPLE_RATE;
      },
      opts.onProgress,
      opts.signal,
    );
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  const manifestPath = join(opts.outDir, DEMO_MANIFEST);
  const lines = plan.utterances.map((u, i) => manifestLine(u, durations[i]));
  await writeFile(`${manifestPath}.tmp`, lines.join('\n') + '\n');
  await rename(`${manifestPath}.tmp`, manifestPath);
  await writeFile(join(opts.outDir, 'README.md'), readme(plan, espeakVersion));
  const audioSeconds = durations.reduce((a, b) => a + b, 0);
  const wallSeconds = (performance.now() - started) / 1000;
  return {
    outDir: opts.outDir,
    manifestPath,
    utterances: plan.utterances.length,
    audioSeconds,
    wallSeconds,
    realTimeFactor: audioSeconds / wallSeconds,
    espeakVersion,
    plan,
  };
}

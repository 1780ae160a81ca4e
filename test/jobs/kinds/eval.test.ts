import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  MaskSet,
  parameterSpecs,
  presetConfig,
  readSafetensorsFile,
  safeTensor,
  subsampledLength,
  writeSafetensorsFile,
} from '../../../src/engine';
import { waitForJob } from '../../../src/jobs/wait';
import type { Store } from '../../../src/store';
import { harnessPerTest } from '../harness';
import { framesOf, TINY_TEXTS } from './tiny-corpus';
import { trainedTinyRun } from './trained-run';

interface Row {
  utterance_key: string;
  language: string;
  reference: string;
  hypothesis: string;
  char_errors: number;
  ref_chars: number;
  word_errors: number;
  ref_words: number;
  timings_json: string;
}

/** Plain Levenshtein distance (the oracle for the stored error counts). */
function distance(a: readonly string[], b: readonly string[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

function hypotheses(store: Store, runId: string): Row[] {
  return store.db
    .prepare(
      `SELECT h.* FROM hypotheses h JOIN evaluations e ON e.id = h.evaluation_id WHERE e.run_id = ?
       ORDER BY e.created_at, h.utterance_key`,
    )
    .all(runId) as Row[];
}

describe('eval job', () => {
  const jobs = harnessPerTest();

  it('stores scored hypotheses with token timings per language, and decodes a language through its mask', async () => {
    const harness = jobs.start();
    const { runId } = await trainedTinyRun(harness, jobs.corpus);
    const artifact = (kind: string) => harness.store.runs.artifacts(runId).find((a) => a.kind === kind)!.path;
    // Rig the trained model so that greedy decoding is predictable: the joiner's output ignores its input and
    // its bias prefers 'a' over everything, so every encoder frame emits 'a' up to the cap of 3 symbols.
    const vocab = (JSON.parse(readFileSync(artifact('tokenizer'), 'utf8')) as { vocab: string[] }).vocab;
    const { tensors, metadata } = readSafetensorsFile(artifact('model'));
    const weight = tensors.get('model.joiner.out.weight')!;
    tensors.set('model.joiner.out.weight', safeTensor(new Float32Array(weight.data.length), weight.shape));
    const bias = new Float32Array(vocab.length).fill(-10);
    bias[vocab.indexOf('a')] = 10;
    tensors.set('model.joiner.out.bias', safeTensor(bias, [vocab.length]));
    writeSafetensorsFile(artifact('model'), tensors, metadata);

    const first = await waitForJob(
      harness.hub,
      harness.store,
      harness.supervisor.enqueue({ kind: 'eval', runId, payload: {} }).id,
    );
    expect(first.error ?? null).toBeNull();
    // the stored progress of a finished evaluation reads complete: both languages of two, not the last started
    expect(harness.store.jobs.get(first.id)!.progress).toMatchObject({ step: 2, total: 2 });
    const rows = hypotheses(harness.store, runId);
    // the decoding time: on the evaluation (seconds and its rate) and in the job log, per language and in all
    const [evaluation] = harness.store.evaluations.list(runId);
    const { decodeSeconds, utterancesPerSecond } = evaluation.timing!;
    expect(decodeSeconds).toBeGreaterThan(0);
    expect(utterancesPerSecond).toBeCloseTo(rows.length / decodeSeconds, 6);
    const log = harness.store.jobs.logs(first.id, 100).map((l) => l.line);
    for (const lang of ['en', 'fr']) {
      const count = rows.filter((r) => r.language === lang).length;
      expect(log).toContainEqual(
        expect.stringMatching(
          new RegExp(`^${lang}: ${count} utterances decoded in \\d+\\.\\d s \\(\\d+\\.\\d utterances/s\\)$`),
        ),
      );
    }
    expect(log).toContainEqual(
      `evaluation ${evaluation.id}: ${rows.length} utterances decoded in ${decodeSeconds.toFixed(1)} s (${utterancesPerSecond.toFixed(1)} utterances/s)`,
    );
    for (const lang of ['en', 'fr']) {
      expect(
        rows
          .filter((r) => r.language === lang)
          .map((r) => r.reference)
          .sort(),
      ).toEqual([...TINY_TEXTS[lang].test].sort());
    }
    for (const r of rows) {
      const encoderFrames = subsampledLength(framesOf(r.reference), 4);
      expect(r.hypothesis).toBe('a'.repeat(3 * encoderFrames));
      const chars = (s: string) => [...s.replace(/\s+/g, '')];
      const words = (s: string) => s.split(/\s+/).filter(Boolean);
      expect(r.char_errors).toBe(distance(chars(r.reference), chars(r.hypothesis)));
      expect(r.ref_chars).toBe(chars(r.reference).length);
      expect(r.word_errors).toBe(distance(words(r.reference), words(r.hypothesis)));
      expect(r.ref_words).toBe(words(r.reference).length);
      const tokens = JSON.parse(r.timings_json) as { text: string; startSec: number; endSec: number }[];
      expect(tokens.map((t) => t.text).join('')).toBe(r.hypothesis);
      // token i is emitted on encoder frame ⌊i/3⌋; an encoder frame is 4 feature frames of 10 ms
      tokens.forEach((t, i) => expect(t.startSec).toBeCloseTo(Math.floor(i / 3) * 0.04, 9));
    }

    // a pathway for en without the joiner's output bias: every logit is 0, greedy emits blank only
    const spec = parameterSpecs(presetConfig('tiny', { vocabSize: vocab.length }));
    const mask = new MaskSet(
      new Map(
        spec.map((s) => {
          const size = s.shape.reduce((a, b) => a * b, 1);
          const keep = s.name === 'joiner.out.bias' ? 0 : 1;
          return [s.name, { shape: [...s.shape], data: new Uint8Array(size).fill(keep) }];
        }),
      ),
    );
    const dir = join(harness.home, 'masks-test');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'mask-en.safetensors');
    mask.save(path);
    const bytes = readFileSync(path);
    harness.store.runs.addArtifact({
      runId,
      kind: 'mask',
      path,
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    const second = await waitForJob(
      harness.hub,
      harness.store,
      harness.supervisor.enqueue({ kind: 'eval', runId, payload: {} }).id,
    );
    expect(second.error ?? null).toBeNull();
    const masked = hypotheses(harness.store, runId).slice(rows.length);
    expect(masked.filter((r) => r.language === 'en').map((r) => r.hypothesis)).toEqual(['', '']);
    expect(masked.filter((r) => r.language === 'fr').map((r) => r.hypothesis)).toEqual(
      rows.filter((r) => r.language === 'fr').map((r) => r.hypothesis),
    );

    // the cap on symbols per frame reaches the search: 2 instead of 3 'a's per encoder frame
    const third = await waitForJob(
      harness.hub,
      harness.store,
      harness.supervisor.enqueue({ kind: 'eval', runId, payload: { maxSymbolsPerFrame: 2 } }).id,
    );
    expect(third.error ?? null).toBeNull();
    const capped = hypotheses(harness.store, runId).slice(rows.length + masked.length);
    for (const r of capped.filter((row) => row.language === 'fr'))
      expect(r.hypothesis).toBe('a'.repeat(2 * subsampledLength(framesOf(r.reference), 4)));
  }, 120_000);
});

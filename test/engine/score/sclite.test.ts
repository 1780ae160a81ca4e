/**
 * Optional cross-check of scoreTrn against NIST sclite (Debian package sctk) on generated trn files.
 * Skips with a printed reason when sclite is not installed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatTrn, SCLITE_WEIGHTS, scoreTrn } from '../../../src/engine/score';
import { randomInts } from '../loss/mulberry32';

function findSclite(): string[] | undefined {
  for (const command of [['sclite'], ['sctk', 'sclite']]) {
    const probe = spawnSync(command[0], command.slice(1), { encoding: 'utf8' });
    if (!probe.error && `${probe.stdout}${probe.stderr}`.includes('sclite')) return command;
  }
  return undefined;
}

/** Random utterances from a small vocabulary, and hypotheses with random substitutions, deletions, insertions. */
function generatePair(seed: number) {
  const next = randomInts(seed);
  const vocab = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'fox', 'golf', 'hotel'];
  const ref: Array<{ id: string; text: string }> = [];
  const hyp: Array<{ id: string; text: string }> = [];
  for (let i = 0; i < 60; i++) {
    const id = `spk${i % 4}-utt${String(i).padStart(3, '0')}`;
    const words = Array.from({ length: 1 + next(12) }, () => vocab[next(vocab.length)]);
    const out: string[] = [];
    for (const word of words) {
      const roll = next(10);
      if (roll === 0) continue;
      out.push(roll === 1 ? vocab[next(vocab.length)] : word);
      if (roll === 2) out.push(vocab[next(vocab.length)]);
    }
    ref.push({ id, text: words.join(' ') });
    hyp.push({ id, text: out.join(' ') });
  }
  return { ref: formatTrn(ref), hyp: formatTrn(hyp) };
}

const sclite = findSclite();
if (!sclite) console.log('skipping sclite cross-check: sclite not installed (apt-get install sctk)');

describe('scoreTrn against sclite', () => {
  it.skipIf(!sclite)('matches the counts of sclite -o rsum, in total and per speaker', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sclite-'));
    try {
      for (const seed of [1, 2, 3]) {
        const { ref, hyp } = generatePair(seed);
        writeFileSync(join(dir, 'ref.trn'), ref);
        writeFileSync(join(dir, 'hyp.trn'), hyp);
        const args = ['-r', join(dir, 'ref.trn'), 'trn', '-h', join(dir, 'hyp.trn'), 'trn', '-i', 'spu_id'];
        const run = spawnSync(sclite![0], [...sclite!.slice(1), ...args, '-o', 'rsum', 'stdout'], {
          encoding: 'utf8',
        });
        expect(run.status, run.stderr).toBe(0);
        const rows = new Map<string, number[]>();
        for (const match of run.stdout.matchAll(/^\s*\|\s*(\S+)\s*\|([\d\s]+)\|([\d\s]+)\|\s*$/gmu)) {
          rows.set(match[1], `${match[2]} ${match[3]}`.trim().split(/\s+/u).map(Number));
        }
        const ours = scoreTrn(ref, hyp, { weights: SCLITE_WEIGHTS });
        const countsOf = (g: typeof ours) => [
          g.utterances,
          g.refLength,
          g.correct,
          g.substitutions,
          g.deletions,
          g.insertions,
          g.errors,
          g.sentenceErrors,
        ];
        expect(rows.get('Sum')).toEqual(countsOf(ours));
        for (const [speaker, group] of ours.speakers) {
          expect(rows.get(speaker)).toEqual(countsOf({ ...ours, ...group }));
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

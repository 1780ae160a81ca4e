import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDemoCorpus, checkEspeak, importDataset } from '../../../../src/engine/data';
import { makeTempDir } from '../fixtures';

function hasEspeak(): boolean {
  try {
    execFileSync('espeak-ng', ['--version']);
    return true;
  } catch {
    console.log('skipping demo corpus build: espeak-ng is not installed');
    return false;
  }
}

describe('buildDemoCorpus', () => {
  it('explains how to install eSpeak NG when it is missing', async () => {
    await expect(checkEspeak('espeak-ng-not-installed-here')).rejects.toThrow(/apt-get install espeak-ng/u);
    const { dir, cleanup } = makeTempDir('demo-missing');
    await expect(
      buildDemoCorpus({ outDir: dir, hours: 0.001, espeakCommand: 'espeak-ng-not-installed-here' }),
    ).rejects.toThrow(/not found/u);
    cleanup();
  });

  it.runIf(hasEspeak())('builds a tiny corpus that imports cleanly, identically for a seed', async () => {
    const a = makeTempDir('demo-a');
    const b = makeTempDir('demo-b');
    try {
      const progress: number[] = [];
      const built = await buildDemoCorpus({
        outDir: a.dir,
        seed: 3,
        hours: 0.005,
        onProgress: (d) => progress.push(d),
      });
      await buildDemoCorpus({ outDir: b.dir, seed: 3, hours: 0.005 });
      console.log(
        `demo build: ${built.utterances} utterances, ${built.audioSeconds.toFixed(1)} s audio in ` +
          `${built.wallSeconds.toFixed(2)} s = ${built.realTimeFactor.toFixed(0)}x real time (${built.espeakVersion})`,
      );
      expect(progress.length).toBe(built.utterances);
      const manifestA = readFileSync(built.manifestPath, 'utf8');
      expect(readFileSync(join(b.dir, 'manifest.jsonl'), 'utf8')).toBe(manifestA);
      const firstWav = 'audio/fr/demo-fr-00001.wav';
      expect(readFileSync(join(b.dir, firstWav)).equals(readFileSync(join(a.dir, firstWav)))).toBe(true);

      const r = await importDataset(a.dir);
      expect(r.format).toBe('jsonl');
      expect(r.problems).toEqual([]);
      expect(r.stats.languages.map((l) => l.language)).toEqual(['en', 'fr', 'it', 'nl']);
      expect(r.utterances.length).toBe(built.utterances);
      const held = new Set(built.plan.voices.filter((v) => v.heldOut).map((v) => v.id));
      const trainSpeakers = new Set(r.utterances.filter((u) => u.split === 'train').map((u) => u.speaker));
      expect([...held].filter((v) => trainSpeakers.has(v))).toEqual([]);
      expect(
        r.utterances.filter((u) => u.split === 'test' && held.has(u.speaker)).length,
      ).toBeGreaterThanOrEqual(4);
      const trainText = new Set(r.utterances.filter((u) => u.split === 'train').map((u) => u.transcript));
      expect(r.utterances.filter((u) => u.split === 'test' && trainText.has(u.transcript))).toEqual([]);
      for (const u of r.utterances) {
        expect(u.durationSec).toBeGreaterThan(0.5);
        expect(u.durationSec).toBeLessThan(10);
      }
    } finally {
      a.cleanup();
      b.cleanup();
    }
  });
});

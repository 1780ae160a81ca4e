import { join } from 'node:path';
import { buildDemoCorpus } from '../../engine/data';
import { homeLayout } from '../../store';
import { importAndStore } from './import';
import type { JobIo } from './kind';
import type { DemoCorpusPayload } from './demo-corpus-schema';

/** Build the synthetic 4-language demo corpus into <home>/corpora/demo-<seed>, then import it. */
export async function runDemoCorpus(payload: DemoCorpusPayload, io: JobIo): Promise<void> {
  const outDir = join(homeLayout(io.job.home).corpora, `demo-${payload.seed}`);
  const built = await buildDemoCorpus({
    outDir,
    seed: payload.seed,
    hours: payload.hours,
    onProgress: (done, total) => io.progress({ phase: 'synthesize', step: done, total }),
  });
  io.log(
    `built ${built.utterances} utterances (${(built.audioSeconds / 3600).toFixed(2)} h) in ${built.wallSeconds.toFixed(0)} s ` +
      `(${built.realTimeFactor.toFixed(0)}× real time, ${built.espeakVersion})`,
  );
  await importAndStore(
    { path: built.manifestPath, format: 'jsonl', name: `demo corpus (seed ${payload.seed})` },
    io,
  );
}

import { buildDemoCorpus, importDataset } from '../../../src/engine/data';
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
rmSync('/tmp/demo-half', { recursive: true, force: true });
const r = await buildDemoCorpus({ outDir: '/tmp/demo-half', seed: 1, hours: 0.5 });
console.log(
  'build',
  r.utterances,
  'utts',
  (r.audioSeconds / 3600).toFixed(3),
  'h',
  r.wallSeconds.toFixed(1),
  's',
  r.realTimeFactor.toFixed(1),
  'x',
  'load',
  loadavg()[0].toFixed(1),
);
const t = performance.now();
const imp = await importDataset('/tmp/demo-half');
const s = (performance.now() - t) / 1000;
console.log(
  'import',
  imp.utterances.length,
  imp.problems.length,
  s.toFixed(1),
  's',
  (imp.utterances.length / s).toFixed(0),
  'utt/s',
  ((imp.stats.hours * 3600) / s).toFixed(0),
  'x',
);
for (const l of imp.stats.languages)
  console.log(l.language, l.utterances, (l.hours * 60).toFixed(1), 'min', l.splits);

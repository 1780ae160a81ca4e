import { EXIT, UsageError, type Command } from '../command';
import { call, withApp } from './support/app';
import { guard } from './support/guard';
import { json, textTable } from './support/table';

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

export const masksCommand: Command = {
  name: 'masks',
  summary:
    'Mask overlap of a pruning or pathways run: pairwise IoU, shared by all, exclusive shares, union density',
  usage: 'pathways masks RUN [--home H] [--json]',
  options: {},
  async run({ values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError('expected one run id');
    return guard(io, () =>
      withApp(values, { runJobs: false }, async (app) => {
        const report = await call(app, 'masks.overlap', { runId: positionals[0] });
        if (values.json) {
          io.out(json(report));
          return EXIT.ok;
        }
        const o = report.overall;
        io.out(
          `${report.languages.join(', ')}: ${report.prunableWeights} prunable weights, union density ${pct(o.unionDensity)}, shared by all ${pct(o.sharedByAll)}\n\n`,
        );
        io.out(
          textTable(
            ['pair', 'IoU'],
            o.pairs.map((p) => [`${p.a}-${p.b}`, p.iou.toFixed(3)]),
          ),
        );
        io.out(
          '\n' +
            textTable(
              ['language', 'sparsity', 'exclusive'],
              report.languages.map((l) => [l, pct(o.sparsity[l] ?? 0), pct(o.exclusive[l] ?? 0)]),
            ),
        );
        return EXIT.ok;
      }),
    );
  },
};

import { formatPairwise } from '../../jobs/exports';
import { EXIT, UsageError, type Command } from '../command';
import { call, withApp } from './support/app';
import { guard } from './support/guard';
import { json, textTable } from './support/table';

const ACTIONS = ['list', 'show', 'compare', 'delete'] as const;
const FORMATS = ['markdown', 'csv', 'json'] as const;

export const runsCommand: Command = {
  name: 'runs',
  summary:
    'List runs, show one (config, artifacts, metrics), compare evaluated runs (two: with paired bootstrap ' +
    'intervals of the second against the first), delete a run and its files',
  usage:
    'pathways runs [list | show RUN | compare [RUN...] [--group G] [--format markdown|csv|json] [--resamples N] | delete RUN --yes] [--home H] [--json]',
  options: {
    group: {
      type: 'string',
      placeholder: 'G',
      valueType: 'id',
      description: 'compare: the runs of this reproduction group',
    },
    format: {
      type: 'string',
      placeholder: 'F',
      default: 'markdown',
      choices: FORMATS,
      description: 'compare: how to print the table (--json means json)',
    },
    resamples: {
      type: 'string',
      placeholder: 'N',
      valueType: 'integer',
      description: 'compare: bootstrap resamples, 1000 to 100000 (default 1000)',
    },
    yes: { type: 'boolean', default: false, description: 'delete: confirm that the run and its files go' },
  },
  async run({ values, positionals }, io) {
    const [action = 'list', ...ids] = positionals;
    if (!(ACTIONS as readonly string[]).includes(action))
      throw new UsageError(`unknown action '${action}' (expected ${ACTIONS.join(', ')})`);
    if ((action === 'show' || action === 'delete') && ids.length !== 1)
      throw new UsageError(`${action} needs exactly one run id`);
    if (action === 'delete' && !values.yes)
      throw new UsageError('deleting a run removes its files too: confirm with --yes');
    const format = (values.json ? 'json' : values.format) as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
    const resamples = values.resamples === undefined ? undefined : Number(values.resamples);
    if (
      resamples !== undefined &&
      !(Number.isInteger(resamples) && resamples >= 1000 && resamples <= 100_000)
    )
      throw new UsageError('--resamples must be a whole number from 1000 to 100000');
    return guard(io, () =>
      withApp(values, { runJobs: false }, async (app) => {
        if (action === 'list') {
          const runs = await call(app, 'runs.list', {});
          if (values.json) io.out(json(runs));
          else
            io.out(
              runs.length
                ? textTable(
                    ['id', 'name', 'kind', 'state', 'seed', 'created'],
                    runs.map((r) => [r.id, r.name, r.kind, r.state, String(r.seed), r.createdAt]),
                  )
                : 'no runs yet\n',
            );
        } else if (action === 'show') {
          const run = await call(app, 'runs.get', { runId: ids[0] });
          const metrics = await call(app, 'runs.metrics', { runId: ids[0], maxPoints: 50 });
          const evaluations = await call(app, 'evaluations.list', { runId: ids[0] });
          if (values.json) io.out(json({ ...run, metrics, evaluations }));
          else {
            io.out(
              `${run.name} (${run.id}) ${run.kind}, ${run.state}, seed ${run.seed}, app ${run.appVersion}, backend ${run.backend ?? '?'}\n`,
            );
            io.out(`config: ${JSON.stringify(run.config)}\n`);
            for (const a of run.artifacts)
              io.out(`artifact ${a.kind} ${a.path} ${a.bytes} B sha256 ${a.sha256}\n`);
            for (const m of metrics)
              io.out(
                `metric ${m.name}: ${m.points.length} points, last ${m.points.at(-1)?.value ?? '-'} at step ${m.points.at(-1)?.step ?? '-'}\n`,
              );
            for (const e of evaluations) {
              const timing = e.timing
                ? `, decoded in ${e.timing.decodeSeconds.toFixed(1)} s (${e.timing.utterancesPerSecond.toFixed(1)} utterances/s)`
                : '';
              io.out(
                `evaluation ${e.id} (${e.split}): ${Object.entries(e.perLanguage)
                  .map(([l, s]) => `${l} WER ${(100 * s.wer).toFixed(2)} %`)
                  .join(', ')}${timing}\n`,
              );
            }
          }
        } else if (action === 'compare') {
          const request = {
            runIds: ids.length ? ids : undefined,
            groupId: values.group as string | undefined,
            resamples,
          };
          // two runs: the second against the first, by paired bootstrap, after the table
          const pairwise =
            ids.length === 2
              ? await call(app, 'results.pairwise', { runA: ids[0], runB: ids[1], resamples })
              : null;
          if (format === 'json')
            io.out(json({ ...(await call(app, 'results.compare', request)), ...(pairwise && { pairwise }) }));
          else {
            const report = await call(app, 'results.export', { ...request, format });
            const separator = format === 'csv' ? '\r\n' : '\n';
            io.out(pairwise ? `${report.text}${separator}${formatPairwise(pairwise, format)}` : report.text);
          }
        } else {
          const result = await call(app, 'runs.delete', { runId: ids[0], confirm: true });
          io.out(values.json ? json(result) : `deleted ${ids[0]}, freed ${result.bytesFreed} bytes\n`);
        }
        return EXIT.ok;
      }),
    );
  },
};

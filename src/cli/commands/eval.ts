import { EVAL_JOB } from '../../jobs/kinds/run-kinds';
import { notFound } from '../../shared/api';
import { EXIT, UsageError, type Command } from '../command';
import { withApp } from './support/app';
import { followAll } from './support/follow-all';
import { guard } from './support/guard';
import { configFromFlags } from './support/run-config';
import { json } from './support/table';

export const evalCommand: Command = {
  name: 'eval',
  summary: 'Evaluate a trained run on its test split (WER/CER per language, hypotheses with token timings)',
  usage: 'pathways eval RUN [--config FILE] [--set key=value]... [--detach] [--home H] [--json]',
  options: {
    config: {
      type: 'string',
      placeholder: 'FILE',
      valueType: 'path',
      description: 'JSON file of evaluation settings (split, maxUtterances, method, beam …)',
    },
    set: {
      type: 'string',
      placeholder: 'key=value',
      valueType: 'key=value',
      multiple: true,
      description: 'One evaluation setting, over --config (dotted keys nest; values read as JSON)',
    },
    detach: {
      type: 'boolean',
      default: false,
      description:
        'Queue the job and return; it runs when jobs next run here (the app, web mode, or jobs resume)',
    },
  },
  run: async ({ values, positionals }, io) => {
    if (positionals.length !== 1) throw new UsageError('expected one run id');
    const payload = configFromFlags(values);
    return guard(io, () =>
      withApp(values, { runJobs: !values.detach }, async (app) => {
        const runId = positionals[0];
        if (!app.store.runs.get(runId)) throw notFound('run', runId);
        const job = app.ctx.jobs.enqueue({ kind: EVAL_JOB, runId, payload });
        io.out(values.json ? json({ runId, jobId: job.id }) : `evaluating ${runId}: job ${job.id}\n`);
        return values.detach ? EXIT.ok : followAll(app, [job.id], io);
      }),
    );
  },
};

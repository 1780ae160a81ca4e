import { JOB_STATES, type Job, type JobState } from '../../shared/api';
import { EXIT, UsageError, type Command } from '../command';
import { call, withApp } from './support/app';
import { followJob, progressText } from './support/follow';
import { guard } from './support/guard';
import { jobOutcome } from './support/outcome';
import { json, textTable } from './support/table';

const ACTIONS = ['list', 'show', 'cancel', 'pause', 'resume', 'logs'] as const;

function jobLine(j: Job): string[] {
  return [
    j.id,
    j.kind,
    j.state,
    String(j.attempts),
    j.progress ? progressText(j.progress) : '',
    j.error ?? '',
  ];
}

export const jobsCommand: Command = {
  name: 'jobs',
  summary: 'List, inspect, cancel, pause or resume jobs (resume continues from the last checkpoint)',
  usage:
    'pathways jobs [list [--state S]... | show ID | logs ID [--limit N] [--offset N] | cancel ID | pause ID | resume ID [--wait]] [--home H] [--json]',
  options: {
    state: {
      type: 'string',
      placeholder: 'S',
      multiple: true,
      choices: JOB_STATES,
      description: 'list: only jobs in this state; repeat for several',
    },
    wait: {
      type: 'boolean',
      default: false,
      description: 'resume: run the job here and wait for it, with progress',
    },
    limit: {
      type: 'string',
      placeholder: 'N',
      valueType: 'integer',
      default: '500',
      description: 'logs: how many lines, the newest (1 to 5000)',
    },
    offset: {
      type: 'string',
      placeholder: 'N',
      valueType: 'integer',
      default: '0',
      description: 'logs: skip this many of the newest lines first, to page back through a long log',
    },
  },
  async run({ values, positionals }, io) {
    const [action = 'list', jobId, ...rest] = positionals;
    if (!(ACTIONS as readonly string[]).includes(action))
      throw new UsageError(`unknown action '${action}' (expected ${ACTIONS.join(', ')})`);
    if (action === 'list' ? jobId !== undefined : jobId === undefined || rest.length > 0) {
      throw new UsageError(action === 'list' ? 'list takes no job id' : `${action} needs exactly one job id`);
    }
    const states = (values.state as string[] | undefined) ?? [];
    const [limit, offset] = (['limit', 'offset'] as const).map((flag) => {
      const n = Number(values[flag]);
      if (!Number.isInteger(n) || n < (flag === 'limit' ? 1 : 0) || (flag === 'limit' && n > 5000))
        throw new UsageError(
          `--${flag} must be a whole number ${flag === 'limit' ? 'from 1 to 5000' : '≥ 0'}`,
        );
      return n;
    });
    const runJobs = action === 'resume' && values.wait === true;
    return guard(io, () =>
      withApp(values, { runJobs }, async (app) => {
        const print = (value: unknown, text: string) => io.out(values.json ? json(value) : text);
        if (action === 'list') {
          const jobs = await call(app, 'jobs.list', {
            states: states.length ? (states as JobState[]) : undefined,
          });
          print(
            jobs,
            jobs.length
              ? textTable(['id', 'kind', 'state', 'attempts', 'progress', 'error'], jobs.map(jobLine))
              : 'no jobs\n',
          );
          return EXIT.ok;
        }
        if (action === 'logs') {
          const logs = await call(app, 'jobs.logs', { jobId: jobId!, limit, offset });
          print(logs, logs.map((l) => `${l.at} ${l.level.padEnd(5)} ${l.line}\n`).join(''));
          return EXIT.ok;
        }
        const channel =
          action === 'show' ? 'jobs.get' : (`jobs.${action}` as 'jobs.cancel' | 'jobs.pause' | 'jobs.resume');
        const job = await call(app, channel, { jobId: jobId! });
        print(job, textTable(['id', 'kind', 'state', 'attempts', 'progress', 'error'], [jobLine(job)]));
        if (runJobs) return jobOutcome(await followJob(app, job.id, io), io, job.id);
        return EXIT.ok;
      }),
    );
  },
};

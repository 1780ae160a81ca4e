import type { Command } from '../command';
import { jobKinds } from '../../jobs/kinds';
import { EVAL_JOB, RUN_KIND_JOB } from '../../jobs/kinds/run-kinds';
import { infoCommand } from './info';
import { webCommand } from './web';
import { demoCorpusCommand } from './demo-corpus';
import { importCommand } from './import';
import { datasetsCommand } from './datasets';
import { jobsCommand } from './jobs';
import { runsCommand } from './runs';
import { masksCommand } from './masks';
import { exportCommand } from './export';
import { scoreCommand } from './score';
import { trainCommand } from './train';
import { pruneCommand } from './prune';
import { pathwaysCommand } from './pathways';
import { evalCommand } from './eval';
import { reproduceCommand } from './reproduce';

/**
 * Commands that queue engine work, each listed only when this build has the job kinds it needs, so no
 * command is offered that cannot run.
 */
const available = new Set(jobKinds().map((k) => k.kind));
const runCommands: [Command, string[]][] = [
  [trainCommand, [RUN_KIND_JOB.dense]],
  [pruneCommand, [RUN_KIND_JOB.lap]],
  [pathwaysCommand, [RUN_KIND_JOB.pathways]],
  [evalCommand, [EVAL_JOB]],
  [reproduceCommand, [...new Set([...Object.values(RUN_KIND_JOB), EVAL_JOB])]],
];

/** Every subcommand, in the order `pathways --help` lists them. */
export const commands: Command[] = [
  infoCommand,
  demoCorpusCommand,
  importCommand,
  datasetsCommand,
  ...runCommands.filter(([, kinds]) => kinds.every((k) => available.has(k))).map(([command]) => command),
  jobsCommand,
  runsCommand,
  masksCommand,
  exportCommand,
  scoreCommand,
  webCommand,
];

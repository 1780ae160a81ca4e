import type { Command } from '../command';
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

/** Every subcommand, in the order `pathways --help` lists them. */
export const commands: Command[] = [
  infoCommand,
  demoCorpusCommand,
  importCommand,
  datasetsCommand,
  jobsCommand,
  runsCommand,
  masksCommand,
  exportCommand,
  scoreCommand,
  webCommand,
];

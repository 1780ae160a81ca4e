import type { Migration } from './migration';
import { initial } from './001-initial';
import { evaluations } from './002-evaluations';
import { jobControl } from './003-job-control';
import { maskReports } from './004-mask-reports';
import { preregistrations } from './005-preregistrations';

/** Every migration in order; append new ones, never edit a released one. */
export const MIGRATIONS: readonly Migration[] = [
  initial,
  evaluations,
  jobControl,
  maskReports,
  preregistrations,
];
export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
export type { Migration };

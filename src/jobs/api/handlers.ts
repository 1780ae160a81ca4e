import type { HandlerTable } from './dispatch';
import { appHandlers } from './app-handlers';
import { datasetHandlers } from './dataset-handlers';
import { fileHandlers } from './file-handlers';
import { jobHandlers } from './job-handlers';
import { runHandlers } from './run-handlers';
import { experimentHandlers } from './experiment-handlers';
import { firstRunHandlers } from './first-run-handlers';
import { resultHandlers } from './result-handlers';
import { maskHandlers } from './mask-handlers';
import { reviewHandlers } from './review-handlers';

/** The single implementation of the API contract, used by Electron IPC, the web server, the CLI and tests. */
export const handlers: HandlerTable = {
  ...appHandlers,
  ...datasetHandlers,
  ...fileHandlers,
  ...jobHandlers,
  ...runHandlers,
  ...experimentHandlers,
  ...firstRunHandlers,
  ...resultHandlers,
  ...maskHandlers,
  ...reviewHandlers,
};

/** A minimal valid input for `store.runs.create`. */
export const NEW_RUN = {
  name: 'r',
  kind: 'dense' as const,
  seed: 1,
  config: {},
  datasetIds: [],
  appVersion: '0',
};

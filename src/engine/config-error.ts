/** A configuration that fails its schema: the message lists every issue, `issues` names each field. */
export class InvalidConfigError extends Error {
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'InvalidConfigError';
  }
}

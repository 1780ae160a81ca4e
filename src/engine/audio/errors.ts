/** Decoding failure that names the offending file (or byte source) and the reason. */
export class AudioDecodeError extends Error {
  constructor(
    readonly source: string,
    readonly reason: string,
  ) {
    super(`${source}: ${reason}`);
    this.name = 'AudioDecodeError';
  }
}

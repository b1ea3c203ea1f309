/** The one error the RDB codec throws: malformed or truncated input, with where it was found. */
export class RdbError extends Error {
  constructor(
    message: string,
    /** Byte offset in the input where the problem was detected. */
    readonly offset: number,
    /** True for truncated input (Redis's "short read"), false for corrupt content. */
    readonly shortRead = false,
  ) {
    super(message);
    this.name = 'RdbError';
  }
}

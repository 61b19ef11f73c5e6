import type { ApiError } from "./api-types.js";

/** A request the server refuses, with its HTTP status and a code other dashboards can test. */
export class ViewError extends Error {
  override readonly name = "ViewError";

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }

  /** The JSON body of the answer. */
  body(): ApiError {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.hint === undefined ? {} : { hint: this.hint }),
      },
    };
  }
}

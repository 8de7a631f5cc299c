/** Errors the edges translate into user-facing answers (404, field errors, 409…). */

export class NotFoundError extends Error {
  constructor(what: string) {
    super(`${what} not found`);
    this.name = "NotFoundError";
  }
}

/** A request that is well-formed but not allowed in the current state (e.g. over the plan limit). */
export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConflictError";
  }
}

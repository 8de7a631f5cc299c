import { AsyncLocalStorage } from "node:async_hooks";
import diagnosticsChannel from "node:diagnostics_channel";
import type { ClientRequest } from "node:http";

/**
 * Whether an HTTP request was completely handed to the network before it failed: a request that
 * timed out or lost its connection before that cannot have been acted on (safe to send again),
 * one that failed after it may have been (its outcome is unknown). Node's `http` module announces
 * every client request on the `http.client.request.start` diagnostics channel; the request's
 * 'finish' event says its headers and body were all handed to the operating system. The clients
 * this is used with (gaxios over node-fetch) make their requests with `http`.
 */

type Tracking = { matches: (request: ClientRequest) => boolean; written: boolean };

const tracking = new AsyncLocalStorage<Tracking>();
let subscribed = false;

function onRequestStart(message: unknown): void {
  const state = tracking.getStore();
  const request = (message as { request?: ClientRequest }).request;
  if (!state || !request || !state.matches(request)) return;
  request.once("finish", () => {
    state.written = true;
  });
}

/**
 * Runs `run`; when it rejects, the error is rethrown as a RequestFailed saying whether any request
 * it made that `matches` had been completely written.
 */
export async function trackRequestWritten<T>(
  run: () => Promise<T>,
  matches: (request: ClientRequest) => boolean,
): Promise<T> {
  if (!subscribed) {
    diagnosticsChannel.subscribe("http.client.request.start", onRequestStart);
    subscribed = true;
  }
  const state: Tracking = { matches, written: false };
  try {
    return await tracking.run(state, run);
  } catch (error) {
    throw new RequestFailed(error, state.written);
  }
}

/** A failed call and whether its request had been completely written. */
export class RequestFailed extends Error {
  constructor(
    readonly failure: unknown,
    readonly requestWritten: boolean,
  ) {
    super(failure instanceof Error ? failure.message : String(failure));
    this.name = "RequestFailed";
  }
}

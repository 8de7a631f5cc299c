import { SQSClient } from "@aws-sdk/client-sqs";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { AppConfig } from "@/lib/env";

type SqsClientOptions = {
  /**
   * The abort signal for every request of this client. A client made for one queue consumer gets
   * its consumer's signal here instead of per call: the SDK resolves a command's middleware stack
   * again (and drops its cache) for every call made with options such as `{ abortSignal }`.
   */
  abortSignal?: () => AbortSignal | undefined;
};

/**
 * SQS client for the configured AWS account or, locally, the fauxqs emulator. The endpoint is passed
 * explicitly (not only via AWS_ENDPOINT_URL) because the emulator's queue URLs use the host
 * `sqs.<region>.localhost`, which the SDK must not resolve on its own.
 */
export function createSqsClient(
  aws: Pick<AppConfig["aws"], "region" | "endpoint" | "credentials">,
  options: SqsClientOptions = {},
): SQSClient {
  const { abortSignal } = options;
  return new SQSClient({
    region: aws.region,
    // One resolved middleware stack per command class, for calls made without per-call options (as
    // in s3-client.ts).
    cacheMiddleware: true,
    ...(abortSignal ? { requestHandler: new SignalledHttpHandler(abortSignal) } : {}),
    ...(aws.endpoint ? { endpoint: aws.endpoint } : {}),
    ...(aws.credentials ? { credentials: aws.credentials } : {}),
  });
}

/** The SDK's Node HTTP handler, with the client's abort signal on requests that bring none. */
class SignalledHttpHandler extends NodeHttpHandler {
  constructor(private readonly signal: () => AbortSignal | undefined) {
    super();
  }

  override handle(...[request, options]: Parameters<NodeHttpHandler["handle"]>) {
    return super.handle(request, { ...options, abortSignal: options?.abortSignal ?? this.signal() });
  }
}

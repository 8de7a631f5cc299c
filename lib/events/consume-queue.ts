import { ChangeMessageVisibilityCommand, type Message, type SQSClient } from "@aws-sdk/client-sqs";
import { Consumer } from "sqs-consumer";
import { type EventEnvelope, messageAttributesOf, parseEnvelope } from "@/lib/events/envelopes";
import type { QueueEnvelope, QueueKey, QueueSpec } from "@/lib/events/topology";
import type { Logger } from "@/lib/logger";

/**
 * Runs one queue's handler on sqs-consumer with the queue's declared batch size and visibility
 * timeout (topology.ts).
 *
 * - The handler resolves: the message is deleted (the messages of one receive are handled
 *   concurrently, and deleted together).
 * - The handler throws: the message stays, SQS redelivers it after the visibility timeout, and after
 *   `maxReceiveCount` receives the queue's redrive policy moves it to the dead-letter queue.
 * - The body is not a valid envelope, or not one this queue accepts: it can never succeed, so it is
 *   logged and made visible again at once (not deleted), which takes it to the DLQ after
 *   `maxReceiveCount` quick receives instead of as many visibility timeouts.
 *
 * stop() stops polling and waits for the messages being handled (and their deletes); an idle long
 * poll is aborted so stopping is quick.
 */

export type QueueMessageContext = {
  queue: QueueKey;
  messageId: string;
  /** 1 on the first delivery (SQS ApproximateReceiveCount). */
  receiveCount: number;
  maxReceiveCount: number;
  /** Logger bound to the queue, message and campaign. */
  log: Logger;
  /**
   * Keep the message (do not delete it) and make it invisible for `ms` (at most SQS's 12 hours; a
   * longer wait repeats when it comes back), instead of sleeping in the handler: e.g. an email whose
   * sending window opens later. Takes effect when the handler resolves.
   */
  deferFor(ms: number): void;
};

/** SQS's maximum visibility timeout (12 hours). */
export const MAX_VISIBILITY_SECONDS = 43_200;

export type QueueHandler<K extends QueueKey> = (
  envelope: QueueEnvelope<K>,
  context: QueueMessageContext,
) => Promise<void>;

export type QueueConsumer = { stop(): Promise<void> };

export type StartQueueConsumerOptions<K extends QueueKey> = {
  /** For the consumer's own calls (releasing and deferring messages). */
  sqs: SQSClient;
  /**
   * A client of the consumer's own for sqs-consumer's receives and deletes, given the signal that
   * aborts them (`createSqsClient(aws, { abortSignal })`). sqs-consumer passes that signal with
   * every call, and the SDK re-resolves its middleware for calls with options (and drops the
   * client's cache); this client carries the signal itself, so its calls use the cached stack.
   * Without it, sqs-consumer uses `sqs`.
   */
  consumerSqs?: (abortSignal: () => AbortSignal | undefined) => SQSClient;
  queueUrl: string;
  queue: QueueSpec<K>;
  handler: QueueHandler<K>;
  log: Logger;
  /** Long-poll duration of each receive (SQS maximum and default here: 20). */
  waitTimeSeconds?: number;
};

const STOP_CHECK_INTERVAL_MS = 10;

export function startQueueConsumer<K extends QueueKey>(options: StartQueueConsumerOptions<K>): QueueConsumer {
  const { sqs, queueUrl, queue, handler } = options;
  const log = options.log.child({ queue: queue.key });
  let stopping = false;
  // True while a ReceiveMessage is outstanding. Only then may stop() abort: sqs-consumer uses one
  // abort signal for every call, and aborting while messages are handled would abort their deletes.
  let receiving = false;

  /** Makes the message visible again at once (a handler that never ran, or can never succeed). */
  const release = async (message: Message, messageLog: Logger): Promise<void> => {
    try {
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: message.ReceiptHandle,
          VisibilityTimeout: 0,
        }),
      );
    } catch (err) {
      messageLog.warn({ err }, "could not release the message; it returns after its visibility timeout");
    }
  };

  const handleMessage = async (message: Message): Promise<Message | undefined> => {
    const messageId = message.MessageId ?? "(none)";
    const receiveCount = Number(message.Attributes?.ApproximateReceiveCount ?? "1");
    const meta = { messageId, receiveCount, maxReceiveCount: queue.maxReceiveCount };
    if (stopping) {
      // Received just as stop() began: hand it to another consumer now rather than handle it late.
      await release(message, log.child(meta));
      return undefined;
    }
    const parsed = parseEnvelope(message.Body ?? "");
    const problem = parsed.ok ? rejection(queue, parsed.envelope) : parsed.error;
    if (!parsed.ok || problem) {
      log.error(
        { ...meta, issues: parsed.ok ? undefined : parsed.issues, queueMessage: truncate(message.Body) },
        `unusable message, left for the dead-letter queue: ${problem}`,
      );
      await release(message, log.child(meta));
      return undefined;
    }
    const envelope = parsed.envelope as QueueEnvelope<K>;
    const messageLog = log.child({ ...meta, ...identify(parsed.envelope) });
    const startedAt = Date.now();
    let deferSeconds: number | undefined;
    try {
      await handler(envelope, {
        queue: queue.key,
        messageId,
        receiveCount,
        maxReceiveCount: queue.maxReceiveCount,
        log: messageLog,
        deferFor: (ms) => {
          deferSeconds = Math.min(MAX_VISIBILITY_SECONDS, Math.max(1, Math.ceil(ms / 1000)));
        },
      });
    } catch (err) {
      const last = receiveCount >= queue.maxReceiveCount;
      messageLog[last ? "error" : "warn"](
        { err },
        last
          ? "handler failed on the last attempt; the message goes to the dead-letter queue"
          : "handler failed; SQS redelivers the message after its visibility timeout",
      );
      throw err;
    }
    if (deferSeconds !== undefined) {
      try {
        await sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: queueUrl,
            ReceiptHandle: message.ReceiptHandle,
            VisibilityTimeout: deferSeconds,
          }),
        );
        messageLog.info({ deferSeconds }, "message deferred");
      } catch (err) {
        messageLog.warn({ err }, "could not defer the message; it returns after its visibility timeout");
      }
      return undefined;
    }
    messageLog.debug({ durationMs: Date.now() - startedAt }, "message handled");
    return message;
  };

  let consumerSignal: AbortSignal | undefined;
  const ownClient = options.consumerSqs?.(() => consumerSignal);
  const consumer = Consumer.create({
    sqs: ownClient ? signalFromCalls(ownClient, (signal) => (consumerSignal = signal)) : sqs,
    queueUrl,
    batchSize: queue.batchSize,
    visibilityTimeout: queue.visibilityTimeoutSeconds,
    waitTimeSeconds: options.waitTimeSeconds ?? 20,
    messageSystemAttributeNames: ["ApproximateReceiveCount"],
    // The messages of one receive are handled concurrently and the handled ones deleted with one
    // DeleteMessageBatch call; a failed one stays in flight until its visibility timeout.
    handleMessageBatch: async (messages) => {
      const handled = await Promise.all(
        messages.map((message) => handleMessage(message).catch(() => undefined)),
      );
      return handled.filter((message): message is Message => message !== undefined);
    },
    preReceiveMessageCallback: async () => {
      receiving = true;
    },
    postReceiveMessageCallback: async () => {
      receiving = false;
    },
  });
  // Handler failures are logged in handleMessage, with the envelope's ids.
  consumer.on("processing_error", () => {});
  // sqs-consumer pauses only after its own list of errors; when SQS cannot be reached at all
  // (connection refused, DNS) it would poll again at once, hundreds of times a second. Pause instead.
  let pausedUntilRetry: NodeJS.Timeout | undefined;
  consumer.on("error", (err, message) => {
    // stop() aborts an idle long poll; sqs-consumer reports it as an SQSError with code AbortError.
    if (stopping && "code" in err && err.code === "AbortError") return;
    const messageId = message && !Array.isArray(message) ? message.MessageId : undefined;
    if (!message && isUnreachable(err)) {
      if (pausedUntilRetry || stopping) return;
      log.error({ err, retryInMs: UNREACHABLE_RETRY_MS }, "SQS unreachable; pausing this consumer");
      consumer.stop();
      pausedUntilRetry = setTimeout(() => {
        pausedUntilRetry = undefined;
        if (!stopping) consumer.start();
      }, UNREACHABLE_RETRY_MS);
      return;
    }
    log.error({ err, messageId }, "SQS call failed");
  });
  consumer.start();
  log.info(
    { batchSize: queue.batchSize, visibilityTimeoutSeconds: queue.visibilityTimeoutSeconds },
    "queue consumer started",
  );

  let stopped: Promise<void> | undefined;
  return {
    stop() {
      stopped ??= (async () => {
        stopping = true;
        clearTimeout(pausedUntilRetry);
        consumer.stop(receiving ? { abort: true } : undefined);
        while (consumer.status.isPolling) {
          await new Promise((resolve) => setTimeout(resolve, STOP_CHECK_INTERVAL_MS));
        }
        ownClient?.destroy();
        log.info("queue consumer stopped");
      })();
      return stopped;
    },
  };
}

const UNREACHABLE_RETRY_MS = 5_000;

/**
 * The client as sqs-consumer sees it: each call's abort signal is handed to `setSignal` (which the
 * client's request handler reads) and the call goes on without options.
 */
function signalFromCalls(client: SQSClient, setSignal: (signal: AbortSignal | undefined) => void): SQSClient {
  const view: SQSClient = Object.create(client);
  view.send = ((command: Parameters<SQSClient["send"]>[0], callOptions?: { abortSignal?: AbortSignal }) => {
    setSignal(callOptions?.abortSignal);
    return client.send(command);
  }) as SQSClient["send"];
  return view;
}

/** Network-level failures: nothing answered (as opposed to SQS answering with an error). */
function isUnreachable(err: Error): boolean {
  const codes = new Set([
    "ECONNREFUSED",
    "ECONNRESET",
    "ENOTFOUND",
    "EAI_AGAIN",
    "EHOSTUNREACH",
    "ETIMEDOUT",
  ]);
  const code = (err as Error & { code?: string; cause?: { code?: string } }).code;
  const causeCode = (err as Error & { cause?: { code?: string } }).cause?.code;
  return codes.has(code ?? "") || codes.has(causeCode ?? "") || /ECONNREFUSED|ENOTFOUND/.test(err.message);
}

/** Why the queue does not take this envelope, or undefined when it does (same rule as its filter). */
function rejection(queue: QueueSpec, envelope: EventEnvelope): string | undefined {
  if (envelope.type !== queue.accepts) return `type ${envelope.type} is not handled by this queue`;
  const value = messageAttributesOf(envelope)[queue.filter.attribute];
  const allowed: readonly string[] = queue.filter.values;
  if (value === undefined || !allowed.includes(value)) {
    return `${queue.filter.attribute}=${value ?? "(none)"} is not one of ${queue.filter.values.join(", ")}`;
  }
  return undefined;
}

function identify(envelope: EventEnvelope): Record<string, unknown> {
  const base = { type: envelope.type, dedupeKey: envelope.dedupeKey, userId: envelope.userId };
  if (envelope.type !== "CAMPAIGN_STATUS_CHANGED") return base;
  return { ...base, campaignId: envelope.campaignId, cycle: envelope.cycle, toStatus: envelope.toStatus };
}

function truncate(body: string | undefined): string | undefined {
  return body && body.length > 500 ? `${body.slice(0, 500)}…` : body;
}

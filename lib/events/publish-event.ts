import {
  type MessageAttributeValue,
  PublishBatchCommand,
  PublishCommand,
  type SNSClient,
} from "@aws-sdk/client-sns";
import { type EventEnvelope, eventEnvelope, messageAttributesOf } from "@/lib/events/envelopes";

/**
 * Publishes one envelope to an SNS topic and returns the SNS MessageId. The envelope is validated
 * first (a malformed event is a bug in the publisher: it throws and nothing is sent), and carries its
 * message attributes so subscription filters route it. The topic ARN comes from resolveTopology
 * (the topic for a type: TOPIC_OF_ENVELOPE).
 */
export async function publishEvent(
  sns: SNSClient,
  topicArn: string,
  envelope: EventEnvelope,
): Promise<string> {
  const { Message, MessageAttributes } = snsMessage(envelope);
  const { MessageId } = await sns.send(
    new PublishCommand({ TopicArn: topicArn, Message, MessageAttributes }),
  );
  if (!MessageId) throw new Error(`SNS returned no MessageId for ${envelope.type} ${envelope.dedupeKey}`);
  return MessageId;
}

export type PublishOutcome = { ok: true; messageId: string } | { ok: false; error: string };

/** SNS PublishBatch takes at most ten entries. */
const SNS_BATCH_LIMIT = 10;

/**
 * publishEvent for many envelopes to one topic, ten per SNS PublishBatch call (the outbox relay).
 * Never throws: returns, per envelope and in order, its MessageId or why it was not published (an
 * invalid envelope, an entry SNS refused, or a call that failed as a whole).
 */
export async function publishEvents(
  sns: SNSClient,
  topicArn: string,
  envelopes: readonly unknown[],
): Promise<PublishOutcome[]> {
  const outcomes: PublishOutcome[] = envelopes.map(() => ({ ok: false, error: "not published" }));
  const entries: { index: number; message: ReturnType<typeof snsMessage> }[] = [];
  envelopes.forEach((envelope, index) => {
    try {
      entries.push({ index, message: snsMessage(envelope) });
    } catch (error) {
      outcomes[index] = { ok: false, error: errorText(error) };
    }
  });
  const batches: (typeof entries)[] = [];
  for (let i = 0; i < entries.length; i += SNS_BATCH_LIMIT)
    batches.push(entries.slice(i, i + SNS_BATCH_LIMIT));
  await Promise.all(
    batches.map(async (batch) => {
      try {
        const response = await sns.send(
          new PublishBatchCommand({
            TopicArn: topicArn,
            PublishBatchRequestEntries: batch.map(({ index, message }) => ({
              Id: String(index),
              ...message,
            })),
          }),
        );
        for (const ok of response.Successful ?? []) {
          if (ok.Id && ok.MessageId) outcomes[Number(ok.Id)] = { ok: true, messageId: ok.MessageId };
        }
        for (const failed of response.Failed ?? []) {
          if (failed.Id)
            outcomes[Number(failed.Id)] = { ok: false, error: `${failed.Code}: ${failed.Message}` };
        }
      } catch (error) {
        for (const { index } of batch) outcomes[index] = { ok: false, error: errorText(error) };
      }
    }),
  );
  return outcomes;
}

/** The validated envelope as an SNS message, with the attributes subscription filters route on. */
function snsMessage(envelope: unknown): {
  Message: string;
  MessageAttributes: Record<string, MessageAttributeValue>;
} {
  const valid = eventEnvelope.parse(envelope);
  const attributes: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(messageAttributesOf(valid))) {
    if (value !== undefined) attributes[name] = { DataType: "String", StringValue: value };
  }
  return { Message: JSON.stringify(valid), MessageAttributes: attributes };
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

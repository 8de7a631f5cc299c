import { type MessageAttributeValue, PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import { type EventEnvelope, eventEnvelope, messageAttributesOf } from "@/lib/events/envelopes";

/**
 * Publishes one envelope to an SNS topic and returns the SNS MessageId. The envelope is validated
 * first (a malformed event is a bug in the publisher: it throws and nothing is sent), and carries its
 * message attributes so subscription filters route it. Callers are the outbox relay and the poller;
 * the topic ARN comes from resolveTopology (the topic for a type: TOPIC_OF_ENVELOPE).
 */
export async function publishEvent(
  sns: SNSClient,
  topicArn: string,
  envelope: EventEnvelope,
): Promise<string> {
  const valid = eventEnvelope.parse(envelope);
  const attributes: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(messageAttributesOf(valid))) {
    if (value !== undefined) attributes[name] = { DataType: "String", StringValue: value };
  }
  const { MessageId } = await sns.send(
    new PublishCommand({ TopicArn: topicArn, Message: JSON.stringify(valid), MessageAttributes: attributes }),
  );
  if (!MessageId) throw new Error(`SNS returned no MessageId for ${valid.type} ${valid.dedupeKey}`);
  return MessageId;
}

import {
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  SetSubscriptionAttributesCommand,
} from "@aws-sdk/client-sns";
import { GetQueueAttributesCommand, SetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator, uniquePrefix } from "@/lib/events/emulator-for-tests";
import { provisionTopology } from "@/lib/events/provision-topology";
import { resolveTopology, TopologyNotProvisionedError } from "@/lib/events/resolve-topology";
import { buildTopology, QUEUE_KEYS } from "@/lib/events/topology";

let emulator: TestEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(async () => {
  await emulator?.stop();
});

describe("provisionTopology", () => {
  it("creates everything once; a second run changes nothing", async () => {
    const { sns, sqs } = emulator;
    const topology = buildTopology(uniquePrefix());
    const first = await provisionTopology({ sns, sqs, topology });
    // 2 topics + 9 queues × (queue, DLQ, subscription)
    expect(first.changes).toHaveLength(2 + 9 * 3);
    expect(first.changes.every((c) => c.action === "created")).toBe(true);

    const second = await provisionTopology({ sns, sqs, topology });
    expect(second.changes).toEqual([]);
    expect(second.resolved).toEqual(first.resolved);
    const subscriptions = await sns.send(
      new ListSubscriptionsByTopicCommand({ TopicArn: first.resolved.topics["campaign-events"].arn }),
    );
    expect(subscriptions.Subscriptions).toHaveLength(8);
  });

  it("sets visibility, redrive to the DLQ, the topic's send permission, the filter and raw delivery", async () => {
    const { sns, sqs } = emulator;
    const topology = buildTopology(uniquePrefix());
    const { resolved } = await provisionTopology({ sns, sqs, topology });
    const sending = resolved.queues["email-sending"];
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: sending.url, AttributeNames: ["All"] }),
    );
    expect(Attributes.VisibilityTimeout).toBe(
      String(topology.queues["email-sending"].visibilityTimeoutSeconds),
    );
    expect(JSON.parse(Attributes.RedrivePolicy ?? "{}")).toEqual({
      deadLetterTargetArn: sending.dlq.arn,
      maxReceiveCount: topology.queues["email-sending"].maxReceiveCount,
    });
    const topicArn = resolved.topics["campaign-events"].arn;
    expect(JSON.parse(Attributes.Policy ?? "{}").Statement[0]).toMatchObject({
      Principal: { Service: "sns.amazonaws.com" },
      Action: "sqs:SendMessage",
      Resource: sending.arn,
      Condition: { ArnEquals: { "aws:SourceArn": topicArn } },
    });

    const { Subscriptions = [] } = await sns.send(
      new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }),
    );
    const subscription = Subscriptions.find((s) => s.Endpoint === sending.arn);
    const { Attributes: subscriptionAttributes = {} } = await sns.send(
      new GetSubscriptionAttributesCommand({ SubscriptionArn: subscription?.SubscriptionArn }),
    );
    expect(subscriptionAttributes.RawMessageDelivery).toBe("true");
    expect(JSON.parse(subscriptionAttributes.FilterPolicy ?? "{}")).toEqual({
      to_status: ["READY_TO_SEND_EMAIL"],
    });
  });

  it("brings attributes changed by hand back to the declaration", async () => {
    const { sns, sqs } = emulator;
    const topology = buildTopology(uniquePrefix());
    const { resolved } = await provisionTopology({ sns, sqs, topology });
    const intro = resolved.queues.intro;
    await sqs.send(
      new SetQueueAttributesCommand({ QueueUrl: intro.url, Attributes: { VisibilityTimeout: "7" } }),
    );
    const topicArn = resolved.topics["campaign-events"].arn;
    const { Subscriptions = [] } = await sns.send(
      new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }),
    );
    const subscriptionArn = Subscriptions.find((s) => s.Endpoint === intro.arn)?.SubscriptionArn;
    await sns.send(
      new SetSubscriptionAttributesCommand({
        SubscriptionArn: subscriptionArn,
        AttributeName: "FilterPolicy",
        AttributeValue: JSON.stringify({ to_status: ["DORMANT"] }),
      }),
    );

    const again = await provisionTopology({ sns, sqs, topology });
    expect(again.changes).toEqual([
      { resource: `queue ${intro.name}`, action: "updated", detail: "VisibilityTimeout" },
      {
        resource: `subscription ${intro.name} ← ${topology.topics["campaign-events"].name}`,
        action: "updated",
        detail: "FilterPolicy",
      },
    ]);
    expect((await provisionTopology({ sns, sqs, topology })).changes).toEqual([]);
  });
});

describe("resolveTopology", () => {
  it("finds what provisioning created, and names what is missing otherwise", async () => {
    const { sns, sqs } = emulator;
    const topology = buildTopology(uniquePrefix());
    const missing = await resolveTopology({ sns, sqs, topology }).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(TopologyNotProvisionedError);
    expect((missing as TopologyNotProvisionedError).missing).toHaveLength(2 + 9 * 2);

    const { resolved } = await provisionTopology({ sns, sqs, topology });
    const found = await resolveTopology({ sns, sqs, topology });
    expect(found).toEqual(resolved);
    expect(await resolveTopology({ sns, sqs, topology })).toBe(found);
    expect(Object.keys(found.queues)).toEqual(expect.arrayContaining([...QUEUE_KEYS]));
  });
});

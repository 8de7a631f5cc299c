import { getMonthlyAiUsage } from "@/lib/ai/get-monthly-ai-usage";
import { getConfig } from "@/lib/env";
import { monthName } from "@/lib/market-data/format-values";

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 2 });
const count = new Intl.NumberFormat("en-US");

/** The signed-in agent's own AI writing this month: texts, tokens and estimated cost. */
export async function AiUsageCard({ agentId, timeZone }: { agentId: string; timeZone: string }) {
  const usage = await getMonthlyAiUsage(agentId, timeZone, new Date());
  const modelId = getConfig().bedrock?.modelId;
  // Under a cent reads "<$0.01" rather than a misleading "$0.00".
  const cost = usage.costUsd > 0 && usage.costUsd < 0.01 ? "<$0.01" : usd.format(usage.costUsd);
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm" data-testid="ai-usage">
      <p className="text-sm text-slate-600">AI writing in {monthName(usage.month)} (estimated cost)</p>
      <p className="mt-1 text-3xl font-semibold">{cost}</p>
      <p className="mt-1 text-xs text-slate-500">
        {usage.texts === 0
          ? "No intros or home reports written yet this month."
          : `${count.format(usage.aiWritten)} of ${count.format(usage.texts)} texts written by AI` +
            (usage.fallbacks > 0 ? `, ${count.format(usage.fallbacks)} replaced by the built-in text` : "") +
            ` · ${count.format(usage.inputTokens + usage.outputTokens)} tokens`}
      </p>
      <p className="mt-1 text-xs text-slate-500">
        {modelId ? `Model: ${modelId}` : "Local mode: written by the built-in writer, at no cost."}
      </p>
    </section>
  );
}

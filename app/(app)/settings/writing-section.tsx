import { writingFormValues } from "@/lib/agents/writing-settings-input";
import { getConfig } from "@/lib/env";
import { WritingForm } from "./writing-form";

/** Settings → Writing: tone and sign-off, and which writer writes the intro and home report. */
export function WritingSection({ agent }: { agent: { writingTone: string | null; signOff: string | null } }) {
  const modelId = getConfig().bedrock?.modelId;
  return (
    <section
      className="mt-6 rounded-xl border border-slate-200 bg-white p-6 shadow-sm"
      aria-labelledby="writing-heading"
    >
      <h2 id="writing-heading" className="text-base font-semibold">
        Writing
      </h2>
      <p className="mt-1 text-sm text-slate-600" data-testid="writer-mode">
        {modelId ? (
          <>
            Each email&apos;s intro and home report are written by AI (
            <code className="text-xs">{modelId}</code>) from your clients&apos; data, checked, and replaced by
            the built-in text if a check fails.
          </>
        ) : (
          <>
            Each email&apos;s intro and home report are written by the built-in writer (local mode: AI is not
            configured).
          </>
        )}
      </p>
      <WritingForm initialValues={writingFormValues(agent)} />
    </section>
  );
}

import { exampleHomeownerVariables } from "@/lib/emails/example-variables";
import { type HomeownerEmailVariables, renderHomeownerEmail } from "@/lib/emails/render-homeowner-email";

/**
 * `npm run bench:render [-- --seconds 10]`: homeowner emails rendered per second on one core (one
 * Node.js thread): variables validated, both parts rendered from the compiled templates, exactly as
 * the email-creation consumer does (without S3 and the database). Target: ≥ 500 per second.
 */

const TARGET_PER_SECOND = 500;
const secondsArg = process.argv.indexOf("--seconds");
const SECONDS = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 10;

/** Distinct inputs, so nothing downstream can reuse a previous result. */
function variants(count: number): HomeownerEmailVariables[] {
  const base = exampleHomeownerVariables();
  return Array.from({ length: count }, (_, i) => ({
    ...base,
    clientFirstName: `Client${i}`,
    property: { ...base.property, addressLine1: `${100 + i} Maple Street` },
    homeValue: { ...base.homeValue, value: base.homeValue.value + i * 250 },
    introText: `${base.introText}\n\nA note just for you, number ${i}.`,
  }));
}

function run(
  inputs: HomeownerEmailVariables[],
  ms: number,
): { count: number; bytes: number; elapsedMs: number } {
  let count = 0;
  let bytes = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    const email = renderHomeownerEmail(inputs[count % inputs.length] as HomeownerEmailVariables);
    bytes += email.html.length + email.text.length;
    count++;
  }
  return { count, bytes, elapsedMs: performance.now() - start };
}

const inputs = variants(1000);
run(inputs, 1000); // warm-up: template compilation and JIT
const cpuBefore = process.cpuUsage();
const { count, bytes, elapsedMs } = run(inputs, SECONDS * 1000);
const cpu = process.cpuUsage(cpuBefore);
const perSecond = count / (elapsedMs / 1000);
const cpuMsPerEmail = (cpu.user + cpu.system) / 1000 / count;
console.log(
  JSON.stringify(
    {
      emails: count,
      seconds: Number((elapsedMs / 1000).toFixed(2)),
      emailsPerSecond: Math.round(perSecond),
      cpuMsPerEmail: Number(cpuMsPerEmail.toFixed(3)),
      averageKbPerEmail: Number((bytes / count / 1024).toFixed(1)),
      target: TARGET_PER_SECOND,
      met: perSecond >= TARGET_PER_SECOND,
    },
    null,
    2,
  ),
);
process.exit(perSecond >= TARGET_PER_SECOND ? 0 : 1);

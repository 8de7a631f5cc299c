import { execFileSync, spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Issue 17 items 1 and 6: scripts/build-and-push-to-aws.sh run for real, with recording stand-ins
// for `docker` and `aws` first on PATH (this machine has no Docker engine and no AWS account). The
// stand-ins write every call (and what reached their stdin) to a file and answer as the real tools
// do for the calls the script makes (shapes: ../shared/notes/stripe-and-lightsail.md B5–B7).

const ROOT = path.resolve(import.meta.dirname, "..");
const ACCOUNT = "123456789012";
const REGISTRY = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com`;
const VERSIONS: Record<string, string> = { web: "7", workers: "3", cron: "12" };

// Both stand-ins: record the call, fail when STANDIN_FAIL is a prefix of it, then answer.
const STANDIN_HEAD = `#!/usr/bin/env bash
set -u
call="$(basename "$0") $*"
printf '%s\\n' "$call" >> "$STANDIN_DIR/calls.log"
if [ -n "\${STANDIN_FAIL:-}" ] && [[ "$call" == "$STANDIN_FAIL"* ]]; then
  echo "stand-in: refusing $call" >&2
  exit 1
fi
`;

const DOCKER = `${STANDIN_HEAD}
case "$1" in
  login) printf '%s\\n' "$(cat)" > "$STANDIN_DIR/login-password" ;;
  build) echo "built $6" ;;
  push) echo "pushed $2" ;;
  run) echo "migrations applied" ;;
esac
`;

const AWS = `${STANDIN_HEAD}
arg() { # the value after flag $1
  local flag="$1"; shift
  while [ $# -gt 0 ]; do [ "$1" = "$flag" ] && { echo "$2"; return; }; shift; done
}
case "$1 $2" in
  "sts get-caller-identity") echo ${ACCOUNT} ;;
  "ecr get-login-password") echo "ecr-password-from-aws" ;;
  "ecr describe-repositories")
    repo="$(arg --repository-names "$@")"
    if [[ " \${STANDIN_MISSING_REPOS:-} " == *" $repo "* ]]; then
      echo "An error occurred (RepositoryNotFoundException) when calling the DescribeRepositories operation" >&2
      exit 254
    fi
    echo '{"repositories":[{"repositoryName":"'"$repo"'"}]}' ;;
  "ecr describe-images")
    repo="$(arg --repository-name "$@")"
    if [[ " \${STANDIN_EXISTING_IMAGES:-} " != *" $repo "* ]]; then
      echo "An error occurred (ImageNotFoundException) when calling the DescribeImages operation" >&2
      exit 254
    fi
    echo '{"imageDetails":[{"repositoryName":"'"$repo"'"}]}' ;;
  "ecr create-repository") echo '{"repository":{"repositoryName":"'"$(arg --repository-name "$@")"'"}}' ;;
  "lightsail create-container-service-deployment")
    service="$(arg --service-name "$@")"
    containers="$(arg --containers "$@")"
    cp "\${containers#file://}" "$STANDIN_DIR/$service.containers.json"
    endpoint="$(arg --public-endpoint "$@")"
    [ -n "$endpoint" ] && cp "\${endpoint#file://}" "$STANDIN_DIR/$service.public-endpoint.json"
    case "$service" in
      dripr-web) echo ${VERSIONS.web} ;; dripr-workers) echo ${VERSIONS.workers} ;; dripr-cron) echo ${VERSIONS.cron} ;;
    esac ;;
  "lightsail get-container-service-deployments")
    service="$(arg --service-name "$@")"
    polls="$STANDIN_DIR/$service.polls"
    echo x >> "$polls"
    if [ "$service" = "\${STANDIN_FAILED_DEPLOYMENT:-}" ]; then echo FAILED
    elif [ "$(wc -l < "$polls")" -lt 2 ]; then echo ACTIVATING
    else echo ACTIVE; fi ;;
  "lightsail get-container-services") echo "https://dripr-web.abc123.us-east-1.cs.amazonlightsail.com/" ;;
  *) echo "stand-in aws: unexpected call" >&2; exit 2 ;;
esac
`;

let work: string;
let checkout: string;
let bin: string;
let commit: string;

function git(...args: string[]) {
  return execFileSync("git", args, { cwd: checkout, encoding: "utf8" }).trim();
}

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), "dripr-deploy-script-"));
  // A checkout of its own: the script refuses a dirty work tree, and the tag is this commit.
  checkout = path.join(work, "checkout");
  mkdirSync(path.join(checkout, "scripts"), { recursive: true });
  cpSync(
    path.join(ROOT, "scripts", "build-and-push-to-aws.sh"),
    path.join(checkout, "scripts", "build-and-push-to-aws.sh"),
  );
  cpSync(path.join(ROOT, "deploy", "lightsail"), path.join(checkout, "deploy", "lightsail"), {
    recursive: true,
  });
  writeFileSync(path.join(checkout, ".gitignore"), "deploy/production.env\n");
  git("init", "-q");
  git("add", "-A");
  git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "fixture");
  commit = git("rev-parse", "--short=12", "HEAD");
  writeFileSync(
    path.join(checkout, "deploy", "production.env"),
    "# production\nDATABASE_URL=postgresql://u:p@db.example.com/dripr\nAPP_URL=https://app.example.com\nWORKER_PROCESSES=2\n",
  );
  // The workers' own AWS key (IAM policy per container), overlaid on production.env for them only.
  writeFileSync(
    path.join(checkout, "deploy", "production.workers.env"),
    "AWS_ACCESS_KEY_ID=AKIAWORKERS\nAWS_SECRET_ACCESS_KEY=workers-secret\n",
  );
  bin = path.join(work, "bin");
  mkdirSync(bin);
  for (const [name, body] of [
    ["docker", DOCKER],
    ["aws", AWS],
  ] as const) {
    writeFileSync(path.join(bin, name), body);
    chmodSync(path.join(bin, name), 0o755);
  }
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

type Run = { status: number | null; stdout: string; stderr: string; calls: string[]; dir: string };

function runScript(args: string[] = [], env: Record<string, string> = {}): Run {
  const dir = mkdtempSync(path.join(work, "run-"));
  // Through a shell, so a test can merge the two streams ("2>&1") to read them in order.
  const result = spawnSync("bash", ["-c", `scripts/build-and-push-to-aws.sh ${args.join(" ")}`], {
    cwd: checkout,
    env: {
      PATH: `${bin}:${process.env.PATH}`,
      HOME: work,
      NODE_ENV: "test",
      AWS_REGION: "us-east-1",
      DEPLOY_POLL_SECONDS: "0",
      STANDIN_DIR: dir,
      ...env,
    },
    encoding: "utf8",
    timeout: 60_000,
  });
  const log = path.join(dir, "calls.log");
  const calls = readdirSync(dir).includes("calls.log")
    ? readFileSync(log, "utf8").split("\n").filter(Boolean)
    : [];
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls, dir };
}

const image = (name: string) => `${REGISTRY}/dripr-${name}:${commit}`;

/** The whole sequence for these services, with the deployment files' paths left out. */
function expectedCalls(
  services: string[],
  missingRepos: string[] = [],
  pushedAlready: string[] = [],
): string[] {
  const images = [...services, "migrate"];
  const toBuild = images.filter((n) => !pushedAlready.includes(n));
  const deployments = services.map(
    (s) => `aws lightsail create-container-service-deployment --service-name dripr-${s}`,
  );
  return [
    "aws sts get-caller-identity --query Account --output text",
    ...images.flatMap((n) => [
      `aws ecr describe-repositories --repository-names dripr-${n}`,
      ...(missingRepos.includes(n)
        ? [
            `aws ecr create-repository --repository-name dripr-${n} --image-tag-mutability IMMUTABLE --image-scanning-configuration scanOnPush=true`,
          ]
        : []),
    ]),
    ...images.map(
      (n) => `aws ecr describe-images --repository-name dripr-${n} --image-ids imageTag=${commit}`,
    ),
    ...toBuild.map((n) => `docker build --platform linux/amd64 --target ${n} --tag ${image(n)} .`),
    "aws ecr get-login-password --region us-east-1",
    `docker login --username AWS --password-stdin ${REGISTRY}`,
    ...toBuild.map((n) => `docker push ${image(n)}`),
    `docker run --rm --env-file deploy/production.env ${image("migrate")}`,
    ...deployments,
    ...services.flatMap((s) => {
      const poll = `aws lightsail get-container-service-deployments --service-name dripr-${s} --query deployments[?version==\`${VERSIONS[s]}\`].state | [0] --output text`;
      return [poll, poll]; // ACTIVATING, then ACTIVE
    }),
    ...(services.includes("web")
      ? [
          "aws lightsail get-container-services --service-name dripr-web --query containerServices[0].url --output text",
        ]
      : []),
  ];
}

/**
 * Calls with the temporary deployment files' paths cut (they change every run), and the two ends of
 * the login pipe in one order (both start at once, so either may record first).
 */
function comparable(calls: string[]): string[] {
  const login = calls.findIndex((c) => c.startsWith("docker login"));
  const password = calls.findIndex((c) => c.startsWith("aws ecr get-login-password"));
  const ordered = [...calls];
  if (login !== -1 && password === login + 1)
    [ordered[login], ordered[password]] = [calls[password] ?? "", calls[login] ?? ""];
  return ordered.map((c) =>
    c.replace(
      / --containers file:\/\/\S+( --public-endpoint file:\/\/\S+)? --query containerService\.nextDeployment\.version --output text$/,
      "",
    ),
  );
}

describe("scripts/build-and-push-to-aws.sh", () => {
  it("is clean under shellcheck", () => {
    const result = spawnSync("shellcheck", ["-x", "scripts/build-and-push-to-aws.sh", ".ci/run"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(result.error, "shellcheck is not installed (apt-get install -y shellcheck)").toBeUndefined();
    expect(result.stdout).toBe("");
    expect(result.status).toBe(0);
  });

  it("creates missing repositories, builds ×4, logs in, pushes, migrates, deploys ×3, waits, prints the URL", () => {
    const run = runScript([], { STANDIN_MISSING_REPOS: "dripr-cron dripr-migrate" });
    expect(run.stderr).not.toContain("failed at step");
    expect(run.status).toBe(0);
    expect(comparable(run.calls)).toEqual(expectedCalls(["web", "workers", "cron"], ["cron", "migrate"]));
    // The ECR password went through a pipe into docker login, never onto a command line.
    expect(readFileSync(path.join(run.dir, "login-password"), "utf8").trim()).toBe("ecr-password-from-aws");
    expect(run.calls.join("\n")).not.toContain("ecr-password-from-aws");
    expect(run.stdout).toContain("https://dripr-web.abc123.us-east-1.cs.amazonlightsail.com/");
    expect(run.stdout).toContain(`deployed ${commit}: web workers cron`);
  });

  it("deploys each service with its image, the env file's variables and (web only) the health-checked endpoint", () => {
    const run = runScript();
    expect(run.status).toBe(0);
    const containers = (service: string) =>
      JSON.parse(readFileSync(path.join(run.dir, `dripr-${service}.containers.json`), "utf8"));
    expect(containers("web")).toEqual({
      web: {
        image: image("web"),
        environment: {
          PORT: "3000",
          HOSTNAME: "0.0.0.0",
          DATABASE_URL: "postgresql://u:p@db.example.com/dripr",
          APP_URL: "https://app.example.com",
          WORKER_PROCESSES: "2",
        },
        ports: { "3000": "HTTP" },
      },
    });
    // The env file wins over a definition's default (WORKER_PROCESSES 1 in workers.json).
    expect(containers("workers").workers).toMatchObject({
      image: image("workers"),
      environment: {
        WORKER_PROCESSES: "2",
        WORKERS_HEALTH_PORT: "54332",
        AWS_ACCESS_KEY_ID: "AKIAWORKERS",
        AWS_SECRET_ACCESS_KEY: "workers-secret",
      },
    });
    expect(containers("workers").workers.ports).toBeUndefined();
    expect(containers("cron").cron.image).toBe(image("cron"));
    expect(
      JSON.parse(readFileSync(path.join(run.dir, "dripr-web.public-endpoint.json"), "utf8")),
    ).toMatchObject({
      containerName: "web",
      containerPort: 3000,
      healthCheck: { path: "/api/health" },
    });
    expect(readdirSync(run.dir).filter((f) => f.endsWith("public-endpoint.json"))).toEqual([
      "dripr-web.public-endpoint.json",
    ]);
  });

  it("a re-run skips the images this commit already pushed (their tags are immutable)", () => {
    const run = runScript([], { STANDIN_EXISTING_IMAGES: "dripr-web dripr-migrate" });
    expect(run.status).toBe(0);
    expect(comparable(run.calls)).toEqual(expectedCalls(["web", "workers", "cron"], [], ["web", "migrate"]));
  });

  it("--only workers builds, pushes and deploys the workers (and runs the migrations) only", () => {
    const run = runScript(["--only", "workers"]);
    expect(run.status).toBe(0);
    expect(comparable(run.calls)).toEqual(expectedCalls(["workers"]));
  });

  it("--dry-run runs nothing and prints the whole sequence", () => {
    const run = runScript(["--dry-run", "2>&1"]);
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([]);
    const printed = run.stdout
      .split("\n")
      .filter((l) => l.startsWith("+ "))
      .map((l) => l.slice(2).split(" ").slice(0, 3).join(" "));
    expect(printed).toEqual([
      "aws sts get-caller-identity",
      ...Array(4).fill("aws ecr describe-repositories"),
      ...Array(4).fill("aws ecr describe-images"),
      ...Array(4).fill("docker build --platform"),
      "aws ecr get-login-password",
      ...["web", "workers", "cron", "migrate"].map(
        (name) => `docker push ACCOUNT_ID.dkr.ecr.us-east-1.amazonaws.com/dripr-${name}:${commit}`,
      ),
      "docker run --rm",
      ...["web", "workers", "cron"].flatMap((service) => [
        `node deploy/lightsail/render-deployment.mjs ${service}`,
        "aws lightsail create-container-service-deployment",
      ]),
      ...Array(3).fill("aws lightsail get-container-service-deployments"),
      "aws lightsail get-container-services",
    ]);
  });

  const failures: Array<[string, string]> = [
    ["aws sts get-caller-identity", "look up the AWS account"],
    ["docker build --platform linux/amd64 --target workers", "build the workers image"],
    ["docker build --platform linux/amd64 --target migrate", "build the migrate image"],
    ["docker login", "log in to ECR"],
    [
      "aws ecr create-repository --repository-name dripr-cron",
      "create the ECR repository dripr-cron if missing",
    ],
    [`docker push ${REGISTRY}/dripr-web`, "push the web image"],
    ["docker run", "apply the database migrations (migrate image)"],
    [
      "aws lightsail create-container-service-deployment --service-name dripr-workers",
      "deploy dripr-workers",
    ],
    [
      "aws lightsail get-container-service-deployments --service-name dripr-cron",
      "wait for dripr-cron deployment 12 to be active",
    ],
  ];

  it.each(failures)("a failing `%s` stops the script there, naming the step", (prefix, step) => {
    const run = runScript([], { STANDIN_FAIL: prefix, STANDIN_MISSING_REPOS: "dripr-cron" });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(`failed at step: ${step}`);
    // Nothing ran after the failing call (but the other end of the login pipe, which starts with it).
    const failedAt = run.calls.findIndex((c) => c.startsWith(prefix));
    expect(failedAt).toBeGreaterThan(-1);
    expect(run.calls.slice(failedAt + 1).filter((c) => !c.startsWith("aws ecr get-login-password"))).toEqual(
      [],
    );
    expect(run.calls.filter((c) => c.startsWith(prefix))).toHaveLength(1);
    expect(run.stdout).not.toContain("deployed ");
  });

  it("a failed migration deploys nothing", () => {
    const run = runScript([], { STANDIN_FAIL: "docker run" });
    expect(run.status).not.toBe(0);
    expect(run.calls.some((c) => c.includes("lightsail"))).toBe(false);
  });

  it("a deployment Lightsail marks FAILED stops the script and says where its logs are", () => {
    const run = runScript([], { STANDIN_FAILED_DEPLOYMENT: "dripr-workers" });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("failed at step: wait for dripr-workers deployment 3 to be active");
    expect(run.stderr).toContain(
      "aws lightsail get-container-log --service-name dripr-workers --container-name workers",
    );
    expect(run.calls.some((c) => c.includes("--service-name dripr-cron --query"))).toBe(false);
  });

  it("refuses a dirty work tree and a missing env file before calling anything", () => {
    writeFileSync(path.join(checkout, "scripts", "build-and-push-to-aws.sh"), "\n# edited\n", { flag: "a" });
    try {
      const dirty = runScript();
      expect(dirty.status).not.toBe(0);
      expect(dirty.stderr).toContain("uncommitted changes");
      expect(dirty.calls).toEqual([]);
    } finally {
      git("checkout", "--", "scripts/build-and-push-to-aws.sh");
    }
    const missing = runScript(["--env-file", "deploy/nope.env"]);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain("deploy/nope.env does not exist");
    expect(missing.calls).toEqual([]);
  });
});

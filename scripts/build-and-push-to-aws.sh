#!/usr/bin/env bash
# Builds the web, workers, cron and migrate images (linux/amd64), tags them with the git commit,
# pushes them to ECR (creating missing repositories), applies the database migrations with the
# migrate image, deploys the Lightsail container services, waits until each new deployment is
# active, and prints the app's URL. README → Deployment explains the one-time setup it expects.
#
#   scripts/build-and-push-to-aws.sh [--dry-run] [--only web|workers|cron] [--env-file FILE]
#
#   --dry-run      print every command instead of running it (nothing is built, pushed or deployed)
#   --only NAME    build, push and deploy one service (the migrate image is still built and run:
#                  the new code may need its migrations)
#   --env-file F   the production configuration, KEY=VALUE lines (default deploy/production.env;
#                  never committed). The migration and every container get it.
#
# Environment: AWS_REGION (required; also the ECR region: Lightsail pulls only from its own region),
# DRIPR_PREFIX (repository and service names, default "dripr"), DEPLOY_POLL_SECONDS (15),
# DEPLOY_TIMEOUT_SECONDS (1200). Needs docker, the AWS CLI and git; node for the JSON files.
#
# Any failing step stops the script with "failed at step: <step>". Migrations run before any new
# code serves; if they fail nothing is deployed and the running version keeps serving. If a
# deployment fails, Lightsail keeps the previous deployment active (rollback: README → Deployment).
set -Eeuo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

DRY_RUN=0
ONLY=""
ENV_FILE="deploy/production.env"
PREFIX="${DRIPR_PREFIX:-dripr}"
POLL_SECONDS="${DEPLOY_POLL_SECONDS:-15}"
TIMEOUT_SECONDS="${DEPLOY_TIMEOUT_SECONDS:-1200}"
STEP="starting"

usage() {
  sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) DRY_RUN=1 ;;
    --only)
      ONLY="${2:-}"
      shift
      ;;
    --only=*) ONLY="${1#--only=}" ;;
    --env-file)
      ENV_FILE="${2:-}"
      shift
      ;;
    --env-file=*) ENV_FILE="${1#--env-file=}" ;;
    -h | --help)
      usage
      exit 0
      ;;
    *)
      echo "unknown argument: $1" >&2
      usage >&2
      exit 2
      ;;
  esac
  shift
done

case "$ONLY" in
  "") SERVICES=(web workers cron) ;;
  web | workers | cron) SERVICES=("$ONLY") ;;
  *)
    echo "--only takes web, workers or cron (got \"$ONLY\")" >&2
    exit 2
    ;;
esac
IMAGES=("${SERVICES[@]}" migrate)

on_error() {
  local status=$?
  echo "" >&2
  echo "build-and-push-to-aws: failed at step: ${STEP} (exit ${status})" >&2
  exit "$status"
}
trap on_error ERR

step() {
  STEP="$1"
  printf '\n==> %s\n' "$STEP"
}

# Runs a command, or prints it with --dry-run.
run() {
  if [ "$DRY_RUN" -eq 1 ]; then
    printf '+'
    printf ' %q' "$@"
    printf '\n'
  else
    "$@"
  fi
}

# Prints a command's output; with --dry-run prints the command and answers $1 instead.
capture() {
  local placeholder="$1"
  shift
  if [ "$DRY_RUN" -eq 1 ]; then
    {
      printf '+'
      printf ' %q' "$@"
      printf '\n'
    } >&2
    printf '%s\n' "$placeholder"
  else
    "$@"
  fi
}

if [ -z "${AWS_REGION:-}" ]; then
  echo "AWS_REGION is not set (the region of the Lightsail services and the ECR repositories)" >&2
  exit 2
fi
export AWS_PAGER=""

step "check the checkout and the configuration"
TAG="$(git rev-parse --short=12 HEAD)"
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  # The tag must name exactly what is in the image: a rollback redeploys a tag.
  echo "the work tree has uncommitted changes: commit them first (images are tagged with the commit)" >&2
  [ "$DRY_RUN" -eq 1 ] || false
fi
if [ ! -f "$ENV_FILE" ]; then
  if [ "$DRY_RUN" -eq 1 ]; then
    echo "($ENV_FILE does not exist; the dry run goes on without it)"
  else
    echo "$ENV_FILE does not exist (copy deploy/production.env.example and fill it in)" >&2
    false
  fi
fi
echo "commit ${TAG}, services: ${SERVICES[*]}, region ${AWS_REGION}, configuration ${ENV_FILE}"

step "look up the AWS account"
ACCOUNT="$(capture "ACCOUNT_ID" aws sts get-caller-identity --query Account --output text)"
REGISTRY="${ACCOUNT}.dkr.ecr.${AWS_REGION}.amazonaws.com"

image() {
  printf '%s/%s-%s:%s' "$REGISTRY" "$PREFIX" "$1" "$TAG"
}

for name in "${IMAGES[@]}"; do
  step "create the ECR repository ${PREFIX}-${name} if missing"
  # Immutable tags: a tag (a commit) always means the same image, so a rollback is honest.
  create=(aws ecr create-repository --repository-name "${PREFIX}-${name}"
    --image-tag-mutability IMMUTABLE --image-scanning-configuration scanOnPush=true)
  if [ "$DRY_RUN" -eq 1 ]; then
    printf '+ aws ecr describe-repositories --repository-names %s || %s\n' "${PREFIX}-${name}" "${create[*]}"
  elif ! aws ecr describe-repositories --repository-names "${PREFIX}-${name}" >/dev/null 2>&1; then
    "${create[@]}" >/dev/null
  fi
done

# An image this commit already pushed (a re-run after a failed deployment) is not built again: the
# tag is immutable, so pushing a rebuild of it would be refused.
TO_BUILD=()
for name in "${IMAGES[@]}"; do
  step "look for ${PREFIX}-${name}:${TAG} in ECR"
  if [ "$DRY_RUN" -eq 1 ]; then
    printf '+ aws ecr describe-images --repository-name %s --image-ids imageTag=%s\n' "${PREFIX}-${name}" "$TAG"
    TO_BUILD+=("$name")
  elif aws ecr describe-images --repository-name "${PREFIX}-${name}" --image-ids "imageTag=${TAG}" >/dev/null 2>&1; then
    echo "already pushed: not built again"
  else
    TO_BUILD+=("$name")
  fi
done

for name in ${TO_BUILD[@]+"${TO_BUILD[@]}"}; do
  step "build the ${name} image"
  run docker build --platform linux/amd64 --target "$name" --tag "$(image "$name")" .
done

# Also when nothing is pushed: the migration pulls its image.
step "log in to ECR"
if [ "$DRY_RUN" -eq 1 ]; then
  printf '+ aws ecr get-login-password --region %s | docker login --username AWS --password-stdin %s\n' \
    "$AWS_REGION" "$REGISTRY"
else
  aws ecr get-login-password --region "$AWS_REGION" |
    docker login --username AWS --password-stdin "$REGISTRY"
fi

for name in ${TO_BUILD[@]+"${TO_BUILD[@]}"}; do
  step "push the ${name} image"
  run docker push "$(image "$name")"
done

step "apply the database migrations (migrate image)"
# Before any new code serves; `prisma migrate deploy` holds an advisory lock, so a second deploy
# running at the same time waits instead of applying a migration twice.
run docker run --rm --env-file "$ENV_FILE" "$(image migrate)"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
declare -A VERSIONS=()
for name in "${SERVICES[@]}"; do
  step "deploy ${PREFIX}-${name}"
  out="${WORK}/${name}"
  run node deploy/lightsail/render-deployment.mjs "$name" "$(image "$name")" "$ENV_FILE" "$out"
  args=(lightsail create-container-service-deployment --service-name "${PREFIX}-${name}"
    --containers "file://${out}/containers.json")
  if [ "$name" = "web" ]; then
    args+=(--public-endpoint "file://${out}/public-endpoint.json")
  fi
  VERSIONS[$name]="$(capture "NEXT_VERSION" aws "${args[@]}" \
    --query containerService.nextDeployment.version --output text)"
  echo "deployment version ${VERSIONS[$name]}"
done

for name in "${SERVICES[@]}"; do
  step "wait for ${PREFIX}-${name} deployment ${VERSIONS[$name]} to be active"
  query="deployments[?version==\`${VERSIONS[$name]}\`].state | [0]"
  if [ "$DRY_RUN" -eq 1 ]; then
    printf '+ aws lightsail get-container-service-deployments --service-name %s --query %q --output text\n' \
      "${PREFIX}-${name}" "$query"
    echo "(repeated every ${POLL_SECONDS} s until ACTIVE; FAILED or ${TIMEOUT_SECONDS} s stops the script)"
    continue
  fi
  waited=0
  while :; do
    state="$(aws lightsail get-container-service-deployments --service-name "${PREFIX}-${name}" \
      --query "$query" --output text)"
    echo "  ${state} (${waited} s)"
    case "$state" in
      ACTIVE) break ;;
      FAILED | INACTIVE)
        echo "deployment ${VERSIONS[$name]} of ${PREFIX}-${name} is ${state}; the previous one keeps running." >&2
        echo "its logs: aws lightsail get-container-log --service-name ${PREFIX}-${name} --container-name ${name}" >&2
        false
        ;;
    esac
    if [ "$waited" -ge "$TIMEOUT_SECONDS" ]; then
      echo "not active after ${TIMEOUT_SECONDS} s" >&2
      false
    fi
    sleep "$POLL_SECONDS"
    waited=$((waited + POLL_SECONDS))
  done
done

if [[ " ${SERVICES[*]} " == *" web "* ]]; then
  step "print the app URL"
  url="$(capture "SERVICE_URL" aws lightsail get-container-services --service-name "${PREFIX}-web" \
    --query 'containerServices[0].url' --output text)"
  echo "Dripr ${TAG} is live: ${url} (APP_URL must be the custom domain pointed at it)"
fi
STEP="done"
echo ""
echo "deployed ${TAG}: ${SERVICES[*]}"

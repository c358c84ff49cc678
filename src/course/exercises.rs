//! The course, in order: from the basics (tags, apt hygiene, exec form) through users and
//! healthchecks, multi-stage builds and cache mounts, to a compose stack wired to its Dockerfiles.
//! Each starting workspace fails at least one goal (the tests check it).

use super::{Exercise, Goal};

pub const EXERCISES: &[Exercise] = &[
    Exercise {
        id: "pin-the-base",
        title: "Pin the base image",
        teaches: "Tags: a build that means the same thing tomorrow",
        instructions: "This image builds on whatever `python` and `node` mean today. Give both base images a version tag, so a rebuild next month starts from the same image.",
        files: &[(
            "Dockerfile",
            "FROM node AS assets\nWORKDIR /src\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY web/ web/\nRUN npm run build\n\nFROM python:latest\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCOPY --from=assets /src/dist ./static\nCMD [\"python\", \"app.py\"]\n",
        )],
        goals: &[
            ("Every base image names a tag (DL3006)", Goal::NoFinding("DL3006")),
            ("No base image uses `latest` (DL3007)", Goal::NoFinding("DL3007")),
            ("The image still has two stages", Goal::CopiesFromBuildStage),
        ],
        hints: &[
            "A tag goes after a colon: `FROM node:22`.",
            "Pick a specific, slim variant: `node:22-slim`, `python:3.12-slim`.",
        ],
    },
    Exercise {
        id: "apt-hygiene",
        title: "Tidy apt-get",
        teaches: "apt-get: -y, no recommends, one layer, no package lists left behind",
        instructions: "Installing two packages should not leave the index, recommended extras and a prompt behind. Make the install non-interactive, lean and one layer that cleans up after itself.",
        files: &[(
            "Dockerfile",
            "FROM debian:12-slim\nRUN apt-get update\nRUN apt-get install curl ca-certificates\nUSER 10001\nCMD [\"curl\", \"--version\"]\n",
        )],
        goals: &[
            ("apt-get install answers yes by itself (DL3014)", Goal::NoFinding("DL3014")),
            ("No recommended extras (DL3015)", Goal::NoFinding("DL3015")),
            ("The package lists are removed in the same RUN (DL3009)", Goal::NoFinding("DL3009")),
            ("Update and install are one RUN (DL3059)", Goal::NoFinding("DL3059")),
            ("It still installs curl and ca-certificates", Goal::Installs(&["curl", "ca-certificates"])),
        ],
        hints: &[
            "Join the two RUNs with `&&` so the index and the install are one layer.",
            "`apt-get install -y --no-install-recommends ...`",
            "End the same RUN with `&& rm -rf /var/lib/apt/lists/*`.",
        ],
    },
    Exercise {
        id: "exec-form",
        title: "Exec form for CMD",
        teaches: "JSON CMD: signals reach your process, not a shell",
        instructions: "In shell form the container's main process is `/bin/sh`, which does not pass on SIGTERM, so `docker stop` waits and then kills. Write the start command in exec (JSON) form, once.",
        files: &[(
            "Dockerfile",
            "FROM node:22-slim\nWORKDIR /app\nCOPY --chown=node:node . .\nUSER 1000\nCMD npm start\nCMD node server.js\n",
        )],
        goals: &[
            ("CMD is a JSON array (DL3025)", Goal::NoFinding("DL3025")),
            ("Only one CMD (DL4003)", Goal::NoFinding("DL4003")),
            ("The image still starts something (CMD or ENTRYPOINT)", Goal::StartsSomething),
        ],
        hints: &[
            "Only the last CMD counts: delete the other one.",
            "`CMD [\"node\", \"server.js\"]`: double quotes, one string per argument.",
        ],
    },
    Exercise {
        id: "non-root",
        title: "Run as a numeric non-root user",
        teaches: "USER: a numeric UID that Kubernetes can verify is not root",
        instructions: "The image ends as root, and a named user cannot be checked by `runAsNonRoot`. Create a user with a fixed UID and GID and switch to it by number at the end of the shipped stage.",
        files: &[(
            "Dockerfile",
            "FROM python:3.12-slim\nWORKDIR /app\nRUN useradd --create-home app\nCOPY --chown=app . .\nUSER app\nRUN pip install --no-cache-dir --user -r requirements.txt\nUSER root\nCMD [\"python\", \"-m\", \"app\"]\n",
        )],
        goals: &[
            ("The shipped stage runs as a numeric UID that is not 0", Goal::NumericNonRootUser),
            ("The last USER is not root (DL3002)", Goal::NoFinding("DL3002")),
            ("The USER is numeric (numeric-user)", Goal::NoFinding("numeric-user")),
            ("The image still starts something (CMD or ENTRYPOINT)", Goal::StartsSomething),
        ],
        hints: &[
            "Give the user a fixed id: `useradd --uid 10001 --create-home app`.",
            "The last USER wins: remove `USER root` or move it before the install.",
            "Write `USER 10001` instead of `USER app`.",
        ],
    },
    Exercise {
        id: "healthcheck",
        title: "Say when the service is healthy",
        teaches: "HEALTHCHECK: a real probe, not just a running process",
        instructions: "Orchestrators only know that the process runs. Add a HEALTHCHECK that asks the service itself (it answers on http://localhost:3000/healthz), not one that only looks for the process.",
        files: &[(
            "Dockerfile",
            "FROM node:22-slim\nWORKDIR /app\nCOPY --chown=node:node . .\nUSER 1000\nEXPOSE 3000\nCMD [\"node\", \"server.js\"]\n",
        )],
        goals: &[
            ("The shipped stage has a HEALTHCHECK", Goal::Healthcheck),
            ("No missing healthcheck (no-healthcheck)", Goal::NoFinding("no-healthcheck")),
            ("It probes the service, not the process (healthcheck-process-only)", Goal::NoFinding("healthcheck-process-only")),
            ("The image still starts something (CMD or ENTRYPOINT)", Goal::StartsSomething),
        ],
        hints: &[
            "`HEALTHCHECK CMD ...` goes in the final stage, before CMD.",
            "node-slim has no curl; node itself can fetch: `HEALTHCHECK CMD [\"node\", \"-e\", \"fetch('http://localhost:3000/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))\"]`.",
        ],
    },
    Exercise {
        id: "multi-stage",
        title: "Ship the binary, not the compiler",
        teaches: "Multi-stage builds: build in one stage, copy the result into a small one",
        instructions: "This image ships the whole Go toolchain next to one static binary. Build in a stage named `build` and copy only the binary into a small final stage (e.g. `gcr.io/distroless/static-debian12`).",
        files: &[(
            "Dockerfile",
            "FROM golang:1.23\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /usr/local/bin/server ./cmd/server\nUSER 65532\nENTRYPOINT [\"/usr/local/bin/server\"]\n",
        )],
        goals: &[
            ("The shipped stage copies from a build stage", Goal::CopiesFromBuildStage),
            ("Every COPY --from names a stage that exists (copy-from-unknown)", Goal::NoFinding("copy-from-unknown")),
            ("The shipped stage runs as a numeric non-root user", Goal::NumericNonRootUser),
            ("The image still starts something (CMD or ENTRYPOINT)", Goal::StartsSomething),
        ],
        hints: &[
            "Name the first stage: `FROM golang:1.23 AS build`.",
            "Start a second stage: `FROM gcr.io/distroless/static-debian12:nonroot`.",
            "`COPY --from=build /usr/local/bin/server /server`, then `USER 65532` and `ENTRYPOINT [\"/server\"]`.",
        ],
    },
    Exercise {
        id: "cache-mounts",
        title: "Keep downloads in a cache mount",
        teaches: "RUN --mount=type=cache: fast rebuilds without caches in the image",
        instructions: "Every change to requirements.txt downloads every wheel again. Let BuildKit keep pip's download cache between builds with a cache mount at pip's cache folder.",
        files: &[(
            "Dockerfile",
            "# syntax=docker/dockerfile:1\nFROM python:3.12-slim AS build\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir --prefix=/install -r requirements.txt\n\nFROM python:3.12-slim\nCOPY --from=build /install /usr/local\nCOPY . /app\nUSER 10001\nCMD [\"python\", \"-m\", \"app\"]\n",
        )],
        goals: &[
            ("A RUN mounts a build cache", Goal::CacheMount),
            ("The install keeps its downloads in a cache mount (prefer-cache-mount)", Goal::NoFinding("prefer-cache-mount")),
            ("The mount is where pip keeps its cache (cache-mount-mismatch)", Goal::NoFinding("cache-mount-mismatch")),
        ],
        hints: &[
            "Flags go between RUN and the command: `RUN --mount=type=cache,target=... pip install ...`.",
            "pip keeps its cache in `/root/.cache/pip` when it runs as root.",
            "With a cache mount, `--no-cache-dir` would throw the cache away: drop it.",
        ],
    },
    Exercise {
        id: "compose-stack",
        title: "Wire a compose stack to its Dockerfiles",
        teaches: "depends_on with service_healthy, healthchecks, build args the Dockerfile declares",
        instructions: "The API starts before the database accepts connections, and compose passes a build arg the Dockerfile never reads. Make `api` wait until `db` is healthy (give `db` a healthcheck) and declare the build arg.",
        files: &[
            (
                "compose.yaml",
                "services:\n  api:\n    build:\n      context: api\n      args:\n        APP_VERSION: \"1.4.2\"\n    depends_on:\n      - db\n    ports:\n      - \"127.0.0.1:8000:8000\"\n  db:\n    image: postgres:16.4\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/db\n",
            ),
            (
                "api/Dockerfile",
                "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nUSER 10001\nHEALTHCHECK CMD [\"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://localhost:8000/health')\"]\nCMD [\"python\", \"-m\", \"api\"]\n",
            ),
        ],
        goals: &[
            ("A service waits for a healthy dependency that has a healthcheck", Goal::WaitsForHealthy),
            ("Every service_healthy dependency has a healthcheck", Goal::NoFinding("compose-healthy-without-healthcheck")),
            ("Every build arg is declared (compose-build-arg-undeclared)", Goal::NoFinding("compose-build-arg-undeclared")),
            ("The Dockerfile is still there", Goal::Dockerfiles(1)),
        ],
        hints: &[
            "`depends_on:` takes a map: `db: {condition: service_healthy}`.",
            "Postgres answers `pg_isready`: `healthcheck: {test: [\"CMD\", \"pg_isready\", \"-U\", \"postgres\"], interval: 5s}`.",
            "In api/Dockerfile, `ARG APP_VERSION` after FROM declares the arg.",
        ],
    },
    Exercise {
        id: "score-90",
        title: "From tutorial to 90 points",
        teaches: "Put it together: a tutorial Dockerfile to a score of 90 or more",
        instructions: "A tutorial-style Dockerfile scores badly in the report. Use everything so far (Apply fix helps with some) until the Dockerfile scores at least 90.",
        files: &[(
            "Dockerfile",
            "FROM node:latest\nMAINTAINER dev@example.com\nWORKDIR app\nADD package.json package-lock.json ./\nRUN npm ci\nADD . .\nENV NODE_ENV production\nEXPOSE 3000/TCP\nCMD npm start\n",
        )],
        goals: &[
            ("The Dockerfile scores at least 90", Goal::Score(90)),
            ("It still parses", Goal::Parses),
            ("The image still starts something (CMD or ENTRYPOINT)", Goal::StartsSomething),
        ],
        hints: &[
            "Start with the errors: they cost the most (15 points each, warnings 6).",
            "Apply fix handles MAINTAINER, ADD, ENV, EXPOSE and CMD; the tag and the user are yours.",
            "A numeric USER and a HEALTHCHECK take care of the last findings.",
        ],
    },
];

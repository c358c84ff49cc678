//! The Examples menu: small workspaces, written for shipshape, that each show a group of rules at work.

/// One example: a workspace to load in place of the current one (which stays one Undo away).
pub struct Example {
    pub id: &'static str,
    pub title: &'static str,
    /// What this example teaches, in one line (the menu and the gallery show it).
    pub teaches: &'static str,
    pub files: &'static [(&'static str, &'static str)],
}

/// What the playground opens with: the first example's Dockerfile.
pub const START: &[(&str, &str)] = EXAMPLES[0].files;

pub const EXAMPLES: &[Example] = &[
    Example {
        id: "node",
        title: "Node.js service",
        teaches: "Tutorial-style habits: latest tag, ADD, MAINTAINER, shell-form CMD",
        files: &[(
            "Dockerfile",
            "\
# A small Node.js web service, written the way many tutorials do it.
FROM node:latest
MAINTAINER dev@example.com
WORKDIR app
ADD package.json package-lock.json ./
RUN npm ci
ADD . .
ENV NODE_ENV production
EXPOSE 3000/TCP
CMD npm start
",
        )],
    },
    Example {
        id: "go-multistage",
        title: "Go multi-stage build",
        teaches: "Stage names, COPY --from a stage that does not exist, root user",
        files: &[(
            "Dockerfile",
            "\
# Build a static Go binary, then ship it on a distroless base.
FROM golang:1.23 as Builder
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go vet ./...
RUN CGO_ENABLED=0 go build -o /out/server ./cmd/server

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/server /server
USER root
ENTRYPOINT [\"/server\"]
",
        )],
    },
    Example {
        id: "compose",
        title: "Compose + Dockerfile",
        teaches: "Cross-file checks: build target, build args, healthcheck conditions",
        files: &[
            (
                "compose.yaml",
                "\
services:
  api:
    build:
      context: .
      dockerfile: Dockerfile
      target: runtime
      args:
        GO_VERSION: \"1.23\"
    depends_on:
      db:
        condition: service_healthy
    ports:
      - \"8080:8080\"
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: ${DB_PASSWORD:?set DB_PASSWORD}
",
            ),
            (
                "Dockerfile",
                "\
FROM golang:1.23-alpine AS build
WORKDIR /src
COPY . .
RUN go build -o /out/api .

FROM alpine:3.20 AS run
COPY --from=build /out/api /usr/local/bin/api
USER 10001
ENTRYPOINT [\"api\"]
",
            ),
        ],
    },
    Example {
        id: "secrets",
        title: "Python app with secrets",
        teaches: "Secrets in ARG/ENV, an undeclared ARG in FROM, mixed casing",
        files: &[(
            "Dockerfile",
            "\
ARG BASE_TAG
FROM python:${PYTHON_VERSION}-slim
ARG PIP_INDEX_TOKEN
ENV DATABASE_PASSWORD=changeme
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
expose 8000
CMD [\"gunicorn\", \"app:app\", \"--bind\", \"0.0.0.0:8000\"]
",
        )],
    },
    Example {
        id: "clean",
        title: "A clean Dockerfile",
        teaches: "Pinned base, numeric non-root user, a real healthcheck, exec-form CMD: nothing to report",
        files: &[(
            "Dockerfile",
            "\
# syntax=docker/dockerfile:1
FROM python:3.12-slim AS base
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s \\
  CMD [\"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')\"]
CMD [\"gunicorn\", \"app:app\", \"--bind\", \"0.0.0.0:8000\"]
",
        )],
    },
    Example {
        id: "audit",
        title: "Audit: stages, caches, users",
        teaches: "What audit reports find and linters miss: a cache mount for the wrong tool, build \
tools in the shipped stage, a user whose group does not exist, an ARG out of scope",
        files: &[(
            "Dockerfile",
            "\
# syntax=docker/dockerfile
ARG PY=3.12
FROM python:${PY}-slim AS deps
WORKDIR /app
COPY requirements.txt ./
RUN --mount=type=cache,target=/root/.cache/uv pip install -r requirements.txt

FROM python:${PY}-slim AS test
RUN echo \"TODO: run the tests\"

FROM python:${PY}-slim
RUN apt-get update && apt-get install -y --no-install-recommends build-essential=12.9 \\
 && rm -rf /var/lib/apt/lists/*
RUN useradd -u 10001 -g app app
COPY --from=deps /usr/local/lib/python${PY}/site-packages /usr/local/lib/python${PY}/site-packages
COPY . /app
RUN chown -R app /app
USER app
EXPOSE 8000
HEALTHCHECK CMD pgrep gunicorn || exit 1
CMD [\"gunicorn\", \"app:app\", \"--bind\", \"0.0.0.0:8000\"]
",
        )],
    },
    Example {
        id: "python-builder",
        title: "Python API with a builder stage",
        teaches: "Compile wheels in a builder stage; the slim runtime installs them without compilers",
        files: &[(
            "Dockerfile",
            "\
# syntax=docker/dockerfile:1
FROM python:3.12 AS builder
WORKDIR /src
RUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev
COPY requirements.txt .
RUN pip wheel --wheel-dir /wheels -r requirements.txt

FROM python:3.12-slim
RUN apt-get update && apt-get install -y libpq5
COPY --from=builder /wheels /wheels
RUN pip install /wheels/*
COPY . /app
WORKDIR /app
USER 10001
EXPOSE 8000
CMD [\"gunicorn\", \"api:app\", \"--bind\", \"0.0.0.0:8000\"]
",
        )],
    },
    Example {
        id: "go-cgo",
        title: "Go service with cgo and SQLite",
        teaches: "A cgo binary links C libraries: the runtime stage must install them (or build with CGO_ENABLED=0)",
        files: &[(
            "Dockerfile",
            "\
FROM golang:1.23-bookworm AS build
RUN apt-get update \\
 && apt-get install -y --no-install-recommends libsqlite3-dev=3.40.1-2 \\
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=1 go build -o /out/app ./cmd/app

FROM debian:12-slim
COPY --from=build /out/app /usr/local/bin/app
USER 10001
ENTRYPOINT [\"app\"]
",
        )],
    },
    Example {
        id: "node-standalone",
        title: "Node app with a standalone build",
        teaches: "Three stages (deps, build, run) so the shipped image holds only the standalone output",
        files: &[(
            "Dockerfile",
            "\
FROM node:22-alpine AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci

FROM node:22-alpine AS build
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npm run build

FROM node:22-alpine
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
COPY --from=build /app/public ./public
USER node
EXPOSE 3000
CMD node server.js
",
        )],
    },
    Example {
        id: "platform",
        title: "A platform of services",
        teaches: "Across Dockerfiles: one base image version and one UID for the whole platform",
        files: &[
            (
                "compose.yaml",
                "\
services:
  api:
    build: api
    depends_on:
      - worker
  web:
    build: web
    ports:
      - \"127.0.0.1:8080:80\"
  worker:
    build: worker
",
            ),
            (
                "api/Dockerfile",
                "\
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -r requirements.txt
USER 10001
CMD [\"python\", \"-m\", \"api\"]
",
            ),
            (
                "worker/Dockerfile",
                "\
FROM python:3.11-slim-bookworm
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -r requirements.txt
USER 1000
CMD [\"python\", \"-m\", \"worker\"]
",
            ),
            (
                "web/Dockerfile",
                "\
FROM nginx:1.27-alpine
COPY dist/ /usr/share/nginx/html/
USER 101
",
            ),
        ],
    },
    Example {
        id: "windows",
        title: "Windows image with escape=`",
        teaches: "The escape directive: backticks continue lines, so Windows paths keep their backslashes",
        files: &[(
            "Dockerfile",
            "\
# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL [\"powershell\", \"-Command\", \"$ErrorActionPreference = 'Stop';\"]
RUN Invoke-WebRequest -Uri https://example.com/app.zip -OutFile C:\\app.zip; `
    Expand-Archive C:\\app.zip -DestinationPath C:\\app; `
    Remove-Item C:\\app.zip
WORKDIR C:\\app
COPY config.json .
USER ContainerUser
CMD C:\\app\\app.exe
",
        )],
    },
    Example {
        id: "heredocs",
        title: "Heredocs and cache mounts",
        teaches: "RUN <<EOF scripts and COPY <<EOF files; cache mounts only help where the tool keeps its cache",
        files: &[(
            "Dockerfile",
            "\
# syntax=docker/dockerfile:1
FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.cache/pip npm ci
COPY . .
RUN <<EOF
set -eu
npm run build
npm prune --omit=dev
EOF

FROM node:22-slim
WORKDIR /app
COPY <<EOF /app/config.json
{\"port\": 3000}
EOF
COPY --from=build /app/dist ./dist
COPY --from=build /app/node_modules ./node_modules
USER 1000
CMD [\"node\", \"dist/server.js\"]
",
        )],
    },
    Example {
        id: "terrible",
        title: "Find all the problems",
        teaches: "A deliberately terrible Dockerfile: a class exercise in reading findings",
        files: &[(
            "Dockerfile",
            "\
FROM ubuntu
MAINTAINER someone@example.com
RUN apt update
RUN apt install python3 python3-pip curl vim sudo
ADD . /app
RUN cd /app && pip3 install -r requirements.txt
ENV API_KEY sk-live-0000
RUN curl https://example.com/install.sh | bash
EXPOSE 80:80
WORKDIR app
cmd python3 app.py
CMD python3 /app/app.py
",
        )],
    },
];

#[cfg(test)]
mod tests {
    use super::EXAMPLES;
    use crate::model::Session;

    /// Each example shows what its blurb promises; the clean one stays clean. Rules evolve, so
    /// this checks a few anchors rather than exact lists.
    #[test]
    fn examples_show_their_rules() {
        let expect: &[(&str, &[&str])] = &[
            ("node", &["DL3007", "DL4000", "DL3020", "DL3025"]),
            ("go-multistage", &["StageNameCasing", "DL3022", "DL3002"]),
            (
                "compose",
                &["compose-target-missing", "compose-build-arg-undeclared"],
            ),
            ("secrets", &["SecretsUsedInArgOrEnv", "UndefinedArgInFrom"]),
            ("clean", &[]),
            (
                "audit",
                &[
                    "cache-mount-mismatch",
                    "build-tools-in-final-stage",
                    "useradd-missing-group",
                    "arg-scope",
                    "copy-chown-separate-layer",
                    "healthcheck-process-only",
                    "numeric-user",
                    "unused-stage",
                ],
            ),
            ("python-builder", &["DL3008", "DL3015", "DL3042"]),
            ("go-cgo", &["cgo-runtime-lib-missing"]),
            ("node-standalone", &["numeric-user", "DL3025"]),
            (
                "platform",
                &["inconsistent-base-images", "inconsistent-uids"],
            ),
            // A well-written Windows image: the backtick continuations must parse as one RUN.
            ("windows", &[]),
            ("heredocs", &["cache-mount-mismatch"]),
            (
                "terrible",
                &[
                    "DL3006",
                    "DL4000",
                    "DL3027",
                    "DL3020",
                    "DL3003",
                    "SecretsUsedInArgOrEnv",
                    "DL4006",
                    "ExposeInvalidFormat",
                    "DL3000",
                    "DL4003",
                    "DL3025",
                ],
            ),
        ];
        assert!(EXAMPLES.len() >= 10);
        for ex in EXAMPLES {
            let report = Session::new(ex.files).lint();
            assert!(report.errors.is_empty(), "{}: {:?}", ex.id, report.errors);
            // Ids and aliases: rules get renamed (DL3022 became copy-from-unknown), aliases stay.
            let rules: Vec<&str> = report
                .findings
                .iter()
                .flat_map(|f| std::iter::once(f.rule).chain(f.aliases.iter().copied()))
                .collect();
            let (_, want) = expect
                .iter()
                .find(|(id, _)| *id == ex.id)
                .expect("every example has expectations");
            for r in *want {
                assert!(rules.contains(r), "{}: {r} missing from {rules:?}", ex.id);
            }
            if want.is_empty() {
                assert!(rules.is_empty(), "{} should be clean: {rules:?}", ex.id);
            }
        }
    }
}

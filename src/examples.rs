//! The Examples menu: small workspaces, written for shipshape, that each show a group of rules at work.

/// One example: a workspace to load in place of the current one (which stays one Undo away).
pub struct Example {
    pub id: &'static str,
    pub title: &'static str,
    pub blurb: &'static str,
    pub files: &'static [(&'static str, &'static str)],
}

/// What the playground opens with: the first example's Dockerfile.
pub const START: &[(&str, &str)] = EXAMPLES[0].files;

pub const EXAMPLES: &[Example] = &[
    Example {
        id: "node",
        title: "Node.js service",
        blurb: "Tutorial-style habits: latest tag, ADD, MAINTAINER, shell-form CMD",
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
        blurb: "Stage names, COPY --from a stage that does not exist, root user",
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
        blurb: "Cross-file checks: build target, build args, healthcheck conditions",
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
        blurb: "Secrets in ARG/ENV, an undeclared ARG in FROM, mixed casing",
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
        blurb: "Pinned base, numeric non-root user, a real healthcheck, exec-form CMD: nothing to report",
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
        blurb: "What audit reports find and linters miss: a cache mount for the wrong tool, build \
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
        ];
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

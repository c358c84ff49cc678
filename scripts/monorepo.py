#!/usr/bin/env python3
"""Generate a monorepo-shaped tree for scripts/monorepo.sh: P projects, each a folder with a
compose.yaml whose services build their own Dockerfiles (S per project), plus loose Dockerfiles,
until there are D Dockerfiles and P compose files in all.

    monorepo.py OUT_DIR DOCKERFILES COMPOSE_FILES [CORPUS_DIR]

Dockerfile texts cycle through CORPUS_DIR/dockerfiles when given (real files, so the rules meet
what they meet in the wild), else through a few built-in templates varied by index."""
import os
import sys

TEMPLATES = [
    """FROM python:3.12-slim AS build
WORKDIR /src
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
FROM python:3.12-slim
COPY --from=build /usr/local /usr/local
COPY --from=build /src /app
USER 10001
CMD ["python", "-m", "app{i}"]
""",
    """FROM golang:1.23 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/svc{i} ./cmd/svc
FROM gcr.io/distroless/static-debian12
COPY --from=build /out/svc{i} /svc
USER 65532:65532
ENTRYPOINT ["/svc"]
""",
    """FROM node:22
WORKDIR /app
COPY package*.json ./
RUN npm install
COPY . .
RUN apt-get update && apt-get install -y curl
EXPOSE {port}
CMD npm start
""",
]


def main():
    out, n_df, n_compose = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    corpus = sys.argv[4] if len(sys.argv) > 4 else ""
    texts = []
    if corpus and os.path.isdir(os.path.join(corpus, "dockerfiles")):
        d = os.path.join(corpus, "dockerfiles")
        for name in sorted(os.listdir(d)):
            with open(os.path.join(d, name), encoding="utf-8", errors="replace") as f:
                texts.append(f.read())
    per_project = max(1, n_df // max(1, n_compose))
    made = 0
    for p in range(n_compose):
        proj = os.path.join(out, f"project-{p:04}")
        services = []
        for s in range(per_project):
            if made >= n_df:
                break
            svc = os.path.join(proj, f"svc-{s:02}")
            os.makedirs(svc, exist_ok=True)
            i = made
            text = texts[i % len(texts)] if texts else TEMPLATES[i % len(TEMPLATES)].format(
                i=i, port=8000 + i % 1000
            )
            with open(os.path.join(svc, "Dockerfile"), "w", encoding="utf-8") as f:
                f.write(text)
            services.append(s)
            made += 1
        os.makedirs(proj, exist_ok=True)
        lines = ["services:"]
        for s in services:
            lines += [
                f"  svc-{s:02}:",
                f"    build: ./svc-{s:02}",
                f"    image: registry.example.com/p{p}/svc-{s:02}:1.0",
            ]
            if s > 0:
                lines += ["    depends_on:", "      svc-00:", "        condition: service_healthy"]
            else:
                lines += [
                    "    healthcheck:",
                    '      test: ["CMD", "/bin/true"]',
                    "      interval: 10s",
                ]
        with open(os.path.join(proj, "compose.yaml"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    # Whatever the projects did not take becomes loose Dockerfiles.
    while made < n_df:
        loose = os.path.join(out, "loose", f"d-{made:05}")
        os.makedirs(loose, exist_ok=True)
        i = made
        text = texts[i % len(texts)] if texts else TEMPLATES[i % len(TEMPLATES)].format(
            i=i, port=8000 + i % 1000
        )
        with open(os.path.join(loose, "Dockerfile"), "w", encoding="utf-8") as f:
            f.write(text)
        made += 1


if __name__ == "__main__":
    main()

//! Every exercise: its starting workspace fails at least one goal, and a reference solution (kept
//! here, never shipped) meets them all. The goal checks themselves are tested on small cases.

use super::*;
use shipshape_core::{lint, Config};

/// Reference solutions: exercise id -> files that replace (or add to) the starting ones.
const SOLUTIONS: &[(&str, &[(&str, &str)])] = &[
    (
        "pin-the-base",
        &[(
            "Dockerfile",
            "FROM node:22-slim AS assets\nWORKDIR /src\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY web/ web/\nRUN npm run build\n\nFROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCOPY --from=assets /src/dist ./static\nCMD [\"python\", \"app.py\"]\n",
        )],
    ),
    (
        "apt-hygiene",
        &[(
            "Dockerfile",
            "FROM debian:12-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl ca-certificates \\\n && rm -rf /var/lib/apt/lists/*\nUSER 10001\nCMD [\"curl\", \"--version\"]\n",
        )],
    ),
    (
        "exec-form",
        &[(
            "Dockerfile",
            "FROM node:22-slim\nWORKDIR /app\nCOPY --chown=node:node . .\nUSER 1000\nCMD [\"node\", \"server.js\"]\n",
        )],
    ),
    (
        "non-root",
        &[(
            "Dockerfile",
            "FROM python:3.12-slim\nWORKDIR /app\nRUN useradd --uid 10001 --create-home app\nCOPY --chown=10001 . .\nUSER 10001\nRUN pip install --no-cache-dir --user -r requirements.txt\nCMD [\"python\", \"-m\", \"app\"]\n",
        )],
    ),
    (
        "healthcheck",
        &[(
            "Dockerfile",
            "FROM node:22-slim\nWORKDIR /app\nCOPY --chown=node:node . .\nUSER 1000\nEXPOSE 3000\nHEALTHCHECK CMD [\"node\", \"-e\", \"fetch('http://localhost:3000/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))\"]\nCMD [\"node\", \"server.js\"]\n",
        )],
    ),
    (
        "multi-stage",
        &[(
            "Dockerfile",
            "FROM golang:1.23 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /usr/local/bin/server ./cmd/server\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /usr/local/bin/server /server\nUSER 65532\nENTRYPOINT [\"/server\"]\n",
        )],
    ),
    (
        "cache-mounts",
        &[(
            "Dockerfile",
            "# syntax=docker/dockerfile:1\nFROM python:3.12-slim AS build\nWORKDIR /app\nCOPY requirements.txt .\nRUN --mount=type=cache,target=/root/.cache/pip pip install --prefix=/install -r requirements.txt\n\nFROM python:3.12-slim\nCOPY --from=build /install /usr/local\nCOPY . /app\nUSER 10001\nCMD [\"python\", \"-m\", \"app\"]\n",
        )],
    ),
    (
        "compose-stack",
        &[
            (
                "compose.yaml",
                "services:\n  api:\n    build:\n      context: api\n      args:\n        APP_VERSION: \"1.4.2\"\n    depends_on:\n      db:\n        condition: service_healthy\n    ports:\n      - \"127.0.0.1:8000:8000\"\n  db:\n    image: postgres:16.4\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/db\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\", \"-U\", \"postgres\"]\n      interval: 5s\n",
            ),
            (
                "api/Dockerfile",
                "FROM python:3.12-slim\nARG APP_VERSION\nWORKDIR /app\nCOPY . .\nUSER 10001\nHEALTHCHECK CMD [\"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://localhost:8000/health')\"]\nCMD [\"python\", \"-m\", \"api\"]\n",
            ),
        ],
    ),
    (
        "score-90",
        &[(
            "Dockerfile",
            "FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nENV NODE_ENV=production\nEXPOSE 3000/tcp\nUSER 1000\nHEALTHCHECK CMD [\"node\", \"healthcheck.js\"]\nCMD [\"npm\", \"start\"]\n",
        )],
    ),
];

fn workspace(files: &[(&str, &str)], over: &[(&str, &str)]) -> Workspace {
    let mut ws = Workspace::new();
    for (p, t) in files {
        let t = over.iter().find(|(q, _)| q == p).map_or(*t, |(_, t)| *t);
        ws.add(*p, t);
    }
    for (p, t) in over {
        if !files.iter().any(|(q, _)| q == p) {
            ws.add(*p, *t);
        }
    }
    ws
}

fn run(ws: &Workspace, ex: &Exercise) -> Vec<bool> {
    progress(ex, ws, &lint(ws, &Config::default()))
}

#[test]
fn the_course_is_large_enough_and_ids_are_unique() {
    assert!(EXERCISES.len() >= 8);
    for (i, e) in EXERCISES.iter().enumerate() {
        assert!(!EXERCISES[..i].iter().any(|o| o.id == e.id), "{}", e.id);
        assert!(!e.goals.is_empty() && !e.hints.is_empty(), "{}", e.id);
        assert_eq!(find(e.id).map(|(j, _)| j), Some(i));
    }
}

#[test]
fn every_start_fails_a_goal_and_every_solution_meets_all() {
    for ex in EXERCISES {
        let start = workspace(ex.files, &[]);
        let report = lint(&start, &Config::default());
        assert!(report.errors.is_empty(), "{}: {:?}", ex.id, report.errors);
        let got = run(&start, ex);
        assert!(
            got.contains(&false),
            "{}: the start already meets every goal",
            ex.id
        );
        let (_, sol) = SOLUTIONS
            .iter()
            .find(|(id, _)| *id == ex.id)
            .unwrap_or_else(|| panic!("{} has no reference solution", ex.id));
        let solved = workspace(ex.files, sol);
        let got = run(&solved, ex);
        let missed: Vec<_> = ex
            .goals
            .iter()
            .zip(&got)
            .filter(|(_, ok)| !**ok)
            .map(|((label, _), _)| *label)
            .collect();
        assert!(
            missed.is_empty(),
            "{}: the solution misses {missed:?}: {:?}",
            ex.id,
            lint(&solved, &Config::default())
                .findings
                .iter()
                .map(|f| &f.rule)
                .collect::<Vec<_>>()
        );
    }
    assert_eq!(SOLUTIONS.len(), EXERCISES.len());
}

fn one(goal: Goal, files: &[(&str, &str)]) -> bool {
    let ws = workspace(files, &[]);
    let a = Analysis::new(&ws);
    met(
        goal,
        &a,
        &parse_dockerfiles(&a),
        &lint(&ws, &Config::default()),
    )
}

#[test]
fn model_goals_read_the_model() {
    let df = |t| [("Dockerfile", t)];
    let user = Goal::NumericNonRootUser;
    assert!(one(user, &df("FROM a:1\nUSER 10001:10001\n")));
    assert!(!one(user, &df("FROM a:1\nUSER 0\n")));
    assert!(!one(user, &df("FROM a:1\nUSER app\n")));
    assert!(
        !one(user, &df("FROM a:1\nUSER 10001\nFROM b:1\n")),
        "the shipped stage is the last"
    );
    assert!(
        one(
            user,
            &df("FROM a:1 AS base\nUSER 10001\nFROM base\nRUN true\n")
        ),
        "inherited"
    );
    assert!(
        !one(user, &[("compose.yaml", "services: {}\n")]),
        "no Dockerfile, no pass"
    );

    assert!(one(
        Goal::Healthcheck,
        &df("FROM a:1\nHEALTHCHECK CMD [\"true\"]\n")
    ));
    assert!(!one(Goal::Healthcheck, &df("FROM a:1\nHEALTHCHECK NONE\n")));

    let copies = Goal::CopiesFromBuildStage;
    assert!(one(
        copies,
        &df("FROM a:1 AS b\nFROM c:1\nCOPY --from=b /x /x\n")
    ));
    assert!(!one(
        copies,
        &df("FROM a:1 AS b\nFROM c:1\nCOPY --from=nginx:1 /x /x\n")
    ));

    let cache = Goal::CacheMount;
    assert!(one(
        cache,
        &df("FROM a:1\nRUN --mount=type=cache,target=/c make\n")
    ));
    assert!(!one(
        cache,
        &df("FROM a:1\nRUN --mount=type=bind,target=/c make\n")
    ));

    let starts = Goal::StartsSomething;
    assert!(
        one(starts, &df("FROM a:1 AS b\nCMD [\"x\"]\nFROM b\nUSER 1\n")),
        "inherited"
    );
    assert!(!one(starts, &df("FROM a:1\nCMD [\"x\"]\nFROM c:1\n")));

    let installs = Goal::Installs(&["curl", "git"]);
    assert!(one(
        installs,
        &df("FROM a:1\nRUN apt-get update && apt-get install -y curl=8.1 git\n")
    ));
    assert!(!one(
        installs,
        &df("FROM a:1\nRUN apt-get install -y curl\nRUN echo git\n")
    ));

    let wait = Goal::WaitsForHealthy;
    let compose = |dep: &str, hc: &str| {
        format!("services:\n  api:\n    image: a:1\n    depends_on:\n      db:\n        condition: {dep}\n  db:\n    image: p:1\n{hc}")
    };
    let hc = "    healthcheck:\n      test: [\"CMD\", \"true\"]\n";
    assert!(one(
        wait,
        &[("compose.yaml", &compose("service_healthy", hc))]
    ));
    assert!(!one(
        wait,
        &[("compose.yaml", &compose("service_started", hc))]
    ));
    assert!(!one(
        wait,
        &[("compose.yaml", &compose("service_healthy", ""))]
    ));
}

#[test]
fn progress_is_kept_in_course_order() {
    let mut p = Progress::parse("exec-form,nonsense,pin-the-base");
    assert_eq!(p.done, ["pin-the-base", "exec-form"]);
    assert!(p.finish("apt-hygiene"));
    assert!(!p.finish("apt-hygiene"));
    assert_eq!(p.to_stored(), "pin-the-base,apt-hygiene,exec-form");
    assert!(p.is_done("exec-form") && !p.is_done("non-root"));
}

#[test]
fn deleting_the_flagged_lines_meets_no_exercise() {
    for ex in EXERCISES {
        let gutted: Vec<(&str, &str)> = ex
            .files
            .iter()
            .map(|(p, _)| match shipshape_core::FileKind::detect(p) {
                shipshape_core::FileKind::Compose => (*p, "services: {}\n"),
                _ => (*p, "FROM alpine:3.20\nUSER 10001\n"),
            })
            .collect();
        let ws = workspace(&gutted, &[]);
        assert!(
            run(&ws, ex).contains(&false),
            "{}: an emptied workspace meets every goal",
            ex.id
        );
    }
}

//! Workshop mode: exercises as data (a starting workspace, instructions, goals, hints) and the goal
//! checks, which read the lint report and the core's model of the files (never their text).
//! The exercises themselves are in `course/exercises.rs`; the reference solutions live with the
//! tests, which prove each starting workspace fails a goal and each solution meets them all.

use shipshape_core::dockerfile::model::{stage_chain, Model};
use shipshape_core::dockerfile::{Args, Keyword};
use shipshape_core::semantic::{self, runs, Analysis, Health};
use shipshape_core::shell::packages;
use shipshape_core::{FileKind, Report, Workspace};

mod exercises;
pub use exercises::EXERCISES;

/// A check over the lint result and the model of the workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Goal {
    /// The workspace parses: no file has an error.
    Parses,
    /// No finding of this rule (by id) anywhere.
    NoFinding(&'static str),
    /// Every Dockerfile scores at least this much (the report's score).
    Score(u32),
    /// Every Dockerfile's shipped stage runs as a numeric user other than 0.
    NumericNonRootUser,
    /// Every Dockerfile's shipped stage (or a stage it builds on) has a HEALTHCHECK.
    Healthcheck,
    /// Every Dockerfile's shipped stage copies from an earlier stage of its file.
    CopiesFromBuildStage,
    /// A RUN somewhere mounts a build cache (`--mount=type=cache`).
    CacheMount,
    /// A compose service waits (`condition: service_healthy`) for a service that has a healthcheck
    /// (in compose, or in the Dockerfile it builds).
    WaitsForHealthy,
    /// At least this many Dockerfiles (the goal keeps the other checks from passing by deletion).
    Dockerfiles(usize),
    /// Every Dockerfile's shipped stage (or a stage it builds on) still says what to run: a CMD or
    /// an ENTRYPOINT (so deleting the lines a rule flags is no way to meet a goal).
    StartsSomething,
    /// A RUN still installs each of these packages (a package manager's install call, as the
    /// package rules read it; versions after `=` are allowed).
    Installs(&'static [&'static str]),
}

pub struct Exercise {
    pub id: &'static str,
    pub title: &'static str,
    /// What the exercise teaches, one line (the course list shows it).
    pub teaches: &'static str,
    pub instructions: &'static str,
    pub files: &'static [(&'static str, &'static str)],
    /// (what the learner sees, the check).
    pub goals: &'static [(&'static str, Goal)],
    pub hints: &'static [&'static str],
}

pub fn find(id: &str) -> Option<(usize, &'static Exercise)> {
    EXERCISES.iter().enumerate().find(|(_, e)| e.id == id)
}

/// Which of the exercise's goals the workspace meets, in order.
pub fn progress(ex: &Exercise, ws: &Workspace, report: &Report) -> Vec<bool> {
    let a = Analysis::new(ws);
    let parsed = parse_dockerfiles(&a);
    ex.goals
        .iter()
        .map(|(_, g)| met(*g, &a, &parsed, report))
        .collect()
}

/// A Dockerfile of the workspace with its parse.
type Parsed<'w> = (
    &'w shipshape_core::File,
    shipshape_core::dockerfile::Dockerfile,
);

/// The analysis keeps no parses: the few Dockerfiles of an exercise are parsed here, once for
/// all its goals.
fn parse_dockerfiles<'w>(a: &Analysis<'w>) -> Vec<Parsed<'w>> {
    a.dockerfiles
        .iter()
        .map(|f| (*f, shipshape_core::dockerfile::parse(&f.text)))
        .collect()
}

fn met(goal: Goal, a: &Analysis<'_>, parsed: &[Parsed<'_>], report: &Report) -> bool {
    let dockerfiles = || parsed.iter();
    // Every Dockerfile's shipped stage passes `f` (and there is at least one Dockerfile).
    let every_shipped = |f: &dyn Fn(&Model<'_>, usize) -> bool| {
        dockerfiles().next().is_some()
            && dockerfiles().all(|(_, df)| {
                let m = Model::build(df);
                semantic::shipped_stage(&m, None).is_some_and(|s| f(&m, s.index))
            })
    };
    match goal {
        Goal::Parses => report.errors.is_empty(),
        Goal::NoFinding(rule) => {
            report.errors.is_empty() && !report.findings.iter().any(|f| f.rule == rule)
        }
        Goal::Score(min) => {
            dockerfiles().next().is_some()
                && dockerfiles()
                    .all(|(f, _)| shipshape_core::report::markdown::score(report, &f.path) >= min)
        }
        Goal::NumericNonRootUser => every_shipped(&|m, i| {
            // The last USER of the stage, else of the stages it builds on.
            let user = stage_chain(m, &m.stages[i]).into_iter().find_map(|s| {
                s.instructions
                    .iter()
                    .rev()
                    .find(|i| i.keyword() == Keyword::User)
            });
            let Some(Args::String(w)) = user.map(|u| &u.command.args) else {
                return false;
            };
            let name = w.text.split(':').next().unwrap_or("");
            name.parse::<u32>().is_ok_and(|uid| uid != 0)
        }),
        Goal::Healthcheck => {
            dockerfiles().next().is_some()
                && dockerfiles().all(|(_, df)| {
                    semantic::stage_health(&Model::build(df), None) == Health::Dockerfile
                })
        }
        Goal::CopiesFromBuildStage => every_shipped(&|m, i| {
            m.stages[i].instructions.iter().any(|ins| {
                ins.keyword() == Keyword::Copy
                    && ins
                        .command
                        .flag("from")
                        .and_then(|f| f.value())
                        .is_some_and(|from| m.stage_before(from, i).is_some())
            })
        }),
        Goal::CacheMount => dockerfiles().any(|(_, df)| {
            Model::build(df).stages.iter().any(|s| {
                s.instructions.iter().any(|ins| {
                    ins.keyword() == Keyword::Run
                        && ins.command.flags_named("mount").any(|f| {
                            f.value()
                                .is_some_and(|v| v.split(',').any(|kv| kv.trim() == "type=cache"))
                        })
                })
            })
        }),
        Goal::WaitsForHealthy => {
            let links = a.key_links();
            a.services().any(|(c, s)| {
                s.depends_on.iter().any(|d| {
                    let healthy = d
                        .condition
                        .as_ref()
                        .is_some_and(|v| v.text == "service_healthy");
                    let checked = links.iter().any(|l| {
                        l.compose == c.path
                            && l.service == d.service
                            && matches!(l.health, Health::Compose | Health::Dockerfile)
                    });
                    healthy && checked
                })
            })
        }
        Goal::StartsSomething => every_shipped(&|m, i| {
            stage_chain(m, &m.stages[i]).into_iter().any(|s| {
                s.instructions
                    .iter()
                    .any(|ins| matches!(ins.keyword(), Keyword::Cmd | Keyword::Entrypoint))
            })
        }),
        Goal::Installs(wanted) => {
            let mut installed: Vec<String> = Vec::new();
            for ((f, df), memo) in parsed.iter().zip(&a.run_scripts) {
                let m = Model::build(df);
                for site in runs::collect(df, &m, &f.text, memo, None) {
                    for script in site.scripts.iter() {
                        for i in packages::installs(script) {
                            installed.extend(
                                i.packages.iter().map(|p| {
                                    p.text.split('=').next().unwrap_or_default().to_string()
                                }),
                            );
                        }
                    }
                }
            }
            wanted.iter().all(|w| installed.iter().any(|p| p == w))
        }
        Goal::Dockerfiles(n) => {
            a.ws.files()
                .iter()
                .filter(|f| f.kind == FileKind::Dockerfile)
                .count()
                >= n
        }
    }
}

/// What this browser remembers of the course: finished exercises, in course order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub done: Vec<String>,
}

impl Progress {
    /// Read the stored form (exercise ids, comma-separated); unknown ids are dropped.
    pub fn parse(s: &str) -> Progress {
        Progress {
            done: EXERCISES
                .iter()
                .filter(|e| s.split(',').any(|d| d == e.id))
                .map(|e| e.id.to_string())
                .collect(),
        }
    }

    pub fn to_stored(&self) -> String {
        self.done.join(",")
    }

    pub fn is_done(&self, id: &str) -> bool {
        self.done.iter().any(|d| d == id)
    }

    /// Mark `id` done; false when it already was.
    pub fn finish(&mut self, id: &str) -> bool {
        if self.is_done(id) {
            return false;
        }
        self.done.push(id.to_string());
        *self = Progress::parse(&self.to_stored());
        true
    }
}

#[cfg(test)]
#[path = "course/tests.rs"]
mod tests;

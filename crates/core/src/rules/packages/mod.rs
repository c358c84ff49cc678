//! Package-manager rules over RUN scripts (apt, apk, yum/dnf/microdnf, zypper, pip, npm, yarn, gem, go).
//! hadolint's codes and default severities; `common` finds the RUNs, their shell, mounts and fix points.

use super::Rule;

/// The paragraph every rule of the family ends its `why` with: which scripts are read.
macro_rules! scripts_note {
    () => {
        "\n\nWhich scripts are read: shell-form and exec-form RUNs and `ONBUILD RUN`, also through \
wrappers (`sudo`, `env`, `xargs`) and inside `$(...)`; heredoc bodies run by a shell \
(`RUN <<EOF`, a `#!/bin/bash` body, and `RUN bash <<EOF`, which hadolint misses, #1137), but not \
bodies for another interpreter (`#!/usr/bin/env python3`), which hadolint reads as shell. RUNs in \
a stage whose `SHELL` (or the `# hadolint shell=` pragma) is PowerShell or cmd are not read; a \
stage built on another inherits its SHELL."
    };
}

/// The paragraph of the image-size rules that judge only stages that end up in an image.
macro_rules! shipped_note {
    () => {
        "\n\nOnly stages that end up in an image are judged: the last stage and any stage a later \
`FROM` builds on. A builder stage whose files are only copied out (`COPY --from`) leaves its \
layers behind, so trimming them saves nothing; hadolint reports it anyway (hadolint #406)."
    };
}

mod apk;
mod apt;
mod common;
mod lang;
mod node;
mod pip;
mod rpm;
mod zypper;

/// The rules of this family, in registry order.
pub(super) static RULES: &[&dyn Rule] = &[
    &apt::Dl3008,
    &apt::Dl3009,
    &pip::Dl3013,
    &apt::Dl3014,
    &apt::Dl3015,
    &node::Dl3016,
    &apk::Dl3018,
    &apk::Dl3019,
    &apt::Dl3027,
    &lang::Dl3028,
    &rpm::Dl3030,
    &rpm::Dl3032,
    &rpm::Dl3033,
    &zypper::Dl3034,
    &zypper::Dl3035,
    &zypper::Dl3036,
    &zypper::Dl3037,
    &rpm::Dl3038,
    &rpm::Dl3040,
    &rpm::Dl3041,
    &pip::Dl3042,
    &node::Dl3060,
    &lang::Dl3062,
];

//! Package-manager rules over RUN scripts (apt, apk, yum/dnf/microdnf, zypper, pip, npm, yarn, gem, go).
//! hadolint's codes and default severities; `common` finds the RUNs, their shell, mounts and fix points.

/// The paragraph every rule of the family ends its `why` with: which scripts are read.
macro_rules! scripts_note {
    () => {
        "\n\nWhich scripts are read: shell-form and exec-form RUNs and `ONBUILD RUN`, also through \
wrappers (`sudo`, `env`, `xargs`: they run the command they are given) and inside `$(...)`, and \
programs named by path (`/usr/local/bin/pip`), as hadolint now matches a SHELL program by its \
file name (hadolint #977); heredoc bodies run by a shell \
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
layers behind, so trimming them saves nothing (Docker's multi-stage docs: what is not copied is \
left behind). hadolint reports it anyway, though its own DL3009 and DL3060 already judge only \
these stages for the same reason (hadolint #619 and pull request 620; #929 asks the same for \
DL3032). An \
`ONBUILD RUN` is judged wherever it is: it runs in the images built on this one."
    };
}

pub(super) mod apk_add_unpinned;
pub(super) mod apk_add_without_no_cache;
pub(super) mod apt_install_unpinned;
pub(super) mod apt_install_without_no_install_recommends;
pub(super) mod apt_install_without_yes;
pub(super) mod apt_instead_of_apt_get;
pub(super) mod apt_lists_left_behind;
pub(super) mod common;
pub(super) mod dnf_install_unpinned;
pub(super) mod dnf_install_without_yes;
pub(super) mod dnf_without_clean_all;
pub(super) mod gem_install_unpinned;
pub(super) mod go_install_unversioned;
pub(super) mod npm_install_unpinned;
pub(super) mod pip_install_unpinned;
pub(super) mod pip_install_without_no_cache_dir;
pub(super) mod yarn_without_cache_clean;
pub(super) mod yum_install_unpinned;
pub(super) mod yum_install_without_yes;
pub(super) mod yum_without_clean_all;
pub(super) mod zypper_dist_upgrade;
pub(super) mod zypper_install_unpinned;
pub(super) mod zypper_without_clean;
pub(super) mod zypper_without_non_interactive;

//! End-to-end tests of the playground live in `tests/`; this library is intentionally empty.
//! Run them after `scripts/build-dist.sh`: `cargo test -p shipshape-e2e --tests`.

//! End-to-end tests of the playground live in `tests/`; this library holds what they share: where
//! the build is, and a chromedriver process. Run them after `scripts/build-dist.sh`:
//! `cargo test -p shipshape-e2e --tests`.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The cargo target dir, from a test's `CARGO_TARGET_TMPDIR` (`<target>/tmp` for integration
/// tests, wherever the target dir is).
pub fn target_dir(target_tmp: &Path) -> PathBuf {
    target_tmp
        .parent()
        .map_or_else(|| target_tmp.to_path_buf(), Path::to_path_buf)
}

/// The release build to serve: `$DIST_DIR`, else `<target>/dist` (where build-dist.sh puts it).
pub fn dist_dir(target_tmp: &Path) -> PathBuf {
    std::env::var_os("DIST_DIR").map_or_else(|| target_dir(target_tmp).join("dist"), PathBuf::from)
}

/// chromedriver on a free port; killed on drop, even when the test fails.
pub struct Driver {
    child: Child,
    pub port: u16,
}

impl Driver {
    /// Start `$CHROMEDRIVER` (default Debian's) and wait up to `wait` for it to listen.
    pub fn start(wait: Duration) -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("free port");
        let bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let child = Command::new(&bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {bin}: {e} (scripts/setup.sh installs it)"));
        let driver = Driver { child, port };
        let deadline = Instant::now() + wait;
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

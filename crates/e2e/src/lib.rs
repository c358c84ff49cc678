//! End-to-end tests of the playground live in `tests/`; this library holds what they share: where
//! the build is, a chromedriver process, a static server for the dist, and the small steps every
//! test drives the page with. Run them after `scripts/build-dist.sh`:
//! `cargo test -p shipshape-e2e --tests`.

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a step waits for the page before the test fails.
pub const WAIT: Duration = Duration::from_secs(20);

/// Serve `root` (the release dist/) on an ephemeral 127.0.0.1 port, like a static host: index.html
/// for folders, no caching. Returns the port and the paths requested so far (in order).
pub fn serve(root: PathBuf) -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let port = listener.local_addr().expect("local addr").port();
    let log = Arc::new(Mutex::new(Vec::new()));
    let seen = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            let seen = seen.clone();
            std::thread::spawn(move || {
                let _ = handle(stream, &root, &seen);
            });
        }
    });
    (port, log)
}

fn handle(mut stream: TcpStream, root: &Path, seen: &Mutex<Vec<String>>) -> std::io::Result<()> {
    let request = read_request(&stream)?;
    let path = request.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    if let Ok(mut s) = seen.lock() {
        s.push(path.to_string());
    }
    send_file(&mut stream, root, path)
}

/// The request line of an HTTP request (its headers are read and dropped).
pub fn read_request(stream: &TcpStream) -> std::io::Result<String> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    Ok(request)
}

/// Answer with the file `path` (query and fragment already dropped) names under `root`, as a
/// static host would: index.html for folders, nothing outside `root`, no caching; else 404.
pub fn send_file(stream: &mut TcpStream, root: &Path, path: &str) -> std::io::Result<()> {
    let rel = if path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    };
    let file = (!rel.contains(".."))
        .then(|| root.join(rel.trim_start_matches('/')))
        .filter(|p| p.is_file());
    let (status, body, ctype) = match file.and_then(|p| Some((std::fs::read(&p).ok()?, p))) {
        Some((body, p)) => {
            let ctype = match p.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("js") => "text/javascript",
                Some("wasm") => "application/wasm",
                Some("css") => "text/css",
                Some("svg") => "image/svg+xml",
                Some("webmanifest") => "application/manifest+json",
                Some("json") => "application/json",
                _ => "application/octet-stream",
            };
            ("200 OK", body, ctype)
        }
        None => ("404 Not Found", b"not found".to_vec(), "text/plain"),
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)?;
    stream.flush()
}

/// Run `script` in the page (arguments as `arguments[i]`); the test fails if it throws.
pub async fn js(c: &Client, script: &str, args: Vec<Value>) -> Value {
    c.execute(script, args)
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

/// Poll `check` until it holds; the test fails after [`WAIT`], naming `what` it waited for.
pub async fn until<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + WAIT;
    while !check().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The element `css` names, once it exists (within [`WAIT`]); `what` says what it is for the
/// failure message.
pub async fn element(c: &Client, css: &str, what: &str) -> Element {
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{what}: no {css}: {e}"))
}

/// Click the element `css` names once it exists.
pub async fn click(c: &Client, css: &str) {
    element(c, css, "to click")
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// axe-core's source (`scripts/setup.sh` installs it outside the repository; `$AXE_JS` overrides).
pub fn axe_source() -> String {
    let path = std::env::var("AXE_JS").unwrap_or_else(|_| {
        let root = std::env::var("TOOLS_ROOT")
            .unwrap_or_else(|_| format!("{}/.cargo", std::env::var("HOME").unwrap_or_default()));
        format!("{root}/share/axe-core-4.14.1/node_modules/axe-core/axe.min.js")
    });
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("axe-core not at {path} ({e}): run scripts/setup.sh"))
}

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

/// Open a new file named `name`: the + button, the name typed into the rename box, Enter. The
/// caller waits for what it expects to see next.
pub async fn new_file(c: &Client, name: &str) {
    click(c, "#new-file").await;
    let rename = element(c, "input.rename", "rename box").await;
    js(
        c,
        "const i = document.querySelector('input.rename'); i.value = arguments[0];
         i.dispatchEvent(new InputEvent('input', {bubbles: true}));",
        vec![Value::from(name)],
    )
    .await;
    rename.send_keys("\u{E007}").await.expect("Enter");
}

/// A WebDriver session on `driver` with these capabilities. chromedriver can refuse the first
/// connections just after it starts listening on a loaded machine, so a refused or failed session
/// request is asked again until [`WAIT`] has passed.
pub async fn session(driver: &Driver, caps: serde_json::Map<String, Value>) -> Client {
    let url = format!("http://127.0.0.1:{}", driver.port);
    let deadline = Instant::now() + WAIT;
    loop {
        let attempt = fantoccini::ClientBuilder::new(
            hyper_util::client::legacy::connect::HttpConnector::new(),
        )
        .capabilities(caps.clone())
        .connect(&url)
        .await;
        match attempt {
            Ok(client) => return client,
            Err(e) if Instant::now() < deadline => {
                eprintln!("WebDriver session not ready yet ({e:?}); asking again");
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            Err(e) => panic!("WebDriver session: {e:?}"),
        }
    }
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

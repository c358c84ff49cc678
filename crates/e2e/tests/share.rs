//! Share links, autosave, offline use and privacy of the shipped page, in Debian's Chromium.
//!
//! The release dist/ is served on 127.0.0.1, and Chromium is told to send *every* request through
//! that same server as its HTTP proxy (loopback included), so the server sees each URL the browser
//! asks for, whatever origin and whoever asks (page, service worker). Requests for any other origin
//! are refused and recorded; the test fails if there is one. Needs `scripts/build-dist.sh` first.
//!
//! Steps: load, paste, lint, fix, select a finding, share (no request at all), reload (autosave),
//! go offline (the service worker's copy serves the app, it still lints and explains a finding),
//! download the workspace;
//! then a fresh profile opens the link and sees the same files, findings and selected finding; own
//! work there survives opening a link; markup in names and texts stays text; a damaged link changes
//! nothing; the downloaded file opens again.

use fantoccini::Client;
use serde_json::{json, Value};
use shipshape_e2e::{click, dist_dir, element, js, read_request, send_file, target_dir, Driver};
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const WAIT: Duration = Duration::from_secs(30);
/// `<target>/tmp`: shipshape_e2e finds the target dir and dist/ from it.
const TARGET_TMP: &str = env!("CARGO_TARGET_TMPDIR");

/// The Dockerfile the test pastes: about 3 KB, with the ADD far enough down that opening a link to
/// it must scroll the editor.
fn dockerfile() -> String {
    let mut s = String::from("FROM python:latest\n");
    for i in 1..=70 {
        s.push_str(&format!("# step {i:02}: build notes for the team\n"));
    }
    s.push_str(
        "WORKDIR /app\nADD requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD python app.py\n",
    );
    s
}

const OWN: &str = "FROM debian:12\nRUN echo this is my own work\n";

/// What the server saw.
#[derive(Default)]
struct Seen {
    /// Paths asked of the page's origin (directly or through the proxy).
    paths: Vec<String>,
    /// Anything else: URLs of other origins, CONNECT targets.
    foreign: Vec<String>,
    /// Requests dropped while "offline".
    dropped: usize,
}

#[derive(Clone)]
struct Server {
    port: u16,
    seen: Arc<Mutex<Seen>>,
    offline: Arc<AtomicBool>,
}

impl Server {
    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
    fn seen<T>(&self, f: impl FnOnce(&Seen) -> T) -> T {
        f(&self.seen.lock().unwrap())
    }
}

/// Static files of `root` on 127.0.0.1, also acting as the browser's proxy for everything.
fn serve(root: PathBuf) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let port = listener.local_addr().expect("local addr").port();
    let seen = Arc::new(Mutex::new(Seen::default()));
    let offline = Arc::new(AtomicBool::new(false));
    let (s, o) = (seen.clone(), offline.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (root, s, o) = (root.clone(), s.clone(), o.clone());
            std::thread::spawn(move || {
                let _ = handle(stream, &root, port, &s, &o);
            });
        }
    });
    Server {
        port,
        seen,
        offline,
    }
}

fn handle(
    mut stream: TcpStream,
    root: &Path,
    port: u16,
    seen: &Mutex<Seen>,
    offline: &AtomicBool,
) -> std::io::Result<()> {
    let request = read_request(&stream)?;
    let mut parts = request.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let own = [
        format!("http://127.0.0.1:{port}"),
        format!("http://localhost:{port}"),
    ];
    // Direct requests carry a path; proxied ones the whole URL.
    let path = if target.starts_with('/') {
        Some(target.to_string())
    } else {
        own.iter()
            .find_map(|o| target.strip_prefix(o.as_str()))
            .map(|p| {
                if p.is_empty() {
                    "/".to_string()
                } else {
                    p.to_string()
                }
            })
    };
    let Some(path) = path.filter(|_| method != "CONNECT") else {
        seen.lock()
            .unwrap()
            .foreign
            .push(format!("{method} {target}"));
        return write!(
            stream,
            "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
    };
    if offline.load(Ordering::SeqCst) {
        // As if the network were gone: no answer at all.
        seen.lock().unwrap().dropped += 1;
        return Ok(());
    }
    let path = path.split(['?', '#']).next().unwrap_or("/").to_string();
    seen.lock().unwrap().paths.push(path.clone());
    send_file(&mut stream, root, &path)
}

/// A browser with its own fresh profile, every request proxied through `server`.
async fn browser(driver: &Driver, server: &Server, profile: &Path, downloads: &Path) -> Client {
    let caps = json!({
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                "--force-device-scale-factor=1", "--window-size=1440,900",
                format!("--user-data-dir={}", profile.display()),
                format!("--proxy-server=http://127.0.0.1:{}", server.port),
                // Loopback too: by default Chromium never proxies 127.0.0.1.
                "--proxy-bypass-list=<-loopback>",
                // Chromium's own traffic, which would otherwise show up in the proxy and hide (or
                // fake) the page's: sign-in, component updates, network time, autofill and
                // optimisation hints, preconnects to the default search engine. The two URL switches
                // point at a closed loopback port.
                "--allow-browser-signin=false",
                "--disable-features=NetworkTimeServiceQuerying,AutofillServerCommunication,OptimizationHints,PreconnectToSearch",
                "--gaia-url=http://127.0.0.1:9",
                "--component-updater=url-source=http://127.0.0.1:9/",
            ],
            "prefs": {
                "download.default_directory": downloads.display().to_string(),
                "download.prompt_for_download": false,
                // The start tab preconnects to the default search engine (Debian's: DuckDuckGo);
                // point it at the closed loopback port as well.
                "default_search_provider_data": {
                    "template_url_data": {
                        "keyword": "none", "short_name": "none",
                        "url": "http://127.0.0.1:9/?q={searchTerms}"
                    }
                }
            }
        }
    });
    let Value::Object(caps) = caps else {
        unreachable!()
    };
    shipshape_e2e::session(driver, caps).await
}

async fn until<F, Fut>(what: &str, mut check: F)
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

async fn editor_value(c: &Client) -> String {
    js(
        c,
        "const t = document.querySelector('#editor'); return t ? t.value : null;",
        vec![],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// Replace the editor's text the way a paste does.
async fn paste(c: &Client, text: &str) {
    js(
        c,
        "const t = document.querySelector('#editor'); t.focus(); t.select();
         document.execCommand('insertText', false, arguments[0]);",
        vec![json!(text)],
    )
    .await;
}

/// Every finding as "rule file:line", in panel order, and the selected one.
async fn findings(c: &Client) -> (Vec<String>, Option<String>) {
    let v = js(
        c,
        "const f = e => `${e.dataset.rule} ${e.dataset.file}:${e.dataset.line}`;
         const sel = document.querySelector('#findings li.finding.selected');
         return [[...document.querySelectorAll('#findings li.finding')].map(f), sel ? f(sel) : null];",
        vec![],
    )
    .await;
    (
        serde_json::from_value(v[0].clone()).unwrap_or_default(),
        v[1].as_str().map(str::to_string),
    )
}

async fn files(c: &Client) -> Vec<String> {
    let v = js(
        c,
        "return [...document.querySelectorAll('#files li.file .file-name')].map(e => e.textContent)",
        vec![],
    )
    .await;
    serde_json::from_value(v).unwrap_or_default()
}

async fn banner(c: &Client) -> String {
    js(
        c,
        "const b = document.querySelector('#share-banner'); return b ? b.textContent : '';",
        vec![],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

async fn href(c: &Client) -> String {
    js(c, "return location.href", vec![])
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}

async fn wait_app(c: &Client) {
    element(c, "textarea#editor", "the app mounted").await;
    until("findings", || async { !findings(c).await.0.is_empty() }).await;
}

/// The editor's selection starts on this line, and its highlighted mark is inside the visible part
/// of the editor (it was scrolled to).
async fn selection_shown(c: &Client) -> (u64, bool, f64) {
    let v = js(
        c,
        "const t = document.querySelector('#editor');
         const s = document.querySelector('.editor-scroll'), m = document.querySelector('.backdrop .sel');
         const line = t.value.slice(0, t.selectionStart).split('\\n').length;
         if (!m) return [line, false, s.scrollTop];
         const a = s.getBoundingClientRect(), b = m.getBoundingClientRect();
         return [line, b.top >= a.top && b.bottom <= a.bottom, s.scrollTop];",
        vec![],
    )
    .await;
    (
        v[0].as_u64().unwrap_or(0),
        v[1].as_bool().unwrap_or(false),
        v[2].as_f64().unwrap_or(0.0),
    )
}

async fn shot(c: &Client, name: &str) {
    if let Ok(png) = c.screenshot().await {
        let dir = target_dir(Path::new(TARGET_TMP)).join("e2e");
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(dir.join(name), png);
    }
}

struct Shared {
    link: String,
    findings: (Vec<String>, Option<String>),
    text: String,
    download: Option<PathBuf>,
}

/// First browser: everything the owner of the workspace does.
async fn owner(c: &Client, server: &Server, downloads: &Path) -> Shared {
    let origin = server.origin();
    c.goto(&format!("{origin}/")).await.expect("open page");
    wait_app(c).await;
    let text = dockerfile();
    assert!((2500..3500).contains(&text.len()), "{}", text.len());
    paste(c, &text).await;
    until("the pasted file's findings", || async {
        findings(c).await.0.iter().any(|f| f.starts_with("DL3042 "))
    })
    .await;
    // Fix: pip's cache (an undoable edit, as a user would).
    click(c, "#findings li.finding[data-rule='DL3042'] .finding-btn").await;
    click(c, "li.finding.selected button.apply").await;
    until("the fix", || async {
        editor_value(c).await.contains("--no-cache-dir")
    })
    .await;
    let text = editor_value(c).await;
    click(c, "#findings li.finding[data-rule='DL3020'] .finding-btn").await;
    until("DL3020 selected", || async {
        findings(c)
            .await
            .1
            .is_some_and(|s| s.starts_with("DL3020 "))
    })
    .await;
    let before = findings(c).await;

    // Share: the link is made in the page; not a single request goes out.
    let requests = server.seen(|s| s.paths.len());
    click(c, "#share > summary").await;
    let link_input = element(c, "#share-link", "the share link").await;
    let link = link_input
        .prop("value")
        .await
        .expect("link value")
        .unwrap_or_default();
    assert!(link.starts_with(&format!("{origin}/#")), "{link}");
    println!(
        "share link for a {}-byte Dockerfile: {} characters",
        text.len(),
        link.len()
    );
    assert!(link.len() < 2_000, "{} characters", link.len());
    assert_eq!(href(c).await, link, "the address bar holds the link too");
    click(c, "#share-copy").await;
    until("the copy to be answered", || async {
        let b = banner(c).await;
        b.contains("Link copied") || b.contains("did not let the page copy")
    })
    .await;
    shot(c, "share-menu.png").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        server.seen(|s| s.paths.len()),
        requests,
        "sharing made a request"
    );

    // Download the workspace (a Blob: again no request) for the second browser to open.
    click(c, "#download-workspace").await;
    let file = downloads.join("shipshape-workspace.json");
    let deadline = Instant::now() + Duration::from_secs(10);
    // Chromium may show the file under its final name before its bytes are written: wait for
    // the whole document, not just the name.
    let written = || {
        std::fs::read(&file)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
    };
    while written().is_none() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let download = if file.is_file() {
        let json: Value = serde_json::from_slice(&std::fs::read(&file).expect("read download"))
            .expect("the downloaded workspace is JSON");
        assert_eq!(json["format"], "shipshape-workspace");
        assert_eq!(json["files"][0]["path"], "Dockerfile");
        assert_eq!(json["files"][0]["text"], text.as_str());
        Some(file)
    } else {
        // Some headless builds ignore the download directory; the wasm tests check the file.
        println!(
            "note: this Chromium saved no download to {}",
            downloads.display()
        );
        None
    };
    assert_eq!(
        server.seen(|s| s.paths.len()),
        requests,
        "downloading made a request"
    );

    // Autosave: an edit drops the link from the address bar; a reload brings the edit back.
    let edited = format!("{text}EXPOSE 8000\n");
    paste(c, &edited).await;
    until("the link to leave the address bar", || async {
        href(c).await == format!("{origin}/")
    })
    .await;
    c.refresh().await.expect("reload");
    wait_app(c).await;
    assert_eq!(editor_value(c).await, edited, "autosave restored the edit");

    // Offline: once the service worker has its copy, the app loads and lints with no server.
    let cached = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             navigator.serviceWorker.ready
               .then(() => caches.keys())
               .then(keys => Promise.all(keys.map(k => caches.open(k).then(c => c.keys()))))
               .then(lists => done(lists.flat().map(r => new URL(r.url).pathname)))
               .catch(e => done(String(e)));",
            vec![],
        )
        .await
        .expect("service worker");
    let cached: Vec<String> = serde_json::from_value(cached.clone())
        .unwrap_or_else(|_| panic!("no offline copy: {cached}"));
    for want in [
        "/",
        "/app.js",
        "/app_bg.wasm",
        "/boot.js",
        "/static/style.css",
        "/rule-docs.json",
    ] {
        assert!(
            cached.iter().any(|p| p == want),
            "{want} not cached: {cached:?}"
        );
    }
    server.offline.store(true, Ordering::SeqCst);
    c.refresh().await.expect("reload offline");
    wait_app(c).await;
    assert_eq!(
        editor_value(c).await,
        edited,
        "offline: the autosave is there"
    );
    paste(c, &format!("{edited}MAINTAINER me\n")).await;
    until("an offline lint", || async {
        findings(c).await.0.iter().any(|f| f.starts_with("DL4000 "))
    })
    .await;
    // The rules' documentation, which the page fetches only when first needed, comes from the copy.
    click(c, "#findings li.finding[data-rule='DL4000'] .finding-btn").await;
    until("the finding's explanation, offline", || async {
        js(
            c,
            "const w = document.querySelector('#findings li.finding.selected .why');
             return !!w && w.textContent.includes('MAINTAINER');",
            vec![],
        )
        .await
            == json!(true)
    })
    .await;
    assert!(
        server.seen(|s| s.dropped) > 0,
        "the browser did try the network"
    );
    shot(c, "share-offline.png").await;
    server.offline.store(false, Ordering::SeqCst);

    Shared {
        link,
        findings: before,
        text,
        download,
    }
}

/// Second browser, fresh profile: the link shows the same thing; own work survives a link.
async fn visitor(c: &Client, server: &Server, shared: &Shared) {
    let origin = server.origin();
    c.goto(&shared.link).await.expect("open the link");
    wait_app(c).await;
    until("the linked finding selected", || async {
        findings(c).await.1.is_some()
    })
    .await;
    assert_eq!(files(c).await, ["Dockerfile"]);
    assert_eq!(editor_value(c).await, shared.text);
    assert_eq!(
        findings(c).await,
        shared.findings,
        "same findings, same one selected"
    );
    let want_line: u64 = shared
        .findings
        .1
        .as_deref()
        .and_then(|s| s.rsplit(':').next())
        .and_then(|l| l.parse().ok())
        .expect("selected line");
    assert!(want_line > 60, "the finding is far down: {want_line}");
    until("the editor scrolled to the finding", || async {
        let (line, visible, top) = selection_shown(c).await;
        line == want_line && visible && top > 0.0
    })
    .await;
    assert!(banner(c).await.contains("Opened a shared workspace"));
    shot(c, "share-opened.png").await;

    // Own work, then the link again (pasted into the address bar of this tab): kept, one click back.
    paste(c, OWN).await;
    until("the link to leave the address bar", || async {
        href(c).await == format!("{origin}/")
    })
    .await;
    c.goto(&shared.link).await.expect("open the link again");
    until("the link's workspace", || async {
        editor_value(c).await == shared.text
    })
    .await;
    until("the offer to restore", || async {
        banner(c).await.contains("Your previous workspace is kept")
    })
    .await;
    click(c, "#banner-restore").await;
    until("own work back", || async { editor_value(c).await == OWN }).await;

    // Markup in file names and texts: made in the page, shared, opened — text all the way.
    let name = "<img src=/x onerror=alert(1)>.Dockerfile";
    let body = "FROM alpine:3.20\n# <script>alert(2)</script>\nLABEL note=\"<b>bold</b>\"\n";
    shipshape_e2e::new_file(c, name).await;
    until("the odd name", || async {
        files(c).await.iter().any(|f| f == name)
    })
    .await;
    paste(c, body).await;
    click(c, "#share > summary").await;
    let link = element(c, "#share-link", "link")
        .await
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default();
    // Leave (a reload without the fragment), change the workspace, then open the link for real.
    c.goto(&format!("{origin}/")).await.expect("leave");
    wait_app(c).await;
    paste(c, OWN).await;
    c.goto(&link).await.expect("open the markup link");
    until("the odd file", || async {
        files(c).await.iter().any(|f| f == name)
    })
    .await;
    let dom = js(
        c,
        "return [document.querySelectorAll('.app img[src=\"/x\"], .app script, .app b').length,
                 document.querySelector('#files').textContent.includes(arguments[0])]",
        vec![json!(name)],
    )
    .await;
    assert_eq!(dom, json!([0, true]), "markup rendered as text");
    assert!(
        c.get_alert_text().await.is_err(),
        "no script ran (no alert is open)"
    );

    // A damaged link: a clear message, and nothing changes.
    let before = editor_value(c).await;
    let cut = &shared.link[..shared.link.len() - shared.link.len() / 3];
    c.goto(cut).await.expect("open a cut link");
    until("the refusal", || async {
        banner(c).await.contains("could not be opened")
    })
    .await;
    assert_eq!(editor_value(c).await, before);

    // The downloaded workspace file opens again.
    if let Some(file) = &shared.download {
        click(c, "#share > summary").await;
        let input = element(c, "#open-workspace-input", "file input").await;
        input
            .send_keys(&file.display().to_string())
            .await
            .expect("choose file");
        until("the file's workspace", || async {
            editor_value(c).await == shared.text
        })
        .await;
        assert!(banner(c).await.contains("shipshape-workspace.json"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn share_autosave_offline_and_privacy_in_chromium() {
    let dist = dist_dir(Path::new(TARGET_TMP));
    for f in [
        "index.html",
        "app_bg.wasm",
        "sw.js",
        "static/manifest.webmanifest",
    ] {
        assert!(
            dist.join(f).is_file(),
            "no {f} in {} — run scripts/build-dist.sh first",
            dist.display()
        );
    }
    let server = serve(dist.clone());
    let driver = Driver::start(WAIT);
    let tmp = std::env::temp_dir().join(format!("shipshape-e2e-share-{}", std::process::id()));
    let (profile_a, profile_b, downloads) = (tmp.join("a"), tmp.join("b"), tmp.join("downloads"));
    std::fs::create_dir_all(&downloads).expect("download dir");

    let a = browser(&driver, &server, &profile_a, &downloads).await;
    let outcome = tokio::spawn({
        let (c, server) = (a.clone(), server.clone());
        let downloads = downloads.clone();
        async move { owner(&c, &server, &downloads).await }
    })
    .await;
    let _ = a.close().await;
    let shared = match outcome {
        Ok(s) => s,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            std::panic::resume_unwind(e.into_panic());
        }
    };

    let b = browser(&driver, &server, &profile_b, &downloads).await;
    let outcome = tokio::spawn({
        let (c, server) = (b.clone(), server.clone());
        async move { visitor(&c, &server, &shared).await }
    })
    .await;
    let _ = b.close().await;
    drop(driver);
    let _ = std::fs::remove_dir_all(&tmp);
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }

    // Privacy: not one request to another origin, from anything in either browser; and of this
    // origin only files that exist (nothing like the `/x` of the markup test).
    let (paths, foreign) = server.seen(|s| (s.paths.clone(), s.foreign.clone()));
    assert!(foreign.is_empty(), "requests to other origins: {foreign:?}");
    let mut unique = paths.clone();
    unique.sort();
    unique.dedup();
    println!("requested of the page's origin: {unique:?}");
    for p in &unique {
        let rel = if p.ends_with('/') {
            format!("{p}index.html")
        } else {
            p.clone()
        };
        assert!(
            dist.join(rel.trim_start_matches('/')).is_file(),
            "asked for {p}, which is no file of the app"
        );
    }
    for want in [
        "/",
        "/sw.js",
        "/app_bg.wasm",
        "/static/manifest.webmanifest",
    ] {
        assert!(unique.iter().any(|p| p == want), "{want} never requested");
    }
}

/// The CSP the page ships: no inline script, nothing from elsewhere.
#[test]
fn the_page_forbids_inline_script_and_other_origins() {
    let html = std::fs::read_to_string(dist_dir(Path::new(TARGET_TMP)).join("index.html"))
        .expect("dist/index.html (run scripts/build-dist.sh)");
    let csp = html
        .split("http-equiv=\"Content-Security-Policy\" content=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a CSP meta tag");
    let directives: Vec<(&str, Vec<&str>)> = csp
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            let mut w = d.split_whitespace();
            (w.next().unwrap_or(""), w.collect())
        })
        .collect();
    let get = |name: &str| {
        directives
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(get("default-src"), Some(vec!["'none'"]), "{csp}");
    let script = get("script-src").expect("script-src");
    assert!(script.contains(&"'self'"));
    for (name, sources) in &directives {
        for s in sources {
            assert!(
                matches!(*s, "'self'" | "'none'" | "'wasm-unsafe-eval'"),
                "{name} allows {s}: {csp}"
            );
        }
    }
    // No inline script in the page at all.
    assert!(!html.contains("<script>"), "inline script");
    for tag in html.split("<script").skip(1) {
        assert!(
            tag.split('>').next().unwrap_or("").contains("src="),
            "inline script"
        );
    }
}

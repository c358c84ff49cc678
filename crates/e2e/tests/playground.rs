//! The whole page, as shipped: serve the release dist/ on 127.0.0.1, open it in Debian's Chromium
//! through chromedriver, paste a Dockerfile, wait for its findings, apply a fix, undo/redo it, see
//! the changes since the paste side by side, apply all safe fixes after reviewing their diff, read
//! the Markdown report, copy and download it, and save screenshots under the target dir. Needs
//! `scripts/build-dist.sh` first (scripts/test.sh does).

use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use shipshape_e2e::{dist_dir, target_dir, Driver};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const WAIT: Duration = Duration::from_secs(20);
/// `<target>/tmp`: shipshape_e2e finds the target dir and dist/ from it.
const TARGET_TMP: &str = env!("CARGO_TARGET_TMPDIR");

/// What the test pastes: every line but the WORKDIR has something to say.
const PASTED: &str = "\
FROM python:latest
WORKDIR /app
ADD requirements.txt .
RUN pip install -r requirements.txt
COPY . .
CMD python app.py
";

/// A tiny static file server for dist/, on an ephemeral 127.0.0.1 port. It records every path
/// requested, so the test can check the page asked for nothing unexpected.
fn serve(root: PathBuf) -> (u16, Arc<Mutex<Vec<String>>>) {
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
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    if let Ok(mut s) = seen.lock() {
        s.push(path.to_string());
    }
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
                Some("json" | "webmanifest") => "application/json",
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

async fn connect(driver: &Driver, profile: &Path, downloads: &Path) -> Client {
    let caps = json!({
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            // Download .md saves here without asking.
            "prefs": {
                "download.default_directory": downloads.display().to_string(),
                "download.prompt_for_download": false,
            },
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                "--force-device-scale-factor=1", "--window-size=1440,900",
                format!("--user-data-dir={}", profile.display()),
            ]
        }
    });
    let Value::Object(caps) = caps else {
        unreachable!()
    };
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("WebDriver session")
}

/// Rule ids of the findings panel, in order.
async fn rules(c: &Client) -> Vec<String> {
    let v = c
        .execute(
            "return [...document.querySelectorAll('#findings li.finding')].map(e => e.dataset.rule)",
            vec![],
        )
        .await
        .expect("read findings");
    serde_json::from_value(v).unwrap_or_default()
}

async fn editor_value(c: &Client) -> String {
    let v = c
        .execute("return document.querySelector('#editor').value", vec![])
        .await
        .expect("read editor");
    v.as_str().unwrap_or_default().to_string()
}

/// Poll `check` until it holds or the wait runs out; the panic names what was awaited.
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

async fn shot(c: &Client, name: &str) -> PathBuf {
    let png = c.screenshot().await.expect("screenshot");
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
    let dir = target_dir(Path::new(TARGET_TMP)).join("e2e");
    std::fs::create_dir_all(&dir).expect("create screenshot dir");
    let path = dir.join(name);
    std::fs::write(&path, png).expect("write screenshot");
    println!("screenshot: {}", path.display());
    path
}

/// Is the first element matching `css` rendered (not `display: none` along its ancestors)?
async fn shown(c: &Client, css: &str) -> bool {
    let v = c
        .execute(
            "const e = document.querySelector(arguments[0]); return !!e && e.getClientRects().length > 0",
            vec![json!(css)],
        )
        .await
        .expect("read visibility");
    v == json!(true)
}

async fn text_of(c: &Client, css: &str) -> String {
    let v = c
        .execute(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : null",
            vec![json!(css)],
        )
        .await
        .expect("read text");
    v.as_str().unwrap_or_default().to_string()
}

async fn click(c: &Client, css: &str) {
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// The Changes tab since the paste (side by side), Apply all safe fixes after reviewing the
/// combined diff (undone and redone from the keyboard), and the report: rendered, copied, downloaded.
async fn changes_fix_all_and_report(c: &Client, fixed: &str, downloads: &Path) {
    click(c, "#tab-changes").await;
    until("the diff since the paste", || async {
        text_of(c, "#changes pre.diff")
            .await
            .contains("+COPY requirements.txt .")
    })
    .await;
    let diff = text_of(c, "#changes pre.diff").await;
    assert!(
        diff.contains("-ADD requirements.txt .\n+COPY requirements.txt .\n"),
        "{diff}"
    );
    assert_eq!(
        text_of(c, "#changes .change .stat").await,
        "+2−1",
        "the typed EXPOSE line and the fix, not the starter text the paste replaced"
    );
    // 1440 px wide: side by side is offered, and replaces the unified diff when chosen.
    assert!(shown(c, "#panel-changes [data-layout=sbs]").await);
    click(c, "#panel-changes [data-layout=sbs]").await;
    until("the side-by-side table", || async {
        shown(c, "#changes table.sbs").await && !shown(c, "#changes pre.diff-uni").await
    })
    .await;
    assert_eq!(
        text_of(c, "#changes table.sbs td.d-del").await,
        "ADD requirements.txt ."
    );
    shot(c, "playground-changes.png").await;
    // Narrower than 1200 px: no toggle, and the unified diff is back in place of the table.
    c.set_window_size(1000, 900).await.expect("narrow window");
    until("the unified diff on a narrow screen", || async {
        !shown(c, "#panel-changes [data-layout=sbs]").await
            && !shown(c, "#changes table.sbs").await
            && shown(c, "#changes pre.diff-uni").await
    })
    .await;
    c.set_window_size(1440, 900).await.expect("wide window");
    until("side by side again", || async {
        shown(c, "#changes table.sbs").await
    })
    .await;

    // Apply all safe fixes: the combined diff first (still side by side), then one undo step.
    click(c, "#tab-findings").await;
    click(c, "#fix-all").await;
    until("the combined diff", || async {
        shown(c, "#fix-all-review table.sbs").await
    })
    .await;
    let review = text_of(c, "#fix-all-review").await;
    assert!(review.contains("--no-cache-dir"), "{review}");
    assert_eq!(editor_value(c).await, fixed, "nothing applied before Apply");
    shot(c, "playground-fix-all.png").await;
    click(c, "#fix-all-apply").await;
    until("the safe fixes applied", || async {
        editor_value(c)
            .await
            .contains("pip install --no-cache-dir -r requirements.txt")
    })
    .await;
    let all_fixed = editor_value(c).await;
    let undo_key = Key::Control + "z";
    let redo_key = Key::Control + "y";
    c.find(Locator::Css("#tab-findings"))
        .await
        .expect("tab")
        .send_keys(&undo_key)
        .await
        .expect("Ctrl+Z");
    until("Ctrl+Z to undo them all", || async {
        editor_value(c).await == fixed
    })
    .await;
    c.find(Locator::Css("#tab-findings"))
        .await
        .expect("tab")
        .send_keys(&redo_key)
        .await
        .expect("Ctrl+Y");
    until("Ctrl+Y to redo them", || async {
        editor_value(c).await == all_fixed
    })
    .await;

    // The report: the core's Markdown, rendered.
    click(c, "#tab-report").await;
    until("the rendered report", || async {
        text_of(c, "#report-doc h2").await == "shipshape audit report"
    })
    .await;
    assert!(shown(c, "#report-doc table").await);
    shot(c, "playground-report.png").await;
    // Copy: the clipboard API, or, where the browser refuses, the raw text selected for Ctrl+C.
    click(c, "#report-copy").await;
    until("a copy notice", || async {
        let n = text_of(c, ".notice").await;
        n.contains("Copied") || n.contains("refused")
    })
    .await;
    println!("copy: {}", text_of(c, ".notice").await);
    click(c, "[data-view=raw]").await;
    let raw = c
        .execute("return document.querySelector('#report-raw').value", vec![])
        .await
        .expect("raw report");
    let raw = raw.as_str().unwrap_or_default().to_string();
    assert!(raw.starts_with("# shipshape audit report\n"), "{raw}");
    // Download .md: a real file in the download folder, byte for byte the raw report.
    click(c, "#report-download").await;
    let file = downloads.join("shipshape-report.md");
    until("the downloaded report", || async {
        std::fs::read_to_string(&file).is_ok_and(|s| s == raw)
    })
    .await;
    click(c, "#tab-findings").await;
}

async fn run(c: &Client, origin: &str, downloads: &Path) {
    c.goto(&format!("{origin}/")).await.expect("open page");
    let editor = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("textarea#editor"))
        .await
        .expect("the app mounted (wasm loaded under the page's CSP)");
    // The page runs under its strict CSP, and the stylesheet it allows did apply.
    let csp = c
        .execute(
            "return [document.querySelector('meta[http-equiv=Content-Security-Policy]').content,
                     getComputedStyle(document.querySelector('.topbar')).borderBottomStyle]",
            vec![],
        )
        .await
        .expect("read CSP");
    assert!(
        csp[0]
            .as_str()
            .unwrap_or_default()
            .contains("default-src 'none'"),
        "CSP: {csp}"
    );
    assert_eq!(csp[1], json!("solid"), "static/style.css applied");
    until("the starting Dockerfile's findings", || async {
        !rules(c).await.is_empty()
    })
    .await;

    // Paste: select all, then the paste event and the text as one input, the way a paste arrives.
    editor.click().await.expect("focus editor");
    c.execute(
        "const t = document.querySelector('#editor'); t.focus(); t.select();
         t.dispatchEvent(new ClipboardEvent('paste', { bubbles: true }));
         document.execCommand('insertText', false, arguments[0]);",
        vec![json!(PASTED)],
    )
    .await
    .expect("paste");
    // And type a line, key by key: the findings follow every keystroke.
    c.execute(
        "const t = document.querySelector('#editor'); t.setSelectionRange(t.value.length, t.value.length);",
        vec![],
    )
    .await
    .expect("caret to end");
    editor.send_keys("EXPOSE 8000/TCP\n").await.expect("type");
    assert_eq!(
        editor_value(c).await,
        format!("{PASTED}EXPOSE 8000/TCP\n"),
        "the editor holds exactly what was pasted and typed"
    );
    for rule in ["DL3007", "DL3020", "DL3025", "ExposeProtoCasing"] {
        until(&format!("finding {rule}"), || async {
            rules(c).await.iter().any(|r| r == rule)
        })
        .await;
    }
    let count = c
        .find(Locator::Css("#count"))
        .await
        .expect("#count")
        .text()
        .await
        .expect("count text");
    assert_eq!(count, rules(c).await.len().to_string());

    // Select the ADD finding: the editor selects its span (on line 3) and the fix shows as a diff.
    c.find(Locator::Css(
        "#findings li.finding[data-rule='DL3020'] .finding-btn",
    ))
    .await
    .expect("DL3020 row")
    .click()
    .await
    .expect("click DL3020");
    let diff = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("li.finding.selected pre.diff"))
        .await
        .expect("fix diff")
        .text()
        .await
        .expect("diff text");
    assert!(
        diff.contains("-ADD requirements.txt .") && diff.contains("+COPY requirements.txt ."),
        "diff: {diff}"
    );
    let sel = c
        .execute(
            "const t = document.querySelector('#editor');
             return [t.value.slice(0, t.selectionStart).split('\\n').length, t.selectionEnd - t.selectionStart];",
            vec![],
        )
        .await
        .expect("selection");
    assert_eq!(sel[0], json!(3), "selection starts on line 3: {sel}");
    assert!(
        sel[1].as_u64().unwrap_or(0) > 0,
        "a non-empty selection: {sel}"
    );
    let why = c
        .find(Locator::Css("li.finding.selected .why"))
        .await
        .expect("explanation")
        .text()
        .await
        .unwrap_or_default();
    assert!(why.len() > 20, "the rule docs explain the finding: {why:?}");
    shot(c, "playground.png").await;

    // Apply: the text changes, the finding goes, nothing else moves.
    c.find(Locator::Css("li.finding.selected button.apply"))
        .await
        .expect("Apply button")
        .click()
        .await
        .expect("apply");
    let fixed =
        format!("{PASTED}EXPOSE 8000/TCP\n").replace("ADD requirements", "COPY requirements");
    until("the fixed text", || async {
        editor_value(c).await == fixed
    })
    .await;
    until("DL3020 to go", || async {
        !rules(c).await.iter().any(|r| r == "DL3020")
    })
    .await;
    shot(c, "playground-fixed.png").await;

    // Undo brings the old text and the finding back; redo re-applies.
    c.find(Locator::Css("#undo"))
        .await
        .expect("undo")
        .click()
        .await
        .expect("click undo");
    until("the text before the fix", || async {
        editor_value(c).await.contains("ADD requirements.txt .")
    })
    .await;
    until("DL3020 to return", || async {
        rules(c).await.iter().any(|r| r == "DL3020")
    })
    .await;
    c.find(Locator::Css("#redo"))
        .await
        .expect("redo")
        .click()
        .await
        .expect("click redo");
    until("the fix again", || async { editor_value(c).await == fixed }).await;

    changes_fix_all_and_report(c, &fixed, downloads).await;

    // The Examples menu replaces the workspace with a multi-file one; cross-file findings show.
    c.find(Locator::Css("#examples > summary"))
        .await
        .expect("Examples menu")
        .click()
        .await
        .expect("open menu");
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(
            "#examples button.example[data-example='compose']",
        ))
        .await
        .expect("compose example")
        .click()
        .await
        .expect("load example");
    until("the compose example's findings", || async {
        rules(c).await.iter().any(|r| r == "compose-target-missing")
    })
    .await;
    c.find(Locator::Css(
        "#findings li.finding[data-rule='compose-target-missing'] .finding-btn",
    ))
    .await
    .expect("compose finding")
    .click()
    .await
    .expect("select compose finding");
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("li.finding.selected .why"))
        .await
        .expect("its explanation");
    shot(c, "playground-compose.png").await;

    // Nothing but this origin was ever asked for.
    let urls = c
        .execute(
            "return [location.href, ...performance.getEntriesByType('resource').map(e => e.name)]",
            vec![],
        )
        .await
        .expect("resource timing");
    let urls: Vec<String> = serde_json::from_value(urls).unwrap_or_default();
    assert!(urls.len() >= 4, "page, js, wasm, css at least: {urls:?}");
    for u in &urls {
        assert!(u.starts_with(origin), "request outside {origin}: {u}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paste_lint_fix_undo_in_chromium() {
    let dist = dist_dir(Path::new(TARGET_TMP));
    assert!(
        dist.join("index.html").is_file() && dist.join("app_bg.wasm").is_file(),
        "no release build in {} — run scripts/build-dist.sh first",
        dist.display()
    );
    let (port, served) = serve(dist);
    let origin = format!("http://127.0.0.1:{port}");
    let driver = Driver::start(WAIT);
    let profile = std::env::temp_dir().join(format!("shipshape-e2e-{}", std::process::id()));
    let downloads = std::env::temp_dir().join(format!("shipshape-e2e-dl-{}", std::process::id()));
    std::fs::create_dir_all(&downloads).expect("download folder");
    let client = connect(&driver, &profile, &downloads).await;
    // Run the steps, then always close the session before reporting the outcome.
    let outcome = tokio::spawn({
        let c = client.clone();
        let origin = origin.clone();
        let downloads = downloads.clone();
        async move { run(&c, &origin, &downloads).await }
    })
    .await;
    let _ = client.close().await;
    drop(driver);
    let _ = std::fs::remove_dir_all(&profile);
    let _ = std::fs::remove_dir_all(&downloads);
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
    let served = served.lock().map(|s| s.clone()).unwrap_or_default();
    for want in ["/", "/app.js", "/app_bg.wasm", "/static/style.css"] {
        assert!(
            served.iter().any(|p| p == want),
            "{want} not loaded: {served:?}"
        );
    }
    page_weight(&dist_dir(Path::new(TARGET_TMP)), &served);
}

/// `cmd` applied to `file` (a compressor writing to stdout): the compressed size, if the tool exists.
fn compressed(cmd: &[&str], file: &Path) -> Option<usize> {
    let out = Command::new(cmd[0])
        .args(&cmd[1..])
        .arg(file)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status.success().then_some(out.stdout.len())
}

/// Raw, gzip -9 and brotli -q 11 sizes of every file the page actually requested, written to
/// <target>/e2e/page-weight.md (and printed; `--nocapture` shows it).
fn page_weight(dist: &Path, served: &[String]) {
    let mut paths: Vec<&str> = served.iter().map(String::as_str).collect();
    paths.sort_unstable();
    paths.dedup();
    let mut rows = String::from("| file | raw | gzip -9 | brotli -q 11 |\n|---|---:|---:|---:|\n");
    let (mut raw, mut gz, mut br) = (0, 0, 0);
    let fmt = |n: Option<usize>| n.map_or_else(|| "n/a".to_string(), |n| n.to_string());
    for p in paths {
        let rel = if p.ends_with('/') {
            format!("{p}index.html")
        } else {
            p.to_string()
        };
        let file = dist.join(rel.trim_start_matches('/'));
        let Ok(meta) = std::fs::metadata(&file) else {
            continue;
        };
        let size = meta.len() as usize;
        let g = compressed(&["gzip", "-9", "-c"], &file);
        let b = compressed(&["brotli", "-q", "11", "-c"], &file);
        raw += size;
        gz += g.unwrap_or(0);
        br += b.unwrap_or(0);
        rows.push_str(&format!("| {rel} | {size} | {} | {} |\n", fmt(g), fmt(b)));
    }
    rows.push_str(&format!(
        "| **total** | **{raw}** | **{gz}** | **{br}** |\n"
    ));
    let dir = target_dir(Path::new(TARGET_TMP)).join("e2e");
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(dir.join("page-weight.md"), &rows);
    println!("everything the page loaded:\n{rows}");
}

//! What the page does with browser APIs that the state can't: putting text into the textarea so that
//! its own undo history keeps up, reading picked or dropped files and folders, applying the
//! settings to the page, closing menus.

use super::state::Action;
use crate::persist::{self, Picked};
use crate::settings::{Settings, Theme};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::js_sys::{Array, Promise, Reflect};
use web_sys::{
    DataTransfer, Element, File, FileSystemDirectoryEntry, FileSystemDirectoryReader,
    FileSystemEntry, FileSystemFileEntry, HtmlDocument, HtmlElement, HtmlInputElement,
    HtmlTextAreaElement,
};
use yew::prelude::*;

/// Close a `<details>` menu and give focus back to its `<summary>`.
pub fn close_menu(details: &NodeRef) {
    if let Some(d) = details.cast::<Element>() {
        let _ = d.remove_attribute("open");
        if let Some(s) = d
            .first_element_child()
            .and_then(|s| s.dyn_into::<HtmlElement>().ok())
        {
            let _ = s.focus();
        }
    }
}

/// Longest text (UTF-16 units) put into the textarea through `insertText`; see `replace_range`.
const MAX_INSERT_TEXT: usize = 16 * 1024;

/// A paste or a drop of text into the editor that would make the file larger than `limit` bytes:
/// the message to show instead (the caller cancels the event). Only the length of the text is read
/// first, so a huge paste costs no copy; the browser's textarea itself would stall the page for
/// seconds on a few megabytes.
pub fn insertion_over_limit(e: &Event, area: &HtmlTextAreaElement, limit: usize) -> Option<String> {
    let drop = e.type_() == "drop";
    let field = if drop {
        "dataTransfer"
    } else {
        "clipboardData"
    };
    let dt = Reflect::get(e, &JsValue::from_str(field)).ok()?;
    let get = Reflect::get(&dt, &JsValue::from_str("getData"))
        .ok()?
        .dyn_into::<web_sys::js_sys::Function>()
        .ok()?;
    let text = get
        .call1(&dt, &JsValue::from_str("text/plain"))
        .ok()?
        .dyn_into::<web_sys::js_sys::JsString>()
        .ok()?;
    // UTF-8 takes at least as many bytes as UTF-16 takes units: a quick lower bound first.
    let added = if text.length() as usize > limit {
        text.length() as usize
    } else {
        String::from(text).len()
    };
    let current = area.value();
    // A paste replaces the selection; a drop goes in where it lands.
    let replaced = if drop {
        0
    } else {
        let (start, end) = (
            area.selection_start().ok().flatten().unwrap_or(0),
            area.selection_end().ok().flatten().unwrap_or(0),
        );
        crate::model::byte_offset(&current, end.max(start))
            - crate::model::byte_offset(&current, start)
    };
    let after = current.len() - replaced + added;
    (after > limit).then(|| {
        format!(
            "Nothing was {}: the file would be {}, and the editor takes files up to {}. Lint larger files with the shipshape CLI (up to 16 MiB a file).",
            if drop { "dropped" } else { "pasted" },
            crate::worker::size_label(after),
            crate::worker::size_label(limit)
        )
    })
}

/// Make the textarea hold `target`. Its own text (the user's typing) is never replaced wholesale
/// when it is the same file: only the part that differs is selected and replaced with
/// `insertText`, which the browser records in the textarea's undo history, so Ctrl+Z in the
/// editor undoes a fix like any edit. `same_file` false (another file, first load) sets the value.
pub fn sync_textarea(area: &HtmlTextAreaElement, target: &str, same_file: bool) {
    let current = area.value();
    if current == target {
        return;
    }
    if same_file && replace_range(area, &current, target) {
        return;
    }
    area.set_value(target);
}

/// Replace the differing middle of `current` with `target`'s through `insertText`. False when the
/// browser refused (the caller then sets the value).
fn replace_range(area: &HtmlTextAreaElement, current: &str, target: &str) -> bool {
    let a: Vec<u16> = current.encode_utf16().collect();
    let b: Vec<u16> = target.encode_utf16().collect();
    let mut start = 0;
    while start < a.len() && start < b.len() && a[start] == b[start] {
        start += 1;
    }
    let mut end = 0;
    while end < a.len() - start
        && end < b.len() - start
        && a[a.len() - 1 - end] == b[b.len() - 1 - end]
    {
        end += 1;
    }
    // Never cut a surrogate pair.
    while start > 0 && (0xDC00..0xE000).contains(&a[start]) {
        start -= 1;
    }
    while end > 0 && (0xDC00..0xE000).contains(&a[a.len() - end]) {
        end -= 1;
    }
    if b.len() - end - start > MAX_INSERT_TEXT {
        // The browser's insertText takes time quadratic in the text's lines (Chromium: 10 KB in
        // 80 ms, 50 KB in about a second, 200 KB in 20 s): set the value instead, at the cost of
        // this one step in the textarea's own undo history.
        return false;
    }
    let insert = String::from_utf16_lossy(&b[start..b.len() - end]);
    let Some(doc) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<HtmlDocument>().ok())
    else {
        return false;
    };
    let before = doc.active_element();
    let _ = area.focus();
    let _ = area.set_selection_range(start as u32, (a.len() - end) as u32);
    let ok = if insert.is_empty() {
        doc.exec_command("delete").unwrap_or(false)
    } else {
        doc.exec_command_with_show_ui_and_value("insertText", false, &insert)
            .unwrap_or(false)
    };
    if let Some(el) = before.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        if !el.is_same_node(Some(area)) {
            let _ = el.focus();
        }
    }
    ok && area.value() == target
}

/// Apply the settings to the page: theme on `<html data-theme>`, code size and line height as CSS
/// variables (through the CSSOM, which the page's strict CSP allows, unlike style attributes).
pub fn apply_settings(s: &Settings) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    match s.shown_theme() {
        Theme::System => {
            let _ = root.remove_attribute("data-theme");
        }
        t => {
            let _ = root.set_attribute("data-theme", t.id());
        }
    }
    if let Some(el) = root.dyn_ref::<HtmlElement>() {
        let style = el.style();
        let _ = style.set_property("--code-size", &format!("{}px", s.code_px()));
        let _ = style.set_property("--lh", &format!("{}px", s.line_px()));
    }
    if s.presenter {
        let _ = root.set_attribute("data-presenter", "");
    } else {
        let _ = root.remove_attribute("data-presenter");
    }
}

/// A file input's `change`: read the chosen files (or a folder's, with `webkitdirectory`) and open
/// them.
pub fn on_files_chosen(d: &Callback<Action>, folder: bool) -> Callback<Event> {
    let d = d.clone();
    Callback::from(move |e: Event| {
        let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
            return;
        };
        let Some(list) = input.files() else { return };
        let files: Vec<File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        // Let the same file be chosen again later.
        input.set_value("");
        if files.is_empty() {
            return;
        }
        let d = d.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let mut picked = Vec::new();
            for f in files {
                let rel = Reflect::get(&f, &"webkitRelativePath".into())
                    .ok()
                    .and_then(|v| v.as_string())
                    .filter(|p| !p.is_empty());
                let path = rel.unwrap_or_else(|| f.name());
                picked.push(read(&f, path).await);
            }
            d.emit(Action::Opened(persist::open_picked(picked, folder)));
        });
    })
}

/// Read one file as text (only files small enough to open at all).
async fn read(f: &File, path: String) -> Picked {
    let size = f.size() as usize;
    let text = if size > 2 * persist::MAX_OPEN_BYTES {
        Ok(String::new())
    } else {
        match JsFuture::from(f.text()).await {
            Ok(v) => v.as_string().ok_or_else(|| "not text".to_string()),
            Err(_) => Err("the browser could not read it".to_string()),
        }
    };
    Picked { path, text, size }
}

/// Files and folders dropped on the page: folders are walked (where the browser gives entries),
/// plain files read as they are. Returns the files and whether any came from a folder.
pub async fn read_drop(dt: DataTransfer) -> (Vec<Picked>, bool) {
    let items = dt.items();
    let mut entries: Vec<FileSystemEntry> = Vec::new();
    let mut loose: Vec<File> = Vec::new();
    for i in 0..items.length() {
        let Some(item) = items.get(i) else { continue };
        if item.kind() != "file" {
            continue;
        }
        match item.webkit_get_as_entry() {
            Ok(Some(entry)) if entry.is_directory() => entries.push(entry),
            _ => {
                if let Ok(Some(f)) = item.get_as_file() {
                    loose.push(f);
                }
            }
        }
    }
    if entries.is_empty() && loose.is_empty() {
        if let Some(list) = dt.files() {
            loose.extend((0..list.length()).filter_map(|i| list.get(i)));
        }
    }
    let folder = !entries.is_empty();
    let mut out = Vec::new();
    for f in loose {
        let name = f.name();
        out.push(read(&f, name).await);
    }
    // Breadth-first through the dropped folders, bounded so a dropped home folder can't hang the tab.
    let mut queue = entries;
    let mut seen = 0usize;
    while let Some(entry) = queue.pop() {
        seen += 1;
        if seen > 4096 || out.len() > 4 * persist::MAX_IMPORT_FILES {
            break;
        }
        let path = entry.full_path();
        if entry.is_directory() {
            let name = entry.name();
            if matches!(name.as_str(), ".git" | "node_modules" | "target" | "vendor") {
                continue;
            }
            let dir: FileSystemDirectoryEntry = entry.unchecked_into();
            queue.extend(read_dir(&dir.create_reader()).await);
        } else if entry.is_file() {
            let fe: FileSystemFileEntry = entry.unchecked_into();
            let p = Promise::new(&mut |res, rej| fe.file_with_callback_and_callback(&res, &rej));
            match JsFuture::from(p).await {
                Ok(f) => {
                    let f: File = f.unchecked_into();
                    out.push(read(&f, path).await);
                }
                Err(_) => out.push(Picked {
                    path,
                    text: Err("the browser could not read it".into()),
                    size: 0,
                }),
            }
        }
    }
    (out, folder)
}

/// All entries of a directory (`readEntries` hands them over in batches).
async fn read_dir(reader: &FileSystemDirectoryReader) -> Vec<FileSystemEntry> {
    let mut out = Vec::new();
    loop {
        let p = Promise::new(&mut |res, rej| {
            if reader
                .read_entries_with_callback_and_callback(&res, &rej)
                .is_err()
            {
                let _ = rej.call0(&JsValue::NULL);
            }
        });
        let Ok(batch) = JsFuture::from(p).await else {
            break;
        };
        let batch = Array::from(&batch);
        if batch.length() == 0 {
            break;
        }
        out.extend(batch.iter().map(|e| e.unchecked_into::<FileSystemEntry>()));
    }
    out
}

//! Share links: a workspace (file names and contents), lint options and the selected finding, packed into
//! a URL fragment (version byte + raw deflate, base64url) and unpacked with hard limits.

use crate::workspace::Workspace;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};

/// The format's first byte; bump when the payload changes incompatibly.
pub const VERSION: u8 = 1;
/// Most bytes a link may unpack to.
pub const MAX_DECOMPRESSED: usize = 1 << 20;
/// Most files a link may carry.
pub const MAX_FILES: usize = 64;
/// Longest fragment accepted (base64 text), well above what browsers keep in a URL.
pub const MAX_FRAGMENT: usize = 2 << 20;

/// A finding to select when the link opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Selection {
    pub file: String,
    pub rule: String,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct SharedFile {
    #[serde(rename = "p")]
    path: String,
    #[serde(rename = "t")]
    text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Payload {
    #[serde(rename = "f")]
    files: Vec<SharedFile>,
    /// BuildKit-style check options (`skip=...`), the one lint option the playground carries.
    #[serde(rename = "c", default, skip_serializing_if = "Option::is_none")]
    check: Option<String>,
    #[serde(rename = "s", default, skip_serializing_if = "Option::is_none")]
    selection: Option<Selection>,
}

/// What a link holds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Shared {
    pub workspace: Workspace,
    pub check: Option<String>,
    pub selection: Option<Selection>,
}

/// Why a fragment was refused. The caller's current workspace is never touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    Empty,
    TooLong,
    NotBase64,
    UnknownVersion(u8),
    Corrupt,
    TooLarge,
    NotAWorkspace(String),
    TooManyFiles(usize),
    BadPath(String),
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShareError::Empty => write!(f, "the link carries no workspace"),
            ShareError::TooLong => write!(f, "the link is longer than {MAX_FRAGMENT} characters"),
            ShareError::NotBase64 => {
                write!(f, "the link is damaged (not base64url); was it cut off?")
            }
            ShareError::UnknownVersion(v) => write!(
                f,
                "the link uses format version {v}, which this playground does not know"
            ),
            ShareError::Corrupt => write!(
                f,
                "the link is damaged (its compressed data does not unpack); was it cut off?"
            ),
            ShareError::TooLarge => write!(
                f,
                "the link unpacks to more than {} KiB",
                MAX_DECOMPRESSED / 1024
            ),
            ShareError::NotAWorkspace(e) => write!(f, "the link does not hold a workspace: {e}"),
            ShareError::TooManyFiles(n) => write!(
                f,
                "the link holds {n} files; at most {MAX_FILES} are accepted"
            ),
            ShareError::BadPath(p) => write!(f, "the link holds an unusable file name {p:?}"),
        }
    }
}

impl std::error::Error for ShareError {}

/// Pack a workspace (and options, selection) into a URL fragment (without the `#`).
pub fn encode(shared: &Shared) -> String {
    let payload = Payload {
        files: shared
            .workspace
            .files()
            .iter()
            .map(|f| SharedFile {
                path: f.path.clone(),
                text: f.text.clone(),
            })
            .collect(),
        check: shared.check.clone(),
        selection: shared.selection.clone(),
    };
    let json = serde_json::to_vec(&payload).unwrap_or_default();
    let mut blob = vec![VERSION];
    blob.extend(miniz_oxide::deflate::compress_to_vec(&json, 9));
    URL_SAFE_NO_PAD.encode(blob)
}

fn valid_path(p: &str) -> bool {
    !p.is_empty()
        && p.len() <= 255
        && !p.starts_with('/')
        && !p.contains(['\0', '\\'])
        && !p.chars().any(char::is_control)
        && p.split('/').all(|c| !c.is_empty() && c != "." && c != "..")
}

/// Unpack a fragment (with or without the leading `#`), refusing anything malformed or too large.
pub fn decode(fragment: &str) -> Result<Shared, ShareError> {
    let s = fragment.strip_prefix('#').unwrap_or(fragment).trim();
    if s.is_empty() {
        return Err(ShareError::Empty);
    }
    if s.len() > MAX_FRAGMENT {
        return Err(ShareError::TooLong);
    }
    let blob = URL_SAFE_NO_PAD
        .decode(s)
        .map_err(|_| ShareError::NotBase64)?;
    let (&version, data) = blob.split_first().ok_or(ShareError::Empty)?;
    if version != VERSION {
        return Err(ShareError::UnknownVersion(version));
    }
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(data, MAX_DECOMPRESSED).map_err(
        |e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => ShareError::TooLarge,
            _ => ShareError::Corrupt,
        },
    )?;
    let payload: Payload =
        serde_json::from_slice(&json).map_err(|e| ShareError::NotAWorkspace(e.to_string()))?;
    if payload.files.len() > MAX_FILES {
        return Err(ShareError::TooManyFiles(payload.files.len()));
    }
    let mut ws = Workspace::new();
    for f in payload.files {
        if !valid_path(&f.path) {
            return Err(ShareError::BadPath(f.path));
        }
        ws.add(f.path, f.text);
    }
    Ok(Shared {
        workspace: ws,
        check: payload.check,
        selection: payload.selection,
    })
}

/// A full playground link.
pub fn link(base_url: &str, shared: &Shared) -> String {
    format!(
        "{}#{}",
        base_url.split('#').next().unwrap_or(base_url),
        encode(shared)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Shared {
        let mut ws = Workspace::new();
        ws.add("Dockerfile", "FROM node:22\nCMD node server.js\n")
            .add("compose.yaml", "services:\n  api:\n    build: .\n");
        Shared {
            workspace: ws,
            check: Some("skip=DL3007".into()),
            selection: Some(Selection {
                file: "Dockerfile".into(),
                rule: "DL3025".into(),
                line: 2,
                column: 5,
            }),
        }
    }

    #[test]
    fn round_trips() {
        let s = sample();
        let frag = encode(&s);
        assert!(frag
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(decode(&format!("#{frag}")).unwrap(), s);
    }

    #[test]
    fn hostile_fragments_are_refused_cleanly() {
        assert_eq!(decode(""), Err(ShareError::Empty));
        assert_eq!(decode("%%%"), Err(ShareError::NotBase64));
        let frag = encode(&sample());
        assert!(matches!(
            decode(&frag[..frag.len() / 2]),
            Err(ShareError::Corrupt | ShareError::NotBase64 | ShareError::NotAWorkspace(_))
        ));
        let mut v2 = URL_SAFE_NO_PAD.decode(&frag).unwrap();
        v2[0] = 9;
        assert_eq!(
            decode(&URL_SAFE_NO_PAD.encode(v2)),
            Err(ShareError::UnknownVersion(9))
        );
        // A zip bomb: 2 MiB of spaces compresses to a few KiB.
        let mut bomb = vec![VERSION];
        bomb.extend(miniz_oxide::deflate::compress_to_vec(
            &vec![b' '; 2 << 20],
            9,
        ));
        assert_eq!(
            decode(&URL_SAFE_NO_PAD.encode(bomb)),
            Err(ShareError::TooLarge)
        );
        for bad in ["../etc/passwd", "/abs", "a//b", "x\u{0}y"] {
            let json = format!(
                "{{\"f\":[{{\"p\":{},\"t\":\"\"}}]}}",
                serde_json::to_string(bad).unwrap()
            );
            let mut blob = vec![VERSION];
            blob.extend(miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9));
            assert!(
                matches!(
                    decode(&URL_SAFE_NO_PAD.encode(blob)),
                    Err(ShareError::BadPath(_))
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_typical_dockerfile_link_stays_short() {
        let mut text = String::new();
        for i in 0..60 {
            text.push_str(&format!("RUN apt-get update && apt-get install -y --no-install-recommends pkg{i} && rm -rf /var/lib/apt/lists/*\n"));
        }
        text.truncate(3000);
        let mut ws = Workspace::new();
        ws.add("Dockerfile", text);
        let frag = encode(&Shared {
            workspace: ws,
            ..Default::default()
        });
        assert!(frag.len() < 2000, "{}", frag.len());
    }
}

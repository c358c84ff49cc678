//! The page's routes in the location's fragment: `#/rules`, `#/rules/<id or alias>`, `#/learn`,
//! `#/learn/<exercise>`. Anything else is the playground (an empty fragment, or a share link:
//! share links are base64url and never start with `/`, so the two never collide).

/// Which view the page shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Route {
    #[default]
    Playground,
    /// Every rule, searchable and filterable.
    Rules,
    /// One rule's page, by id or alias as written in the fragment.
    Rule(String),
    /// The course: every exercise.
    Learn,
    /// One exercise beside the editor.
    Exercise(String),
}

impl Route {
    /// The route a fragment (without the `#`) names.
    pub fn parse(fragment: &str) -> Route {
        let Some(path) = fragment.strip_prefix('/') else {
            return Route::Playground;
        };
        let mut parts = path.trim_end_matches('/').splitn(2, '/');
        let head = parts.next().unwrap_or("");
        let tail = parts.next().map(decode).filter(|t| !t.is_empty());
        match (head, tail) {
            ("rules", None) => Route::Rules,
            ("rules", Some(id)) => Route::Rule(id),
            ("learn", None) => Route::Learn,
            ("learn", Some(id)) => Route::Exercise(id),
            _ => Route::Playground,
        }
    }

    /// The fragment (with its `#`) that opens this route; the playground has none.
    pub fn href(&self) -> String {
        match self {
            Route::Playground => String::new(),
            Route::Rules => "#/rules".into(),
            Route::Rule(id) => format!("#/rules/{}", encode(id)),
            Route::Learn => "#/learn".into(),
            Route::Exercise(id) => format!("#/learn/{}", encode(id)),
        }
    }

    /// Whether the route is a page of its own (the editor is hidden).
    pub fn is_page(&self) -> bool {
        matches!(self, Route::Rules | Route::Rule(_) | Route::Learn)
    }
}

/// Rule ids and exercise ids are ASCII letters, digits, `-` and `_`; anything else is escaped.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b[i],
            b.get(i + 1).copied().and_then(hex),
            b.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::persist::looks_like_link;

    #[test]
    fn routes_parse_and_print() {
        for r in [
            Route::Rules,
            Route::Rule("DL3007".into()),
            Route::Rule("compose-service-dependencies-alphabetical-order".into()),
            Route::Learn,
            Route::Exercise("pin-the-base".into()),
        ] {
            assert_eq!(Route::parse(&r.href()[1..]), r);
        }
        assert_eq!(Route::parse("/rules/"), Route::Rules);
        assert_eq!(Route::parse("/rules/a%20b"), Route::Rule("a b".into()));
        assert_eq!(Route::parse("/elsewhere"), Route::Playground);
        assert_eq!(Route::parse(""), Route::Playground);
        assert_eq!(Route::href(&Route::Playground), "");
    }

    #[test]
    fn share_links_and_routes_never_collide() {
        let shared = shipshape_core::share::Shared {
            workspace: {
                let mut ws = shipshape_core::Workspace::new();
                ws.add("Dockerfile", "FROM alpine:3.20\n");
                ws
            },
            check: None,
            selection: None,
        };
        let frag = shipshape_core::share::encode(&shared);
        assert_eq!(Route::parse(&frag), Route::Playground);
        assert!(looks_like_link(&frag));
        // A long rule id must not read as a (damaged) link.
        let long = Route::Rule("compose-service-dependencies-alphabetical-order".into()).href();
        assert!(long.len() > 40);
        assert!(!looks_like_link(&long[1..]));
        assert!(!looks_like_link(&Route::Learn.href()[1..]));
    }
}

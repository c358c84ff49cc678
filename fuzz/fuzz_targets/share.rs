//! Share-link decoding. The first byte picks what the rest is: the fragment text itself, a packed
//! blob (version byte and deflate data, base64url-encoded here), or the JSON payload (packed here
//! the way links are). A decoded workspace is linted and must survive a round trip.
#![no_main]
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use libfuzzer_sys::fuzz_target;
use shipshape_core::share;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let fragment = match mode % 3 {
        0 => String::from_utf8_lossy(rest).into_owned(),
        1 => URL_SAFE_NO_PAD.encode(rest),
        _ => {
            let mut blob = vec![share::VERSION];
            blob.extend(miniz_oxide::deflate::compress_to_vec(rest, 1));
            URL_SAFE_NO_PAD.encode(blob)
        }
    };
    let Ok(shared) = share::decode(&fragment) else {
        return;
    };
    let again = share::decode(&share::encode(&shared)).expect("a decoded link re-encodes");
    assert_eq!(again, shared, "the round trip keeps the workspace");
    shipshape_fuzz::lint_checked(
        &shared.workspace,
        &shipshape_fuzz::config(mode >> 2),
        mode >> 3,
    );
});

#![no_main]
//! `tracker::url`: `TrackerUrl::parse` and everything that reads a parsed URL, plus the
//! `percent_decode` / `escape` / `redact_plain` helpers.
//!
//! Input: UTF-8 text; up to the first `\n` is the URL, what follows (or the whole input when
//! there is no `\n`) is a text passed to `scrub` as a tracker's echo would be.
//!
//! Redaction invariant (checked on `to_string()` and on every `scrub()` output):
//! `scrub_with` (src/tracker/url.rs) replaces each non-empty form of each secret — the secret as
//! written, its percent-decoding (lossy UTF-8) and libtorrent's escaping of that decoding — by
//! `REDACTED`, with `str::replace`. After `replace(form, "REDACTED")` no occurrence of `form` is
//! left, and a later replacement can only create one if the occurrence overlaps an inserted
//! `REDACTED`. So: **no form of a secret that contains none of the bytes `R E D A C T` occurs in
//! the output.** Forms that do contain one of those letters are not checked: `?key=E` gives
//! `?key=REDACTED`, which holds `E` by construction, so the stronger "no secret in the output"
//! is not true and is not asserted.
//!
//! The secrets are recomputed here from the URL by the rule the module documents
//! (`find_secrets`: user info; path segments and query values of >= 16 ASCII letters/digits;
//! values of the credential keys), so a secret the code failed to find would show up as well.

use libfuzzer_sys::fuzz_target;
use trackerctl::tracker::url::{self, ScrapeRule, Transport, TrackerUrl, REDACTED};

use url::{SECRET_KEYS, TOKEN_MIN_LEN};

fn looks_like_token(s: &str) -> bool {
    s.len() >= TOKEN_MIN_LEN && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn expected_secrets(raw: &str) -> Vec<String> {
    let mut secrets = Vec::new();
    let rest = raw.split_once("://").map_or(raw, |(_, r)| r);
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    if let Some((userinfo, _)) = rest[..authority_end].rsplit_once('@') {
        secrets.push(userinfo.to_string());
    }
    let path_and_query = &rest[authority_end..];
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    secrets.extend(path.split('/').filter(|s| looks_like_token(s)).map(str::to_string));
    for pair in query.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if !value.is_empty()
            && (SECRET_KEYS.contains(&key.to_ascii_lowercase().as_str())
                || looks_like_token(value))
        {
            secrets.push(value.to_string());
        }
    }
    secrets
}

fn forms(secret: &str) -> Vec<String> {
    let decoded = url::percent_decode(secret);
    vec![
        secret.to_string(),
        String::from_utf8_lossy(&decoded).into_owned(),
        url::escape(&decoded),
    ]
}

fn assert_redacted(what: &str, out: &str, secrets: &[String]) {
    for secret in secrets {
        for form in forms(secret) {
            if form.is_empty() || form.bytes().any(|b| b"REDACT".contains(&b)) {
                continue;
            }
            assert!(
                !out.contains(&form),
                "{what} {out:?} still holds the secret form {form:?} (of {secret:?})"
            );
        }
    }
}

fuzz_target!(|data: &[u8]| {
    // Helpers that take any bytes / text.
    let escaped = url::escape(data);
    assert!(
        escaped
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_!.~*()%".contains(&b)),
        "escape() let through a reserved byte"
    );
    assert_eq!(url::percent_decode(&escaped), data, "percent_decode(escape(x)) != x");

    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    assert!(url::percent_decode(text).len() <= text.len());
    let _ = url::redact_plain(text);

    let (url_text, echo) = match text.split_once('\n') {
        Some((u, rest)) => (u, rest),
        None => (text, text),
    };
    let Ok(u) = TrackerUrl::parse(url_text) else {
        return;
    };
    let raw = u.reveal().to_string();
    assert!(!raw.contains('#'), "fragment kept");

    let authority = u.authority();
    assert!(!authority.is_empty() || raw.contains('@'), "empty authority");
    assert!(!authority.contains(['/', '?', '@']), "authority {authority:?}");
    let pq = u.path_and_query();
    // A URL without a path or query sends the BEP 41 URL data "/", as qBittorrent 4.5.2 does.
    let after_authority = &raw[raw.find("://").map_or(0, |i| i + 3)..];
    if after_authority.contains(['/', '?']) {
        assert!(raw.ends_with(pq), "path_and_query is not a suffix");
    } else {
        assert_eq!(pq, "/", "a URL without a path");
    }
    if !pq.is_empty() {
        assert!(pq.starts_with(['/', '?']), "path_and_query {pq:?}");
    }

    for rule in [ScrapeRule::LastSegment, ScrapeRule::Anywhere] {
        if let Some(s) = u.scrape_url(rule) {
            assert_eq!(u.transport(), Transport::Http, "scrape URL for UDP");
            assert_eq!(s.len() + "announce".len(), raw.len() + "scrape".len());
            assert!(s.contains("scrape"));
        }
    }

    let secrets = expected_secrets(&raw);
    let shown = u.to_string();
    assert_redacted("to_string()", &shown, &secrets);
    let _ = format!("{u:?}");
    for t in [echo, raw.as_str(), url_text] {
        let scrubbed = u.scrub(t);
        assert_redacted("scrub()", &scrubbed, &secrets);
    }
    if secrets.is_empty() {
        assert_eq!(shown, raw, "a URL with no secrets changed when shown");
        assert!(!shown.contains(REDACTED) || raw.contains(REDACTED));
    }

    let open = u.clone().showing_secrets(true);
    assert_eq!(open.to_string(), raw, "--show-secrets does not show the URL as is");
    assert_eq!(open.scrub(echo), echo);
});

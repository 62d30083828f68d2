//! The URL work behind a download's redirects: resolving a `Location` against the URL it came
//! from (RFC 3986 §5.2), comparing origins, removing credentials, and a redacted form of a URL
//! for logs and errors.

/// How many redirects a download follows; API calls follow none.
///
/// Attachment URLs are temporary and may point at a storage service, so downloads follow up
/// to this many redirects (301, 302, 303, 307, 308). A redirect from `https` to plain `http`
/// is refused, and so is one to a URL the client's http(s) policy refuses; either is an
/// [`ErrorKind::Http`](crate::ErrorKind::Http) error with the redirect's status, and so is a
/// sixth redirect. The user information of a URL (`user:password@`, which the HTTP client
/// would send as an `Authorization` header) is dropped as soon as a redirect leaves its
/// scheme, host and port; no other credential is sent with a download. The final URL is
/// logged at DEBUG, redacted (user information and query values masked).
pub const MAX_REDIRECTS: usize = 5;

/// The statuses whose `Location` a download follows.
pub(crate) fn is_followed(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// An absolute `scheme://authority/path?query` split into its parts (the fragment dropped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Parts<'a> {
    scheme: &'a str,
    authority: &'a str,
    path: &'a str,
    query: Option<&'a str>,
}

fn split(url: &str) -> Option<Parts<'_>> {
    let (scheme, rest) = url.split_once("://")?;
    if !is_scheme(scheme) {
        return None;
    }
    Some(Parts {
        scheme,
        ..split_after_scheme(rest)
    })
}

/// `authority/path?query#fragment` split into its parts (the fragment dropped; the scheme
/// left empty).
fn split_after_scheme(rest: &str) -> Parts<'_> {
    let rest = rest.split('#').next().unwrap_or("");
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, rest) = rest.split_at(end);
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (rest, None),
    };
    Parts {
        scheme: "",
        authority,
        path,
        query,
    }
}

fn is_scheme(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `scheme://authority/path?query` (without `scheme://` for an empty scheme).
fn join(scheme: &str, authority: &str, path: &str, query: Option<&str>) -> String {
    let mut out = match scheme {
        "" => format!("{authority}{path}"),
        _ => format!("{scheme}://{authority}{path}"),
    };
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// Percent-encodes what may not stand in a URL as sent (spaces, controls, non-ASCII, and the
/// characters RFC 3986 excludes), leaving existing escapes alone.
fn encode(reference: &str) -> String {
    let mut out = String::with_capacity(reference.len());
    for b in reference.bytes() {
        if b <= 0x20 || b >= 0x7F || matches!(b, b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}') {
            out.push_str(&format!("%{b:02X}"));
        } else {
            out.push(b as char);
        }
    }
    out
}

/// RFC 3986 §5.2.4 on an absolute path.
fn remove_dots(path: &str) -> String {
    let segments: Vec<&str> = path.split('/').collect();
    let mut out: Vec<&str> = Vec::with_capacity(segments.len());
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *seg {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    let joined = out.join("/");
    if joined.starts_with('/') {
        joined
    } else {
        format!("/{joined}")
    }
}

/// The absolute URL a `Location` header names, resolved against `base` (the URL that answered
/// with it); `None` when either is not a usable absolute http(s)-style URL.
pub(crate) fn resolve(base: &str, location: &str) -> Option<String> {
    let b = split(base)?;
    let reference = encode(location.trim());
    let reference = reference.split('#').next().unwrap_or("");
    // A reference with its own scheme.
    if let Some(colon) = reference.find(':') {
        let head = &reference[..colon];
        if !head.contains(['/', '?']) && is_scheme(head) {
            let r = split(reference)?;
            if r.authority.is_empty() {
                return None;
            }
            return Some(join(r.scheme, r.authority, &remove_dots(r.path), r.query));
        }
    }
    if let Some(rest) = reference.strip_prefix("//") {
        let r = split(&format!("{}://{rest}", b.scheme))?.to_owned_url();
        return Some(r);
    }
    let (path, query) = match reference.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (reference, None),
    };
    if path.is_empty() {
        return Some(join(b.scheme, b.authority, b.path, query.or(b.query)));
    }
    let merged = if path.starts_with('/') {
        path.to_owned()
    } else {
        let dir = b.path.rfind('/').map_or("/", |i| &b.path[..=i]);
        format!("{dir}{path}")
    };
    Some(join(b.scheme, b.authority, &remove_dots(&merged), query))
}

impl Parts<'_> {
    fn to_owned_url(self) -> String {
        let path = if self.path.is_empty() {
            "/".to_owned()
        } else {
            remove_dots(self.path)
        };
        join(self.scheme, self.authority, &path, self.query)
    }
}

/// The authority without its user information (`user:pass@`).
fn host_port(authority: &str) -> &str {
    authority.rsplit_once('@').map_or(authority, |(_, h)| h)
}

/// Scheme, host and port (the default port filled in), lower-cased: two URLs with the same
/// origin reach the same server.
pub(crate) fn origin(url: &str) -> Option<(String, String, u16)> {
    let p = split(url)?;
    let scheme = p.scheme.to_ascii_lowercase();
    let hp = host_port(p.authority);
    let (host, port) = if let Some(v6) = hp.strip_prefix('[') {
        let (h, rest) = v6.split_once(']')?;
        (format!("[{h}]"), rest.strip_prefix(':'))
    } else {
        match hp.rsplit_once(':') {
            Some((h, p)) => (h.to_owned(), Some(p)),
            None => (hp.to_owned(), None),
        }
    };
    let port = match port.filter(|p| !p.is_empty()) {
        Some(p) => p.parse().ok()?,
        None => match scheme.as_str() {
            "http" => 80,
            "https" => 443,
            _ => 0,
        },
    };
    Some((scheme, host.to_ascii_lowercase(), port))
}

/// Whether the URL carries user information (`user:pass@host`), which the HTTP client would
/// send as an `Authorization` header.
pub(crate) fn has_userinfo(url: &str) -> bool {
    split(url).is_some_and(|p| p.authority.contains('@'))
}

/// The URL without its user information.
pub(crate) fn without_userinfo(url: &str) -> String {
    match split(url) {
        Some(p) => join(p.scheme, host_port(p.authority), p.path, p.query),
        None => url.to_owned(),
    }
}

/// A URL safe to log or to quote in an error: user information replaced by `***@`, every
/// query value by `***` (pre-signed storage URLs carry their signature there), the fragment
/// dropped. A text without a scheme (a relative or mistyped URL) is read as
/// `authority/path?query`, so `user:password@host` and `/x?sig=…` are masked too.
pub(crate) fn redact_url(url: &str) -> String {
    let p = split(url).unwrap_or_else(|| split_after_scheme(url));
    let authority = if p.authority.contains('@') {
        format!("***@{}", host_port(p.authority))
    } else {
        p.authority.to_owned()
    };
    let query = p.query.map(|q| {
        q.split('&')
            .map(|pair| match pair.split_once('=') {
                Some((k, _)) => format!("{k}=***"),
                None if pair.is_empty() => String::new(),
                None => "***".to_owned(),
            })
            .collect::<Vec<_>>()
            .join("&")
    });
    join(p.scheme, &authority, p.path, query.as_deref())
}

/// The query values of a URL, as written and percent-decoded: pre-signed storage URLs carry
/// their signature there, and an error page may quote it (masked like any secret).
pub(crate) fn query_values(url: &str) -> Vec<String> {
    let Some(query) = split(url).and_then(|p| p.query) else {
        return Vec::new();
    };
    let mut values: Vec<String> = query
        .split('&')
        .filter_map(|pair| pair.split_once('=').map(|(_, v)| v.to_owned()))
        .collect();
    values.extend(form_urlencoded::parse(query.as_bytes()).map(|(_, v)| v.into_owned()));
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_references_as_rfc_3986_does() {
        let base = "http://a/b/c/d;p?q";
        // RFC 3986 §5.4.1 (the normal examples that apply to http URLs).
        for (r, want) in [
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("//g", "http://g/"),
            ("?y", "http://a/b/c/d;p?y"),
            ("g?y", "http://a/b/c/g?y"),
            ("#s", "http://a/b/c/d;p?q"),
            ("g#s", "http://a/b/c/g"),
            ("", "http://a/b/c/d;p?q"),
            (".", "http://a/b/c/"),
            ("./", "http://a/b/c/"),
            ("..", "http://a/b/"),
            ("../", "http://a/b/"),
            ("../g", "http://a/b/g"),
            ("../..", "http://a/"),
            ("../../g", "http://a/g"),
            ("../../../g", "http://a/g"),
            ("/./g", "http://a/g"),
            ("https://other:8443/x/../y?z=1#f", "https://other:8443/y?z=1"),
            ("HTTP://Up/x", "HTTP://Up/x"),
            ("a b", "http://a/b/c/a%20b"),
            ("/é", "http://a/%C3%A9"),
        ] {
            assert_eq!(resolve(base, r).as_deref(), Some(want), "{r:?}");
        }
        assert_eq!(resolve(base, "mailto:x@y"), None);
        assert_eq!(resolve(base, "http://"), None);
        assert_eq!(resolve("not a url", "/x"), None);
        assert_eq!(
            resolve("https://u:p@h/a", "/b").as_deref(),
            Some("https://u:p@h/b"),
            "a same-host reference keeps the authority"
        );
    }

    #[test]
    fn origins_userinfo_and_redaction() {
        assert_eq!(
            origin("https://User:Pw@Example.COM/x"),
            Some(("https".into(), "example.com".into(), 443))
        );
        assert_eq!(origin("http://h:8080/"), Some(("http".into(), "h".into(), 8080)));
        assert_eq!(origin("http://[::1]:9/"), Some(("http".into(), "[::1]".into(), 9)));
        assert_eq!(origin("http://h/"), origin("http://h:80/x"));
        assert_ne!(origin("http://h/"), origin("https://h/"));
        assert!(has_userinfo("https://u:p@h/x"));
        assert!(!has_userinfo("https://h/x?a=b@c"));
        assert_eq!(without_userinfo("https://u:p@h:1/x?y"), "https://h:1/x?y");
        assert_eq!(
            redact_url("https://u:secret@h/x?sig=abc&id=7&flag"),
            "https://***@h/x?sig=***&id=***&***"
        );
        assert_eq!(
            query_values("https://h/x?a=b%2Fc&flag&d=e#f"),
            ["b%2Fc", "e", "b/c", "", "e"]
        );
        assert!(query_values("https://h/x").is_empty());
        assert_eq!(redact_url("nonsense"), "nonsense");
        assert_eq!(redact_url("u:secret@h/x?sig=abc#f"), "***@h/x?sig=***");
        assert_eq!(redact_url("/x?sig=abc&b"), "/x?sig=***&***");
        assert_eq!(redact_url("https://u:secret@"), "https://***@");
    }

    #[test]
    fn only_the_five_redirect_statuses_are_followed() {
        for s in [301, 302, 303, 307, 308] {
            assert!(is_followed(s), "{s}");
        }
        for s in [200, 300, 304, 305, 306, 309, 401] {
            assert!(!is_followed(s), "{s}");
        }
    }

    #[test]
    fn references_are_encoded_trimmed_and_split_as_sent() {
        // Everything up to and including the space, DEL and beyond, and RFC 3986's excluded
        // characters are escaped; existing escapes and the other printable characters stay.
        assert_eq!(encode("\u{1}\u{1f} !~\u{7f}"), "%01%1F%20!~%7F");
        assert_eq!(encode("\"<>\\^`{|}"), "%22%3C%3E%5C%5E%60%7B%7C%7D");
        assert_eq!(encode("a%20b/c?d=e&f#g"), "a%20b/c?d=e&f#g");
        let base = "https://a/b/c/d;p?q";
        for (r, want) in [
            ("  /g \t", "https://a/g"),
            ("?", "https://a/b/c/d;p?"),
            ("//g", "https://g/"),
            ("//g/x/../y?q#f", "https://g/y?q"),
            ("./g:h", "https://a/b/c/g:h"),
            ("?a:b", "https://a/b/c/d;p?a:b"),
            ("g;x=1/../h", "https://a/b/c/h"),
            ("/a/./b/../../../c/.", "https://a/c/"),
            ("/../g", "https://a/g"),
            ("/..//g", "https://a//g"), // §5.2.4: "/../" becomes "/", the empty segment stays
            ("a+b-c.d://h/x", "a+b-c.d://h/x"),
        ] {
            assert_eq!(resolve(base, r).as_deref(), Some(want), "{r:?}");
        }
        // A scheme must start with a letter and hold only letters, digits, `+`, `-`, `.`.
        assert_eq!(resolve(base, "1x://h/p").as_deref(), Some("https://a/b/c/1x://h/p"));
        assert_eq!(resolve(base, "a_b://h/p").as_deref(), Some("https://a/b/c/a_b://h/p"));
        assert_eq!(resolve(base, "g:h"), None);
        assert_eq!(resolve("1x://h/", "/p"), None);
        assert_eq!(resolve("://h/", "/p"), None);
        // A base without a path or with a fragment.
        assert_eq!(resolve("http://a", "g").as_deref(), Some("http://a/g"));
        assert_eq!(resolve("http://a?x", "").as_deref(), Some("http://a?x"));
        assert_eq!(resolve("http://a/p#f?no", "?y").as_deref(), Some("http://a/p?y"));
    }

    #[test]
    fn origins_fill_in_default_ports_and_refuse_bad_ones() {
        let o = |u: &str| origin(u).map(|(s, h, p)| format!("{s} {h} {p}"));
        assert_eq!(o("HTTP://H:/x").as_deref(), Some("http h 80"));
        assert_eq!(o("https://[::1]/").as_deref(), Some("https [::1] 443"));
        assert_eq!(o("ftp://h/").as_deref(), Some("ftp h 0"));
        assert_eq!(o("http://u@h:8#f").as_deref(), Some("http h 8"));
        assert_eq!(o("http://h:x/"), None);
        assert_eq!(o("http://[::1/"), None);
        assert_eq!(o("no url"), None);
        assert!(!has_userinfo("nonsense"));
        assert!(has_userinfo("http://@h/"));
        assert_eq!(without_userinfo("nonsense"), "nonsense");
        assert_eq!(without_userinfo("http://a@b@h/p"), "http://h/p");
        assert_eq!(redact_url("https://h/x"), "https://h/x");
        assert_eq!(redact_url("https://h/x?&a=&b"), "https://h/x?&a=***&***");
        assert_eq!(redact_url("https://a@b@h/?k=v=w#frag"), "https://***@h/?k=***");
    }
}

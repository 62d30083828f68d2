//! Masking secrets in texts that came from the network (error pages, faults, echoed values).
//!
//! Only error paths call into this module: a successful call never collects or masks anything.

use crate::client::Client;

/// Parameter names whose values are secrets when the operation table does not say (operations
/// called by name that the table does not know); compared case-insensitively. The table's own
/// `secret` flags cover exactly these names (checked by a unit test of `ops`).
pub(crate) const SECRET_NAMES: [&str; 4] = ["apikey", "password", "ticket", "token"];

/// Whether a parameter of this name carries a secret (case-insensitive).
pub(crate) fn is_secret_name(name: &str) -> bool {
    SECRET_NAMES.iter().any(|s| s.eq_ignore_ascii_case(name))
}

impl Client {
    /// Masks every secret the client knows (credentials, the current session token, the proxy
    /// URL) and `extra` (the secret values of the request at hand) in `text`.
    pub(crate) fn redact(&self, text: &str, extra: &[&str]) -> String {
        let mut secrets: Vec<&str> = Vec::with_capacity(4 + extra.len());
        let config = self.config();
        if let Some(c) = &config.credentials {
            secrets.extend(c.secrets());
        }
        let token = self.current_token_value();
        if let Some(t) = &token {
            secrets.push(t.expose());
        }
        if let Some(p) = &config.proxy {
            secrets.push(p.expose());
        }
        secrets.extend_from_slice(extra);
        redact_secrets(text, &secrets)
    }
}

/// Masks every secret in `text`: verbatim, HTML-encoded (as ASP.NET writes messages) and
/// percent-encoded, and the quoted value after a secret parameter's name (ASP.NET's request
/// validation message echoes a shortened value: `(password="…")`).
pub(crate) fn redact_secrets(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_owned();
    for s in secrets.iter().filter(|s| s.len() >= 3) {
        let html = s
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;");
        let percent: String = form_urlencoded::byte_serialize(s.as_bytes()).collect();
        for form in [*s, html.as_str(), percent.as_str()] {
            if out.contains(form) {
                out = out.replace(form, "***");
            }
        }
    }
    for name in SECRET_NAMES {
        for (open, close) in [("=\"", "\")"), ("=&quot;", "&quot;)")] {
            let needle = format!("{name}{open}");
            let mut from = 0;
            loop {
                let lower = out.to_ascii_lowercase();
                let Some(pos) = lower[from..].find(&needle).map(|p| p + from) else {
                    break;
                };
                let start = pos + needle.len();
                let end = out[start..].find(close).map(|e| start + e).unwrap_or(out.len());
                out.replace_range(start..end, "***");
                from = start + 3;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_covers_encodings_and_echoed_prefixes() {
        let secrets = ["Pw<x'1 \"long-secret-value"];
        let cases = [
            "raw Pw<x'1 \"long-secret-value end",
            "html Pw&lt;x&#39;1 &quot;long-secret-value end",
            "pct Pw%3Cx%271+%22long-secret-value end",
            "A potentially dangerous Request.Form value was detected from the client (password=\"Pw<x'1 \"long-secr...\").",
            "(PASSWORD=&quot;Pw&lt;x&#39;1 &quot;long-s&quot;)",
        ];
        for c in cases {
            let r = redact_secrets(c, &secrets);
            assert!(!r.contains("Pw") && !r.contains("long-s"), "{c} -> {r}");
        }
        assert_eq!(redact_secrets("(token=\"abc\") x", &[]), "(token=\"***\") x");
        assert_eq!(redact_secrets("(Ticket=\"abc\") x", &[]), "(Ticket=\"***\") x");
    }

    #[test]
    fn secret_names_are_case_insensitive() {
        for n in ["apikey", "APIKEY", "Password", "ticket", "Token"] {
            assert!(is_secret_name(n), "{n}");
        }
        for n in ["username", "callId", "tokens", ""] {
            assert!(!is_secret_name(n), "{n}");
        }
    }
}

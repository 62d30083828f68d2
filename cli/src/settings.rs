//! Where the tool's settings come from: the environment and an optional config file, never the
//! command line for anything secret.
//!
//! The config file is plain `key = value` lines (`#` starts a comment line, values may be
//! wrapped in double quotes). Its default location is `$IDILIGO_CONFIG`, else
//! `$XDG_CONFIG_HOME/idiligo/config`, else `~/.config/idiligo/config` (on Windows
//! `%APPDATA%\idiligo\config`). On Unix a file that its group or others may read or write is
//! refused, as ssh refuses such a private key: `chmod 600` it.
//!
//! For every key the environment wins over the file: `IDILIGO_<KEY>` in upper case
//! (`IDILIGO_APIKEY`, `IDILIGO_BASE_URL` …).

use std::path::{Path, PathBuf};
use std::time::Duration;

use idiligo::{Binding, ClientBuilder, Credentials, Error, Token};

const OP: &str = "configuration";

/// Every key a config file may hold (the environment variable is `IDILIGO_` + upper case).
pub const KEYS: &[(&str, &str)] = &[
    ("apikey", "the account's API key (secret)"),
    ("username", "the user name"),
    ("password", "the user's password (secret; Login)"),
    (
        "ticket",
        "an authorization ticket instead of the password (secret; Impersonate)",
    ),
    ("token", "a session token obtained elsewhere (secret)"),
    ("base_url", "the service's base URL (default https://app.idiligo.com)"),
    (
        "participant_base_url",
        "base of participant links (default: the base URL)",
    ),
    ("binding", "post (default) or get"),
    (
        "proxy",
        "proxy URL, http://[user:pass@]host:port or socks5://... (secret)",
    ),
    ("ca_file", "a PEM file of extra CA certificates to trust"),
    ("connect_timeout", "seconds (default 10)"),
    (
        "request_timeout",
        "seconds without progress before a call fails (default 60)",
    ),
    (
        "stall_timeout",
        "seconds without a byte before a download fails (default 60)",
    ),
];

/// Settings read from the environment and the config file.
#[derive(Default)]
pub struct Settings {
    values: Vec<(String, String)>,
    /// The config file that was read, if any.
    pub file: Option<PathBuf>,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let keys: Vec<&str> = self.values.iter().map(|(k, _)| k.as_str()).collect();
        f.debug_struct("Settings")
            .field("keys", &keys)
            .field("file", &self.file)
            .finish()
    }
}

fn invalid(message: impl Into<String>) -> Error {
    Error::InvalidArgument {
        operation: OP,
        message: message.into(),
    }
}

/// The default config file location (which need not exist).
pub fn default_path(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    if let Some(p) = env("IDILIGO_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    if cfg!(windows) {
        return env("APPDATA").map(|a| Path::new(&a).join("idiligo").join("config"));
    }
    if let Some(x) = env("XDG_CONFIG_HOME").filter(|p| !p.is_empty()) {
        return Some(Path::new(&x).join("idiligo").join("config"));
    }
    env("HOME").map(|h| Path::new(&h).join(".config").join("idiligo").join("config"))
}

/// Refuses a file its group or others may access (Unix).
#[cfg(unix)]
fn check_permissions(path: &Path, meta: &std::fs::Metadata) -> Result<(), Error> {
    use std::os::unix::fs::PermissionsExt;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(invalid(format!(
            "the config file {} may be read or written by other users (permissions {mode:04o}); \
             it holds secrets, so it is ignored. Run: chmod 600 {}",
            path.display(),
            path.display()
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_permissions(_path: &Path, _meta: &std::fs::Metadata) -> Result<(), Error> {
    Ok(())
}

/// Parses a config file's text; errors name the line, never its value.
pub fn parse(text: &str, path: &Path) -> Result<Vec<(String, String)>, Error> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let at = || format!("{} line {}", path.display(), n + 1);
        let Some((key, value)) = line.split_once('=') else {
            return Err(invalid(format!("{}: expected key = value", at())));
        };
        let key = key.trim().to_ascii_lowercase();
        if !KEYS.iter().any(|(k, _)| *k == key) {
            let known: Vec<&str> = KEYS.iter().map(|(k, _)| *k).collect();
            return Err(invalid(format!(
                "{}: unknown key {:?} (known: {})",
                at(),
                key.chars().take(40).collect::<String>(),
                known.join(", ")
            )));
        }
        let mut value = value.trim();
        if value.len() >= 2 && value.starts_with('"') && value.ends_with('"') {
            value = &value[1..value.len() - 1];
        }
        if out.iter().any(|(k, _)| *k == key) {
            return Err(invalid(format!("{}: {key} is set twice", at())));
        }
        out.push((key, value.to_owned()));
    }
    Ok(out)
}

impl Settings {
    /// Reads the environment (through `env`) and the config file: `explicit` (from `--config`)
    /// or the default location. An explicit file, or one named by `IDILIGO_CONFIG`, must exist;
    /// the default one may be absent.
    pub fn load(explicit: Option<&Path>, env: &dyn Fn(&str) -> Option<String>) -> Result<Settings, Error> {
        let named = explicit
            .map(Path::to_path_buf)
            .or_else(|| env("IDILIGO_CONFIG").filter(|p| !p.is_empty()).map(PathBuf::from));
        let path = named.clone().or_else(|| default_path(env));
        let mut settings = Settings::default();
        if let Some(path) = path {
            match std::fs::metadata(&path) {
                Ok(meta) => {
                    if !meta.is_file() {
                        return Err(invalid(format!("the config file {} is not a file", path.display())));
                    }
                    check_permissions(&path, &meta)?;
                    let text = std::fs::read_to_string(&path).map_err(|e| Error::Io {
                        operation: OP,
                        context: format!("reading the config file {}", path.display()),
                        path: Some(path.clone()),
                        source: e,
                    })?;
                    settings.values = parse(&text, &path)?;
                    settings.file = Some(path);
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && named.is_none() => {}
                Err(e) => {
                    return Err(Error::Io {
                        operation: OP,
                        context: format!("reading the config file {}", path.display()),
                        path: Some(path.clone()),
                        source: e,
                    })
                }
            }
        }
        for (key, _) in KEYS {
            if let Some(v) = env(&format!("IDILIGO_{}", key.to_ascii_uppercase())) {
                settings.values.retain(|(k, _)| k != key);
                settings.values.push(((*key).to_owned(), v));
            }
        }
        Ok(settings)
    }

    /// The value of a key (environment over file); empty values count as unset.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.trim().is_empty())
    }

    /// Sets a key (from a non-secret command-line option such as `--base-url`).
    pub fn set(&mut self, key: &str, value: String) {
        self.values.retain(|(k, _)| k != key);
        self.values.push((key.to_owned(), value));
    }

    /// The credentials: API key, user name and either the password or the ticket; or a token
    /// alone. `None` when nothing is set; an error for a partial or ambiguous set.
    pub fn credentials(&self) -> Result<(Option<Credentials>, Option<Token>), Error> {
        let token = self.get("token").map(Token::new);
        let (apikey, username) = (self.get("apikey"), self.get("username"));
        let (password, ticket) = (self.get("password"), self.get("ticket"));
        if password.is_some() && ticket.is_some() {
            return Err(invalid(
                "both a password and a ticket are set (IDILIGO_PASSWORD, IDILIGO_TICKET or the config file); keep one",
            ));
        }
        let secret = password.or(ticket);
        let credentials = match (apikey, username, secret) {
            (None, None, None) => None,
            (Some(a), Some(u), Some(s)) => Some(if password.is_some() {
                Credentials::password(a, u, s)
            } else {
                Credentials::ticket(a, u, s)
            }),
            _ => {
                let mut missing = Vec::new();
                if apikey.is_none() {
                    missing.push("apikey (IDILIGO_APIKEY)");
                }
                if username.is_none() {
                    missing.push("username (IDILIGO_USERNAME)");
                }
                if secret.is_none() {
                    missing.push("password or ticket (IDILIGO_PASSWORD, IDILIGO_TICKET)");
                }
                return Err(invalid(format!(
                    "incomplete credentials: missing {}",
                    missing.join(", ")
                )));
            }
        };
        Ok((credentials, token))
    }

    fn seconds(&self, key: &'static str) -> Result<Option<Duration>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => {
                let secs: f64 = v
                    .trim()
                    .parse()
                    .map_err(|_| invalid(format!("{key}: {v:?} is not a number of seconds")))?;
                idiligo::duration_from_secs(key, secs).map(Some)
            }
        }
    }

    /// A client builder with every connection setting (base URL, binding, proxy, CA files,
    /// timeouts), without credentials.
    pub fn connection(&self) -> Result<ClientBuilder, Error> {
        let mut b = idiligo::Client::builder();
        if let Some(u) = self.get("base_url") {
            b = b.base_url(u);
        }
        if let Some(u) = self.get("participant_base_url") {
            b = b.participant_base_url(u);
        }
        match self.get("binding").map(str::to_ascii_lowercase).as_deref() {
            None | Some("post") => {}
            Some("get") => b = b.binding(Binding::Get),
            Some(other) => return Err(invalid(format!("binding: {other:?} is neither post nor get"))),
        }
        if let Some(p) = self.get("proxy") {
            b = b.proxy(p);
        }
        if let Some(f) = self.get("ca_file") {
            b = b.add_ca_file(f);
        }
        if let Some(d) = self.seconds("connect_timeout")? {
            b = b.connect_timeout(d);
        }
        if let Some(d) = self.seconds("request_timeout")? {
            b = b.request_timeout(d);
        }
        if let Some(d) = self.seconds("stall_timeout")? {
            b = b.stall_timeout(d);
        }
        Ok(b)
    }

    /// A client builder with the connection settings and the credentials; an error when there
    /// are no credentials at all.
    pub fn client(&self) -> Result<ClientBuilder, Error> {
        let mut b = self.connection()?;
        let (credentials, token) = self.credentials()?;
        if credentials.is_none() && token.is_none() {
            let file = match &self.file {
                Some(f) => format!("the config file {}", f.display()),
                None => "a config file (see idiligo --help)".to_owned(),
            };
            return Err(invalid(format!(
                "no credentials: set IDILIGO_APIKEY, IDILIGO_USERNAME and IDILIGO_PASSWORD (or IDILIGO_TICKET), \
                 or IDILIGO_TOKEN, or write them to {file}"
            )));
        }
        if let Some(c) = credentials {
            b = b.credentials(c);
        }
        if let Some(t) = token {
            b = b.token(t);
        }
        Ok(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |k| map.get(k).cloned()
    }

    fn write(dir: &Path, text: &str, mode: u32) -> PathBuf {
        let p = dir.join("config");
        std::fs::write(&p, text).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
        }
        let _ = mode;
        p
    }

    #[test]
    fn the_file_and_the_environment_combine_environment_first() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "# a comment\napikey = FILE-KEY-CANARY\nusername=\"agent@x\"\npassword = FILE-PW-CANARY\nbase_url = http://127.0.0.1:1\n",
            0o600,
        );
        let env = env_of(&[("IDILIGO_BASE_URL", "http://127.0.0.1:2")]);
        let s = Settings::load(Some(&p), &env).unwrap();
        assert_eq!(s.get("username"), Some("agent@x"));
        assert_eq!(s.get("base_url"), Some("http://127.0.0.1:2"));
        let (c, t) = s.credentials().unwrap();
        assert!(matches!(c, Some(Credentials::Password { .. })) && t.is_none());
        let debug = format!("{s:?} {:?}", s.client().unwrap());
        assert!(!debug.contains("CANARY"), "{debug}");
    }

    #[test]
    #[cfg(unix)]
    fn a_file_others_can_read_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        for mode in [0o644, 0o640, 0o604, 0o660, 0o602] {
            let p = write(dir.path(), "password = SECRET-CANARY\n", mode);
            let e = Settings::load(Some(&p), &env_of(&[])).unwrap_err();
            let m = e.to_string();
            assert!(m.contains("chmod 600") && m.contains(&format!("{mode:04o}")), "{m}");
            assert!(!m.contains("SECRET-CANARY"), "{m}");
        }
        let p = write(dir.path(), "password = x\n", 0o400);
        assert!(Settings::load(Some(&p), &env_of(&[])).is_ok());
    }

    #[test]
    fn bad_files_name_the_line_not_the_value() {
        let dir = tempfile::tempdir().unwrap();
        for (text, says) in [
            ("apikey SECRET-CANARY\n", "line 1: expected key = value"),
            ("\npasword = SECRET-CANARY\n", "line 2: unknown key \"pasword\""),
            (
                "token = SECRET-CANARY\ntoken = SECRET-CANARY\n",
                "line 2: token is set twice",
            ),
        ] {
            let p = write(dir.path(), text, 0o600);
            let m = Settings::load(Some(&p), &env_of(&[])).unwrap_err().to_string();
            assert!(m.contains(says), "{m}");
            assert!(!m.contains("SECRET-CANARY"), "{m}");
        }
        // A named file must exist; the default one need not.
        let missing = dir.path().join("nope");
        assert!(Settings::load(Some(&missing), &env_of(&[])).is_err());
        let env = env_of(&[("HOME", dir.path().join("home").to_str().unwrap())]);
        assert!(Settings::load(None, &env).unwrap().file.is_none());
    }

    #[test]
    fn credentials_must_be_complete_and_unambiguous() {
        let s = |pairs: &[(&str, &str)]| Settings::load(None, &env_of(pairs)).unwrap();
        assert!(s(&[]).credentials().unwrap().0.is_none());
        assert!(s(&[]).client().unwrap_err().to_string().contains("no credentials"));
        let m = s(&[("IDILIGO_APIKEY", "k")]).credentials().unwrap_err().to_string();
        assert!(m.contains("username") && m.contains("password or ticket"), "{m}");
        let both = s(&[
            ("IDILIGO_APIKEY", "k"),
            ("IDILIGO_USERNAME", "u"),
            ("IDILIGO_PASSWORD", "p"),
            ("IDILIGO_TICKET", "t"),
        ]);
        assert!(both.credentials().is_err());
        let ticket = s(&[
            ("IDILIGO_APIKEY", "k"),
            ("IDILIGO_USERNAME", "u"),
            ("IDILIGO_TICKET", "t"),
        ]);
        assert!(matches!(
            ticket.credentials().unwrap().0,
            Some(Credentials::Ticket { .. })
        ));
        assert!(s(&[("IDILIGO_TOKEN", "t")]).client().is_ok());
        assert!(s(&[("IDILIGO_BINDING", "soap")]).connection().is_err());
        assert!(s(&[("IDILIGO_REQUEST_TIMEOUT", "abc")]).connection().is_err());
        assert!(s(&[("IDILIGO_REQUEST_TIMEOUT", "1.5")]).connection().is_ok());
    }
}

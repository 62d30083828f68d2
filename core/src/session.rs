//! The login session: the token, lazy login, renewal before expiry, one re-login when the
//! service rejects the token, and one shared login for concurrent callers.
//!
//! **One login in flight.** When a caller needs a token and none is fresh, it starts a login
//! unless one is already under way; then it waits for that one and shares its outcome. A
//! failed login fails every caller that waited for it (each gets an equivalent error), at
//! once: waiters do not queue up to try again one after the other. The next caller after
//! that starts a new login.

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::cancel::SLICE;
use crate::client::Client;
use crate::config::Credentials;
use crate::error::{Error, Result};
use crate::exchange::{Reply, Request, Value};
use crate::ids::Token;
use crate::ops::Op;
use crate::transport;

/// How many replaced tokens stay in the redaction set, and for how long: a server may still
/// echo the token a call was made with after a re-login replaced it.
const RETIRED_MAX: usize = 4;
const RETIRED_FOR: Duration = Duration::from_secs(3600);

/// The session state shared by all clones of a client.
pub(crate) struct Session {
    state: Mutex<State>,
    /// Notified when a login flight ends.
    landed: Condvar,
}

type Outcome = std::result::Result<(Arc<Token>, u64), Error>;

struct State {
    /// Shared, so a call takes the token without copying it.
    token: Option<Arc<Token>>,
    obtained: Option<Instant>,
    generation: u64,
    /// Tokens replaced or rejected recently (for redaction), oldest first.
    retired: VecDeque<(Arc<Token>, Instant)>,
    /// The number of the login in flight.
    flying: Option<u64>,
    /// The number of the last login that ended, and its outcome.
    landed: Option<(u64, Arc<Outcome>)>,
    flights: u64,
}

impl State {
    fn retire(&mut self, token: Arc<Token>) {
        let now = Instant::now();
        self.retired
            .retain(|(t, at)| now.duration_since(*at) < RETIRED_FOR && t.expose() != token.expose());
        self.retired.push_back((token, now));
        while self.retired.len() > RETIRED_MAX {
            self.retired.pop_front();
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Session {
    /// A session starting with `token` (a token obtained elsewhere), or with none.
    pub(crate) fn new(token: Option<Token>) -> Session {
        Session {
            state: Mutex::new(State {
                obtained: token.as_ref().map(|_| Instant::now()),
                token: token.map(Arc::new),
                generation: 0,
                retired: VecDeque::new(),
                flying: None,
                landed: None,
                flights: 0,
            }),
            landed: Condvar::new(),
        }
    }

    fn store(&self, token: Token) -> (Arc<Token>, u64) {
        let token = Arc::new(token);
        let mut s = lock(&self.state);
        if let Some(old) = s.token.replace(token.clone()) {
            if old.expose() != token.expose() {
                s.retire(old);
            }
        }
        s.obtained = Some(Instant::now());
        s.generation += 1;
        (token, s.generation)
    }
}

/// Ends a login flight when dropped, even by a panic (then with an error), so waiters never
/// wait for a login that will not land.
struct Flight<'a> {
    session: &'a Session,
    id: u64,
    outcome: Option<Outcome>,
}

impl Drop for Flight<'_> {
    fn drop(&mut self) {
        let outcome = self.outcome.take().unwrap_or_else(|| {
            Err(Error::Auth {
                operation: Op::Login.name(),
                message: "the login was abandoned (a panic in the thread running it)".into(),
                status: None,
            })
        });
        let mut s = lock(&self.session.state);
        if s.flying == Some(self.id) {
            s.flying = None;
        }
        s.landed = Some((self.id, Arc::new(outcome)));
        drop(s);
        self.session.landed.notify_all();
    }
}

impl Client {
    /// Every token the session knows (current and recently replaced), for redaction.
    pub(crate) fn known_tokens(&self) -> Vec<Arc<Token>> {
        let s = lock(&self.session().state);
        let now = Instant::now();
        s.token
            .iter()
            .cloned()
            .chain(
                s.retired
                    .iter()
                    .filter(|(_, at)| now.duration_since(*at) < RETIRED_FOR)
                    .map(|(t, _)| t.clone()),
            )
            .collect()
    }

    /// The token if there is one that is not about to expire (with its generation).
    fn fresh(&self, s: &State) -> Option<(Arc<Token>, u64)> {
        let token = s.token.as_ref()?;
        let config = self.config();
        // Without credentials a supplied token is used until the service rejects it.
        if config.credentials.is_some() {
            let lifetime = config.token_lifetime;
            let margin = (lifetime / 10).min(Duration::from_secs(300));
            let age = s.obtained.map(|o| o.elapsed()).unwrap_or(Duration::MAX);
            if age.saturating_add(margin) >= lifetime {
                return None;
            }
        }
        Some((token.clone(), s.generation))
    }

    /// Forgets the token of `generation` (a later login's token stays).
    fn invalidate(&self, generation: u64) {
        let mut s = lock(&self.session().state);
        if s.generation == generation {
            if let Some(old) = s.token.take() {
                s.retire(old);
            }
        }
    }

    /// The current session token, logging in first if there is none or it is about to expire.
    /// Concurrent callers share one login, and its failure.
    pub fn session_token(&self) -> Result<Token> {
        self.current_token(Op::Login.name()).map(|(t, _)| Token::clone(&t))
    }

    fn current_token(&self, op: &'static str) -> Result<(Arc<Token>, u64)> {
        self.shared_login(op, false)
    }

    /// A fresh token (unless `force`), the outcome of the login in flight, or the outcome of
    /// a login this caller starts.
    fn shared_login(&self, op: &'static str, force: bool) -> Result<(Arc<Token>, u64)> {
        let session = self.session();
        let mut s = lock(&session.state);
        let mut forced = force;
        loop {
            if !forced {
                if let Some(t) = self.fresh(&s) {
                    return Ok(t);
                }
            }
            let Some(id) = s.flying else { break };
            // Wait for the login in flight and share its outcome.
            while s.flying == Some(id) {
                if self.cancelled() {
                    return Err(Error::Cancelled {
                        operation: Op::Login.name(),
                        sent: false,
                    });
                }
                s = if self.cancel_token().is_some() {
                    session
                        .landed
                        .wait_timeout(s, SLICE)
                        .unwrap_or_else(|p| p.into_inner())
                        .0
                } else {
                    session.landed.wait(s).unwrap_or_else(|p| p.into_inner())
                };
            }
            match &s.landed {
                Some((landed, outcome)) if *landed == id => {
                    return match &**outcome {
                        Ok(t) => Ok(t.clone()),
                        Err(e) => Err(e.duplicate()),
                    };
                }
                // A later login has landed since; look again.
                _ => forced = false,
            }
        }
        let Some(creds) = self.config().credentials.clone() else {
            return Err(Error::Auth {
                operation: op,
                message: "no valid token and no credentials to log in with".into(),
                status: None,
            });
        };
        s.flights += 1;
        let id = s.flights;
        s.flying = Some(id);
        drop(s);
        let mut flight = Flight {
            session,
            id,
            outcome: None,
        };
        let result = self.login_with(&creds).map(|token| {
            log::info!(
                "{}: logged in as {}",
                match creds {
                    Credentials::Password { .. } => Op::Login.name(),
                    Credentials::Ticket { .. } => Op::Impersonate.name(),
                },
                creds.username()
            );
            session.store(token)
        });
        flight.outcome = Some(match &result {
            Ok(t) => Ok(t.clone()),
            Err(e) => Err(e.duplicate()),
        });
        drop(flight);
        result
    }

    /// Logs in now with the configured credentials (Login or Impersonate), replacing the
    /// session token, and returns the new token. A login already in flight is joined instead
    /// of starting a second one.
    pub fn login(&self) -> Result<Token> {
        if self.config().credentials.is_none() {
            return Err(Error::invalid(Op::Login.name(), "the client has no credentials"));
        }
        self.shared_login(Op::Login.name(), true).map(|(t, _)| Token::clone(&t))
    }

    /// Replaces the session token with one obtained elsewhere.
    pub fn set_token(&self, token: Token) {
        self.session().store(token);
    }

    fn login_with(&self, creds: &Credentials) -> Result<Token> {
        match creds {
            Credentials::Password {
                apikey,
                username,
                password,
            } => self.login_password(apikey.expose(), username, password.expose()),
            Credentials::Ticket {
                apikey,
                username,
                ticket,
            } => self.impersonate(apikey.expose(), username, ticket.expose()),
        }
    }

    /// Runs a token-minting operation (`Login`, `Impersonate`): a service error is an
    /// authentication failure, and the answer must be a non-empty token.
    pub(crate) fn token_op(&self, op: Op, values: &[Value<'_>]) -> Result<Token> {
        let reply = self.invoke(op, values).map_err(|e| match e {
            Error::Service {
                operation,
                status,
                message,
                ..
            } => Error::Auth {
                operation,
                message,
                status: Some(status),
            },
            other => other,
        })?;
        match self.scalar(op.name(), reply, &["string"])? {
            Some(t) if !t.trim().is_empty() => Ok(Token::new(t.trim())),
            _ => Err(Error::Auth {
                operation: op.name(),
                message: "the service returned no token".into(),
                status: Some(200),
            }),
        }
    }

    /// Runs a request with the session token: logs in first if needed, and on a token
    /// rejection logs in again once and repeats the call once (the rejected attempt did
    /// nothing, so this holds for operations that create something too).
    pub(crate) fn authed(&self, req: &Request<'_>) -> Result<Reply> {
        let op = req.name;
        let (token, generation) = self.current_token(op)?;
        match self.exchange(req, Some(token.expose())) {
            Err(Error::Service { message, status, .. }) if transport::is_token_rejection(&message) => {
                if self.config().credentials.is_none() {
                    return Err(Error::Auth {
                        operation: op,
                        message,
                        status: Some(status),
                    });
                }
                log::info!("{op}: token rejected ({message}); logging in again");
                self.invalidate(generation);
                let (token, _) = self.current_token(op)?;
                self.exchange(req, Some(token.expose())).map_err(|e| match e {
                    Error::Service { message, status, .. } if transport::is_token_rejection(&message) => Error::Auth {
                        operation: op,
                        message,
                        status: Some(status),
                    },
                    other => other,
                })
            }
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn retired(s: &Session) -> Vec<String> {
        lock(&s.state)
            .retired
            .iter()
            .map(|(t, _)| t.expose().to_owned())
            .collect()
    }

    #[test]
    fn replaced_tokens_are_kept_for_redaction_newest_four_once_each() {
        let session = Session::new(Some(Token::new("fake-t0")));
        assert!(retired(&session).is_empty());
        session.store(Token::new("fake-t1"));
        assert_eq!(retired(&session), ["fake-t0"]);
        // Storing the same token again retires nothing.
        session.store(Token::new("fake-t1"));
        assert_eq!(retired(&session), ["fake-t0"]);
        // A token retired twice is kept once, as the newest.
        lock(&session.state).retire(Arc::new(Token::new("fake-t0")));
        assert_eq!(retired(&session), ["fake-t0"]);
        for n in 2..=6 {
            session.store(Token::new(format!("fake-t{n}")));
        }
        // At most four, the newest.
        assert_eq!(retired(&session), ["fake-t2", "fake-t3", "fake-t4", "fake-t5"]);
    }

    #[test]
    fn retired_tokens_are_forgotten_after_an_hour() {
        let session = Session::new(None);
        let Some(long_ago) = Instant::now().checked_sub(RETIRED_FOR + Duration::from_secs(1)) else {
            return; // a clock this young cannot hold an entry an hour old
        };
        lock(&session.state)
            .retired
            .push_back((Arc::new(Token::new("fake-old")), long_ago));
        lock(&session.state).retire(Arc::new(Token::new("fake-new")));
        assert_eq!(retired(&session), ["fake-new"]);
    }

    #[test]
    fn a_stale_rejection_keeps_the_token_a_later_login_stored() {
        let client = crate::Client::builder()
            .base_url("http://127.0.0.1:9")
            .token(Token::new("fake-a"))
            .build()
            .unwrap();
        let (_, older) = client.session().store(Token::new("fake-b"));
        let (_, newer) = client.session().store(Token::new("fake-c"));
        assert!(newer > older);
        // A call made with the older token was rejected: the newer one stays.
        client.invalidate(older);
        assert_eq!(client.session_token().unwrap().expose(), "fake-c");
        // The current token rejected: it is gone (and, without credentials, so is the session).
        client.invalidate(newer);
        assert_eq!(client.session_token().unwrap_err().kind(), crate::ErrorKind::Auth);
        assert!(client.known_tokens().iter().any(|t| t.expose() == "fake-c"));
    }

    #[test]
    fn known_tokens_are_the_current_one_and_those_retired_within_the_hour() {
        let client = crate::Client::builder()
            .base_url("http://127.0.0.1:9")
            .token(Token::new("fake-a"))
            .build()
            .unwrap();
        let known = |c: &Client| {
            c.known_tokens()
                .iter()
                .map(|t| t.expose().to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(known(&client), ["fake-a"]);
        client.set_token(Token::new("fake-b"));
        assert_eq!(known(&client), ["fake-b", "fake-a"]);
        if let Some(long_ago) = Instant::now().checked_sub(RETIRED_FOR + Duration::from_secs(1)) {
            lock(&client.session().state).retired[0].1 = long_ago;
            assert_eq!(known(&client), ["fake-b"]);
        }
    }

    #[test]
    fn a_token_is_reused_until_a_tenth_of_its_lifetime_is_left() {
        let client = |lifetime| {
            crate::Client::builder()
                .base_url("http://127.0.0.1:9")
                .credentials(crate::Credentials::password(
                    "fake-apikey",
                    "fake-user",
                    "fake-password",
                ))
                .token(Token::new("fake-a"))
                .token_lifetime(lifetime)
                .build()
                .unwrap()
        };
        let aged = |c: &Client, age: Duration| {
            let mut s = lock(&c.session().state);
            s.obtained = Instant::now().checked_sub(age);
            c.fresh(&s).map(|(t, _)| t.expose().to_owned())
        };
        let minute = client(Duration::from_secs(60));
        assert_eq!(aged(&minute, Duration::ZERO).as_deref(), Some("fake-a"));
        assert_eq!(aged(&minute, Duration::from_secs(50)).as_deref(), Some("fake-a"));
        assert_eq!(aged(&minute, Duration::from_secs(55)), None, "within the last tenth");
        // The margin is at most five minutes (checked where the clock is old enough).
        if Instant::now().checked_sub(Duration::from_secs(3_400)).is_some() {
            let hour = client(Duration::from_secs(3_600));
            assert_eq!(aged(&hour, Duration::from_secs(3_200)).as_deref(), Some("fake-a"));
            assert_eq!(aged(&hour, Duration::from_secs(3_400)), None);
        }
    }
}

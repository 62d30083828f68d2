//! The login session: the token, lazy login, renewal before expiry, one re-login when the
//! service rejects the token, and one shared login for concurrent callers.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::client::Client;
use crate::config::Credentials;
use crate::error::{Error, Result};
use crate::exchange::{Reply, Request, Value};
use crate::ids::Token;
use crate::ops::Op;
use crate::transport;

/// The session state shared by all clones of a client.
pub(crate) struct Session {
    state: Mutex<State>,
    /// Held while logging in, so concurrent callers wait for one login.
    login_lock: Mutex<()>,
}

struct State {
    /// Shared, so a call takes the token without copying it.
    token: Option<Arc<Token>>,
    obtained: Option<Instant>,
    generation: u64,
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
            }),
            login_lock: Mutex::new(()),
        }
    }

    fn store(&self, token: Token) -> (Arc<Token>, u64) {
        let token = Arc::new(token);
        let mut s = lock(&self.state);
        s.token = Some(token.clone());
        s.obtained = Some(Instant::now());
        s.generation += 1;
        (token, s.generation)
    }
}

impl Client {
    /// The current token (fresh or not), for redaction.
    pub(crate) fn current_token_value(&self) -> Option<Arc<Token>> {
        lock(&self.session().state).token.clone()
    }

    /// The token if there is one that is not about to expire (with its generation).
    fn fresh_token(&self) -> Option<(Arc<Token>, u64)> {
        let s = lock(&self.session().state);
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
            s.token = None;
        }
    }

    /// The current session token, logging in first if there is none or it is about to expire.
    /// Concurrent callers share one login.
    pub fn session_token(&self) -> Result<Token> {
        self.current_token(Op::Login.name()).map(|(t, _)| Token::clone(&t))
    }

    fn current_token(&self, op: &'static str) -> Result<(Arc<Token>, u64)> {
        if let Some(t) = self.fresh_token() {
            return Ok(t);
        }
        let _single_login = lock(&self.session().login_lock);
        if let Some(t) = self.fresh_token() {
            return Ok(t);
        }
        let Some(creds) = self.config().credentials.clone() else {
            return Err(Error::Auth {
                operation: op,
                message: "no valid token and no credentials to log in with".into(),
                status: None,
            });
        };
        let token = self.login_with(&creds)?;
        Ok(self.session().store(token))
    }

    /// Logs in now with the configured credentials (Login or Impersonate), replacing the
    /// session token, and returns the new token.
    pub fn login(&self) -> Result<Token> {
        let Some(creds) = self.config().credentials.clone() else {
            return Err(Error::invalid(Op::Login.name(), "the client has no credentials"));
        };
        let _single_login = lock(&self.session().login_lock);
        let token = self.login_with(&creds)?;
        let (token, _) = self.session().store(token);
        Ok(Token::clone(&token))
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

//! Opaque identifiers and secrets.
//!
//! The service types its ids as `long` or `string` (and some types are uncertain, see the wire
//! reference); the SDK treats every id as opaque text, exactly as the service wrote it, so a CRM
//! can store it as text and nothing is ever rounded through floating point.

use std::fmt;

macro_rules! opaque_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// Wraps an id as the service (or your own storage) wrote it.
            pub fn new(id: impl Into<String>) -> Self {
                $name(id.into())
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Unwraps the id into its text.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({:?})"), self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                $name(s)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $name(s.to_owned())
            }
        }
    };
}

opaque_id!(
    /// Id of a meeting ("call"), returned by `CreateCall` (an `xsd:long` on the wire).
    CallId
);
opaque_id!(
    /// Id of a participant ("contact"), returned by `CreateContact`.
    ContactId
);
opaque_id!(
    /// Id of a stored document, returned by `AddDocumentFromUrl`; also the `Id` of an
    /// [`Attachment`](crate::Attachment).
    DocumentId
);
opaque_id!(
    /// Public id of a meeting, used in the participant link `…/client?id=PUBLICID`.
    PublicId
);

/// A secret string (API key, password, ticket, proxy password).
///
/// `Debug` and `Display` print `***`; use [`Secret::expose`] where the value is really needed.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret value itself. Never log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret(s)
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret(s.to_owned())
    }
}

/// A session token returned by `Login` or `Impersonate` (valid 24 hours on the service).
///
/// It is a secret: `Debug` and `Display` print a mask.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(Secret);

impl Token {
    /// Wraps a token obtained elsewhere.
    pub fn new(value: impl Into<String>) -> Self {
        Token(Secret::new(value))
    }

    /// The token itself. Never log it.
    pub fn expose(&self) -> &str {
        self.0.expose()
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(***)")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_masked() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s:?} {s}"), "Secret(***) ***");
        let t = Token::new("tok-123");
        assert_eq!(format!("{t:?} {t}"), "Token(***) ***");
        assert_eq!(t.expose(), "tok-123");
    }

    #[test]
    fn ids_are_opaque_text() {
        let c = CallId::new("9007199254740993");
        assert_eq!(c.as_str(), "9007199254740993");
        assert_eq!(format!("{c:?}"), "CallId(\"9007199254740993\")");
    }
}

//! API tokens: created with a role for an organisation, shown once, stored hashed.

use std::fmt::Write as _;
use std::str::FromStr;

use rusqlite::{OptionalExtension as _, params};
use sha2::{Digest as _, Sha256};

use crate::{Store, StoreError, clock};

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Läsare: read assessments, findings and reports.
    Lasare,
    /// Handläggare: also create and update assessments and record checkpoint decisions.
    Handlaggare,
    /// Analytiker: also manage rule sets and administration.
    Analytiker,
}

impl Role {
    /// The role's name as stored and given on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Lasare => "lasare",
            Self::Handlaggare => "handlaggare",
            Self::Analytiker => "analytiker",
        }
    }

    /// Whether the role may read.
    pub fn can_read(self) -> bool {
        true
    }

    /// Whether the role may create and update assessments.
    pub fn can_write(self) -> bool {
        self >= Self::Handlaggare
    }

    /// Whether the role may manage rule sets and tokens.
    pub fn can_administer(self) -> bool {
        self == Self::Analytiker
    }
}

impl FromStr for Role {
    type Err = StoreError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "lasare" | "läsare" => Ok(Self::Lasare),
            "handlaggare" | "handläggare" => Ok(Self::Handlaggare),
            "analytiker" => Ok(Self::Analytiker),
            other => Err(StoreError::Invalid(format!(
                "unknown role `{other}`: expected lasare, handlaggare or analytiker"
            ))),
        }
    }
}

/// A stored token, without its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    /// Its number.
    pub id: i64,
    /// Its role.
    pub role: Role,
    /// The organisation it acts for.
    pub organisation: String,
    /// A label, e.g. whose it is.
    pub label: String,
    /// When it was created.
    pub created_at: String,
}

/// Who is calling: a valid token's role and organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The token's number.
    pub token_id: i64,
    /// The role.
    pub role: Role,
    /// The organisation.
    pub organisation: String,
    /// The token's label, recorded as the author of changes.
    pub label: String,
}

pub(crate) const PREFIX: &str = "hb_";

/// `organisation`, trimmed, when it is 1–200 characters.
pub(crate) fn organisation_name(organisation: &str) -> Result<&str, StoreError> {
    let organisation = organisation.trim();
    if organisation.is_empty() || organisation.chars().count() > 200 {
        return Err(StoreError::Invalid(
            "the organisation must be 1–200 characters".to_owned(),
        ));
    }
    Ok(organisation)
}

/// A token's id, role, organisation and label, as a query selects them.
pub(crate) struct PrincipalRow(i64, String, String, String);

/// Reads the first four columns of `r` (id, role, organisation, label).
pub(crate) fn principal_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PrincipalRow> {
    Ok(PrincipalRow(r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
}

impl PrincipalRow {
    pub(crate) fn into_principal(self) -> Result<Principal, StoreError> {
        let Self(token_id, role, organisation, label) = self;
        Ok(Principal {
            token_id,
            role: role.parse()?,
            organisation,
            label,
        })
    }
}

/// A new secret: `prefix` and 32 random bytes in hex.
pub(crate) fn secret(prefix: &str) -> Result<String, StoreError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::Random(e.to_string()))?;
    let mut secret = String::from(prefix);
    for b in bytes {
        let _ = write!(secret, "{b:02x}");
    }
    Ok(secret)
}

/// Whether `text` has the shape of a secret made with `prefix`.
pub(crate) fn is_secret(text: &str, prefix: &str) -> bool {
    text.len() == prefix.len() + 64
        && text.starts_with(prefix)
        && text[prefix.len()..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// Whether `text` has the shape of an API token (`hb_` and 64 hex digits): anything else
/// is refused without a lookup.
pub fn is_token(text: &str) -> bool {
    is_secret(text, PREFIX)
}

/// The SHA-256 digest of a credential: what a cache of lookups keys on, so that no
/// credential is held in memory longer than its request.
pub fn fingerprint(credential: &str) -> [u8; 32] {
    Sha256::digest(credential.as_bytes()).into()
}

pub(crate) fn hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    let mut out = String::with_capacity(64);
    for b in digest {
        let _ = write!(out, "{b:02x}");
    }
    out
}

impl Store {
    /// Creates a token for `organisation` with `role`. Returns the token — shown this
    /// once, stored only as its SHA-256 hash — and its stored facts.
    ///
    /// # Errors
    /// An empty or over-long organisation, no randomness, or a database error.
    pub fn create_token(
        &mut self,
        role: Role,
        organisation: &str,
        label: &str,
    ) -> Result<(String, TokenInfo), StoreError> {
        let organisation = organisation_name(organisation)?;
        let token = secret(PREFIX)?;
        let now = clock::now();
        self.conn().execute(
            "INSERT INTO api_tokens (token_hash, role, organisation, label, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![hash(&token), role.as_str(), organisation, label, now],
        )?;
        let info = TokenInfo {
            id: self.conn().last_insert_rowid(),
            role,
            organisation: organisation.to_owned(),
            label: label.to_owned(),
            created_at: now,
        };
        Ok((token, info))
    }

    /// The principal of `token`, if it is a valid, unrevoked token.
    ///
    /// # Errors
    /// A database error.
    pub fn authenticate(&self, token: &str) -> Result<Option<Principal>, StoreError> {
        if !is_secret(token, PREFIX) {
            return Ok(None);
        }
        self.conn()
            .prepare_cached("SELECT id, role, organisation, label FROM api_tokens WHERE token_hash = ?1 AND revoked_at IS NULL")?
            .query_row(params![hash(token)], principal_row)
            .optional()?
            .map(PrincipalRow::into_principal)
            .transpose()
    }

    /// Revokes token `id` of `organisation`; `false` if there is no such active token.
    ///
    /// # Errors
    /// A database error.
    pub fn revoke_token(&mut self, organisation: &str, id: i64) -> Result<bool, StoreError> {
        let n = self.conn().execute(
            "UPDATE api_tokens SET revoked_at = ?1 WHERE id = ?2 AND organisation = ?3 AND revoked_at IS NULL",
            params![clock::now(), id, organisation],
        )?;
        Ok(n == 1)
    }
}

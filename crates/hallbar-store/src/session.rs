//! Sign-in sessions of the web interface: an API token exchanged for a session id that
//! the browser keeps in an HttpOnly cookie, stored hashed, ending with its token.

use rusqlite::{OptionalExtension as _, params};

use crate::token::{PrincipalRow, hash, is_secret, principal_row, secret};
use crate::{Principal, Store, StoreError, clock};

/// How long a session lasts from sign-in: a working day.
pub const SESSION_LIFETIME: std::time::Duration = std::time::Duration::from_secs(8 * 3600);

pub(crate) const PREFIX: &str = "hs_";

/// Whether `text` has the shape of a session id (`hs_` and 64 hex digits): anything else
/// is refused without a lookup.
pub fn is_session_id(text: &str) -> bool {
    is_secret(text, PREFIX)
}

impl Store {
    /// Signs in with `token`: a new session id and its principal, or `None` when the
    /// token is not a valid, unrevoked one. The id is shown once and stored only as its
    /// hash. Sessions past their end are removed here.
    ///
    /// # Errors
    /// No randomness, or a database error.
    pub fn create_session(
        &mut self,
        token: &str,
    ) -> Result<Option<(String, Principal)>, StoreError> {
        let Some(principal) = self.authenticate(token)? else {
            return Ok(None);
        };
        let id = secret(PREFIX)?;
        let now = clock::unix_now();
        let expires = now.saturating_add(SESSION_LIFETIME.as_secs());
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "DELETE FROM sessions WHERE expires_at <= ?1",
            params![to_i64(now)],
        )?;
        tx.execute(
            "INSERT INTO sessions (id_hash, token_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
            params![hash(&id), principal.token_id, clock::format_utc(now), to_i64(expires)],
        )?;
        tx.commit()?;
        Ok(Some((id, principal)))
    }

    /// The principal of session `id`, if the session has not ended and its token is not
    /// revoked.
    ///
    /// # Errors
    /// A database error.
    pub fn session(&self, id: &str) -> Result<Option<Principal>, StoreError> {
        if !is_secret(id, PREFIX) {
            return Ok(None);
        }
        let row = self
            .conn()
            .prepare_cached(
                "SELECT t.id, t.role, t.organisation, t.label FROM sessions s \
                 JOIN api_tokens t ON t.id = s.token_id \
                 WHERE s.id_hash = ?1 AND s.expires_at > ?2 AND t.revoked_at IS NULL",
            )?
            .query_row(params![hash(id), to_i64(clock::unix_now())], principal_row)
            .optional()?;
        row.map(PrincipalRow::into_principal).transpose()
    }

    /// Ends session `id` (signing out); ending one that does not exist is not an error.
    ///
    /// # Errors
    /// A database error.
    pub fn end_session(&mut self, id: &str) -> Result<(), StoreError> {
        if is_secret(id, PREFIX) {
            self.conn()
                .execute("DELETE FROM sessions WHERE id_hash = ?1", params![hash(id)])?;
        }
        Ok(())
    }
}

fn to_i64(secs: u64) -> i64 {
    i64::try_from(secs).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use crate::{Role, Store};

    #[test]
    fn a_session_acts_as_its_token_until_signed_out_or_revoked() {
        let mut store = Store::in_memory().unwrap();
        let (token, info) = store
            .create_token(Role::Handlaggare, "Region Kronoberg", "Anna")
            .unwrap();
        assert!(store.create_session("hb_not-a-token").unwrap().is_none());
        let (id, principal) = store.create_session(&token).unwrap().unwrap();
        assert!(id.starts_with("hs_") && id != token);
        assert_eq!(principal.organisation, "Region Kronoberg");
        assert_eq!(store.session(&id).unwrap(), Some(principal.clone()));
        // The token is not a session id, nor the reverse.
        assert_eq!(store.session(&token).unwrap(), None);
        assert_eq!(store.authenticate(&id).unwrap(), None);

        store.end_session(&id).unwrap();
        assert_eq!(store.session(&id).unwrap(), None);

        let (id, _) = store.create_session(&token).unwrap().unwrap();
        assert!(store.revoke_token("Region Kronoberg", info.id).unwrap());
        assert_eq!(store.session(&id).unwrap(), None);
        assert!(store.create_session(&token).unwrap().is_none());
    }

    #[test]
    fn an_ended_session_is_refused_and_cleared() {
        let mut store = Store::in_memory().unwrap();
        let (token, _) = store.create_token(Role::Lasare, "Org", "").unwrap();
        let (id, _) = store.create_session(&token).unwrap().unwrap();
        store
            .conn()
            .execute("UPDATE sessions SET expires_at = 0", [])
            .unwrap();
        assert_eq!(store.session(&id).unwrap(), None);
        store.create_session(&token).unwrap().unwrap();
        let left: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM sessions", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 1);
    }
}

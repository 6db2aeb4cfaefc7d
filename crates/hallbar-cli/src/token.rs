//! `hallbar token`: API tokens created (shown once, stored as a hash) and revoked.

use std::process::ExitCode;

fn open(db: &str) -> Result<Box<dyn hallbar_store::Backend>, String> {
    hallbar_store::open(db, 1).map_err(|e| format!("error: {db}: {e}"))
}

/// Creates a token with `role` for `organisation`, labelled `label`, in `db`.
pub(crate) fn create(
    role: &str,
    organisation: &str,
    label: &str,
    db: &str,
) -> Result<ExitCode, String> {
    let role: hallbar_store::Role = role.parse().map_err(|e| format!("error: {e}"))?;
    let store = open(db)?;
    let (secret, info) = store
        .create_token(role, organisation, label)
        .map_err(|e| format!("error: {e}"))?;
    say!("{secret}");
    eprintln!(
        "token {} ({}, {}) created; it is shown only now — store it safely",
        info.id,
        info.role.as_str(),
        info.organisation
    );
    Ok(ExitCode::SUCCESS)
}

/// Revokes token `id` of `organisation` in `db`.
pub(crate) fn revoke(id: i64, organisation: &str, db: &str) -> Result<ExitCode, String> {
    let store = open(db)?;
    if !store
        .revoke_token(organisation, id)
        .map_err(|e| format!("error: {e}"))?
    {
        return Err(format!("error: no active token {id} of `{organisation}`"));
    }
    eprintln!("token {id} revoked");
    Ok(ExitCode::SUCCESS)
}

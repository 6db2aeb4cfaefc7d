//! What can go wrong with the store.

/// An error of the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// No such assessment in the organisation.
    #[error("no assessment of insats `{0}`")]
    NotFound(String),
    /// The organisation already has an assessment of this insats.
    #[error("an assessment of insats `{0}` already exists; store a new version of it instead")]
    AlreadyExists(String),
    /// The latest version (of an assessment or a rule layer) is not the one the change
    /// was based on.
    #[error(
        "it has changed since: the change is based on version {expected}, the latest is {latest}"
    )]
    Conflict {
        /// The version the change was based on.
        expected: u32,
        /// The latest version.
        latest: u32,
    },
    /// The document is of another insats than the one it is stored as.
    #[error("the document is of insats `{document}`, not `{path}`")]
    IdChanged {
        /// The insats of the stored assessment.
        path: String,
        /// The insats the document names.
        document: String,
    },
    /// No such workshop in the organisation.
    #[error("no workshop `{0}`")]
    NoWorkshop(String),
    /// The organisation already has a workshop of this id.
    #[error("a workshop `{0}` already exists; store a new version of it instead")]
    WorkshopExists(String),
    /// The database is from a newer version of hallbar.
    #[error("the database has schema version {found}; this hallbar knows up to {known}")]
    TooNew {
        /// The database's version.
        found: i64,
        /// The newest this build knows.
        known: i64,
    },
    /// SQLite's integrity check found problems.
    #[error("the database is damaged: {0}")]
    Corrupt(String),
    /// An invalid token request.
    #[error("{0}")]
    Invalid(String),
    /// A stored document could not be read back.
    #[error("a stored document is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// SQLite failed.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
    /// PostgreSQL refused a request.
    #[error("database error: {0}")]
    Postgres(String),
    /// The system could not provide random bytes for a token.
    #[error("no randomness for a token: {0}")]
    Random(String),
    /// The database cannot be reached (down, restarting, or the connection was lost).
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
}

impl StoreError {
    /// Whether the error is of the connection rather than of the request: the database
    /// is unreachable, busy or gone. Such a connection is not reused, and the request may
    /// succeed later.
    pub fn is_connection(&self) -> bool {
        match self {
            Self::Unavailable(_) => true,
            Self::Database(rusqlite::Error::SqliteFailure(e, _)) => matches!(
                e.code,
                rusqlite::ErrorCode::DatabaseBusy
                    | rusqlite::ErrorCode::DatabaseLocked
                    | rusqlite::ErrorCode::CannotOpen
                    | rusqlite::ErrorCode::SystemIoFailure
            ),
            _ => false,
        }
    }
}

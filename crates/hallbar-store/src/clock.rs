//! UTC timestamps in RFC 3339, to the second.

/// The current time, UTC, e.g. `2026-11-22T19:04:05Z`.
pub(crate) fn now() -> String {
    format_utc(unix_now())
}

/// The current time in seconds since 1970, UTC.
pub(crate) fn unix_now() -> u64 {
    u64::try_from(jiff::Timestamp::now().as_second()).unwrap_or(0)
}

/// This year, UTC, by the system clock.
pub fn this_year() -> u16 {
    now()
        .get(..4)
        .and_then(|y| y.parse().ok())
        .unwrap_or(u16::MAX)
}

/// Seconds since 1970 as RFC 3339 UTC; a time beyond jiff's range (the year 9999) is
/// written as that limit.
pub(crate) fn format_utc(secs: u64) -> String {
    let secs = i64::try_from(secs).unwrap_or(i64::MAX);
    jiff::Timestamp::from_second(secs)
        .unwrap_or(jiff::Timestamp::MAX)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::format_utc;

    #[test]
    fn formats_known_instants() {
        assert_eq!(format_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(format_utc(1_795_374_245), "2026-11-22T19:04:05Z");
        assert!((2026..9999).contains(&super::this_year()));
    }
}

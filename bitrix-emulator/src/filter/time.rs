//! Dates and times as the portal reads and writes them. The portal's time zone here is
//! UTC (`lib.rs`): a value without an offset is a moment in UTC, one with an offset is
//! converted, and answers carry `+00:00`.
//!
//! Read: `2024-05-01`, `01.05.2024` (the site's day format), either followed by a time
//! (`T10:00:00` or ` 10:00:00`, seconds optional), with an offset (`+03:00`, `+0300`,
//! `Z`) or without.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime};

/// Unix seconds of a date or date-time; `None` when the text is neither.
pub(crate) fn parse(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.timestamp());
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%d %H:%M:%S%z",
        "%d.%m.%Y %H:%M:%S%z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(text, format) {
            return Some(t.timestamp());
        }
    }
    let naive = [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%d.%m.%Y %H:%M:%S",
        "%d.%m.%Y %H:%M",
    ];
    for format in naive {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return Some(t.and_utc().timestamp());
        }
    }
    for format in ["%Y-%m-%d", "%d.%m.%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(text, format) {
            return Some(d.and_time(NaiveTime::MIN).and_utc().timestamp());
        }
    }
    None
}

/// A moment as the portal answers a `datetime`: `2024-05-03T17:19:01+00:00`.
pub(crate) fn datetime(unix: i64) -> String {
    crate::clock::datetime(unix as f64)
}

/// A day as the portal answers a `date`: its midnight, `2024-05-03T00:00:00+00:00`.
pub(crate) fn date(unix: i64) -> String {
    datetime(unix - unix.rem_euclid(86_400))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_portal_formats() {
        let day = parse("2024-05-01").unwrap();
        assert_eq!(parse("01.05.2024"), Some(day));
        assert_eq!(parse("2024-05-01T00:00:00+00:00"), Some(day));
        assert_eq!(parse("2024-05-01T03:00:00+03:00"), Some(day));
        assert_eq!(parse("2024-05-01 10:00:00"), Some(day + 36_000));
        assert_eq!(parse("2024-05-01T10:00:00Z"), Some(day + 36_000));
        assert_eq!(parse("01.05.2024 10:00"), Some(day + 36_000));
        assert_eq!(parse("lots"), None);
        assert_eq!(datetime(day + 36_000), "2024-05-01T10:00:00+00:00");
        assert_eq!(date(day + 36_000), "2024-05-01T00:00:00+00:00");
    }
}

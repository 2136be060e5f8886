//! Numbers, flags, strings and dates in every spelling portals send them.

use serde_json::{Map, Number, Value};

use super::error::show;
use super::{Wire, WireError};

impl Wire for Value {
    fn from_wire(value: Value) -> Result<Self, WireError> {
        Ok(value)
    }
}

impl Wire for Map<String, Value> {
    fn from_wire(value: Value) -> Result<Self, WireError> {
        super::object(value)
    }
}

const INTEGER: &str = "an integer (a JSON number or a string of digits)";

fn integer(n: &Number) -> Result<i64, WireError> {
    if let Some(i) = n.as_i64() {
        return Ok(i);
    }
    if n.is_u64() {
        return Err(WireError::new(format!("integer {n} does not fit in i64")));
    }
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(f as i64),
        _ => Err(WireError::new(format!("expected an integer, got {n}"))),
    }
}

impl Wire for i64 {
    fn from_wire(value: Value) -> Result<Self, WireError> {
        match &value {
            Value::Number(n) => integer(n),
            Value::String(s) => s
                .trim()
                .parse::<i64>()
                .map_err(|_| WireError::unexpected(INTEGER, &value)),
            other => Err(WireError::unexpected(INTEGER, other)),
        }
    }
}

impl Wire for f64 {
    fn from_wire(value: Value) -> Result<Self, WireError> {
        const NUMBER: &str = "a number (a JSON number or a numeric string)";
        match &value {
            Value::Number(n) => n
                .as_f64()
                .ok_or_else(|| WireError::unexpected(NUMBER, &value)),
            Value::String(s) => match s.trim().parse::<f64>() {
                Ok(x) if x.is_finite() => Ok(x),
                _ => Err(WireError::unexpected(NUMBER, &value)),
            },
            other => Err(WireError::unexpected(NUMBER, other)),
        }
    }
}

impl Wire for bool {
    fn from_wire(value: Value) -> Result<Self, WireError> {
        const FLAG: &str = "a flag (\"Y\"/\"N\", true/false, 1/0)";
        match &value {
            Value::Bool(b) => Ok(*b),
            Value::Number(n) => match n.as_i64() {
                Some(0) => Ok(false),
                Some(1) => Ok(true),
                _ => Err(WireError::unexpected(FLAG, &value)),
            },
            Value::String(s) => match s.trim() {
                "Y" | "y" | "true" | "1" => Ok(true),
                "N" | "n" | "false" | "0" => Ok(false),
                _ => Err(WireError::unexpected(FLAG, &value)),
            },
            other => Err(WireError::unexpected(FLAG, other)),
        }
    }
}

impl Wire for String {
    fn from_wire(value: Value) -> Result<Self, WireError> {
        match value {
            Value::String(s) => Ok(s),
            // Identifiers documented as strings often arrive as numbers; their text is exact.
            Value::Number(n) => Ok(n.to_string()),
            other => Err(WireError::unexpected("a string", &other)),
        }
    }
}

/// A string parsed by `parse`, or an error saying what was expected.
fn parsed<T>(value: Value, what: &str, parse: fn(&str) -> Option<T>) -> Result<T, WireError> {
    match &value {
        Value::String(s) => parse(s.trim()).ok_or_else(|| WireError::unexpected(what, &value)),
        other => Err(WireError::new(format!(
            "expected {what}, got {}",
            show(other)
        ))),
    }
}

/// The date-time forms portals send: RFC 3339 (`2024-08-30T14:29:00+02:00`), the same with
/// a `+0200` offset, and without an offset in ISO (`2025-07-14 08:47:19`,
/// `2025-07-14T08:47:19`) or Russian (`30.08.2024 14:29:00`, `30.08.2024 14:29`) order.
/// Values without an offset are in the portal's time zone, which the answer does not name:
/// they are taken as UTC (`+00:00`), so the wall-clock reading is kept exactly.
fn parse_datetime(s: &str) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    const NAIVE: [&str; 5] = [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%d.%m.%Y %H:%M:%S",
        "%d.%m.%Y %H:%M",
        "%Y-%m-%d %H:%M",
    ];
    chrono::DateTime::parse_from_rfc3339(s)
        .ok()
        .or_else(|| chrono::DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%z").ok())
        .or_else(|| chrono::DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%:z").ok())
        .or_else(|| {
            NAIVE.iter().find_map(|f| {
                chrono::NaiveDateTime::parse_from_str(s, f)
                    .ok()
                    .map(|dt| dt.and_utc().fixed_offset())
            })
        })
}

impl Wire for chrono::DateTime<chrono::FixedOffset> {
    fn from_wire(value: Value) -> Result<Self, WireError> {
        parsed(
            value,
            "a date and time (2024-05-03T17:19:01+03:00, 2024-05-03 17:19:01 or 03.05.2024 17:19:01)",
            parse_datetime,
        )
    }
}

impl Wire for chrono::NaiveDate {
    fn from_wire(value: Value) -> Result<Self, WireError> {
        fn parse(s: &str) -> Option<chrono::NaiveDate> {
            // Date fields are sometimes answered with a time part (`2024-05-03T00:00:00+03:00`).
            chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .or_else(|| chrono::NaiveDate::parse_from_str(s, "%d.%m.%Y").ok())
                .or_else(|| parse_datetime(s).map(|dt| dt.date_naive()))
        }
        parsed(value, "a date (2024-05-03)", parse)
    }
}

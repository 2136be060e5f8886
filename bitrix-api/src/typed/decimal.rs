//! [`Decimal`]: a number the portal sends as decimal digits (`"4925.00"`), kept digit for
//! digit.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};
use serde_json::{Number, Value};

use crate::wire::{Wire, WireError};

/// A decimal number exactly as the portal wrote it: amounts (`OPPORTUNITY`, `TAX_VALUE`,
/// `PRICE`), quantities, rates — every field a fields page types `double`.
///
/// Portals answer money as strings of digits (`"4925.00"`, `"19999.99"`) and `crm.item.*`
/// as JSON numbers (`4925`). A [`Decimal`] keeps the digits it was given, so nothing is
/// rounded through `f64` on the way in or out; [`Decimal::to_f64`] is there when you want
/// arithmetic. Compare amounts with [`Decimal::cmp_value`] (numeric), not `==` (digits).
///
/// ```
/// use bitrix_api::typed::Decimal;
/// let amount: Decimal = "4925.00".parse().unwrap();
/// assert_eq!(amount.as_str(), "4925.00");
/// assert_eq!(amount.to_f64(), 4925.0);
/// assert_eq!(Decimal::from(5000).as_str(), "5000");
/// assert!("lots".parse::<Decimal>().is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Decimal(Box<str>);

/// A string that is not a decimal number (`"lots"`, `"1e5"`, `""`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "not a decimal number: {0:?} (expected digits with an optional sign and point, e.g. 4925.00)"
)]
pub struct DecimalError(pub String);

impl Decimal {
    /// Parses `-?digits[.digits]` (surrounding spaces ignored; `.5` and `5.` are accepted).
    pub fn parse(s: &str) -> Result<Decimal, DecimalError> {
        let t = s.trim();
        let body = t.strip_prefix(['-', '+']).unwrap_or(t);
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
            return Err(DecimalError(s.to_owned()));
        }
        Ok(Decimal(t.trim_start_matches('+').into()))
    }

    /// The digits as the portal (or you) wrote them.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The nearest `f64`.
    pub fn to_f64(&self) -> f64 {
        self.0.parse().unwrap_or(f64::NAN)
    }

    /// Compares two decimals by value (`"15.00"` equals `"15"`).
    pub fn cmp_value(&self, other: &Decimal) -> std::cmp::Ordering {
        self.to_f64().total_cmp(&other.to_f64())
    }

    /// The value as JSON: a number when the digits are one exactly (`5000`, `19999.99`),
    /// else the digits as a string (`"4925.00"` keeps its zeros).
    pub fn to_json(&self) -> Value {
        if let Ok(i) = self.0.parse::<i64>() {
            return Value::from(i);
        }
        match self.0.parse::<f64>().ok().and_then(Number::from_f64) {
            Some(n) if n.to_string() == *self.0 => Value::Number(n),
            _ => Value::String(self.0.to_string()),
        }
    }
}

impl FromStr for Decimal {
    type Err = DecimalError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Decimal::parse(s)
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Decimal({})", self.0)
    }
}

macro_rules! from_int {
    ($($t:ty)*) => {$(
        impl From<$t> for Decimal {
            fn from(v: $t) -> Decimal {
                Decimal(v.to_string().into())
            }
        }
    )*};
}
from_int!(i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 isize usize);

impl TryFrom<f64> for Decimal {
    type Error = DecimalError;
    /// The shortest digits that read back as `v`; NaN and infinities are refused.
    fn try_from(v: f64) -> Result<Decimal, DecimalError> {
        if !v.is_finite() {
            return Err(DecimalError(v.to_string()));
        }
        Decimal::parse(&v.to_string())
    }
}

impl Serialize for Decimal {
    /// As the digits, a JSON string (how REST 2 answers amounts).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl Wire for Decimal {
    fn from_wire(value: Value) -> Result<Self, WireError> {
        match &value {
            Value::Number(n) => Decimal::parse(&n.to_string())
                .map_err(|_| WireError::unexpected("a decimal number", &value)),
            Value::String(s) => {
                Decimal::parse(s).map_err(|_| WireError::unexpected("a decimal number", &value))
            }
            _ => Err(WireError::unexpected("a decimal number", &value)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keeps_the_digits() {
        let d: Decimal = crate::wire::from_value(json!("4925.00")).unwrap();
        assert_eq!(d.as_str(), "4925.00");
        assert_eq!(d.to_json(), json!("4925.00"));
        let n: Decimal = crate::wire::from_value(json!(150.5)).unwrap();
        assert_eq!(n.as_str(), "150.5");
        assert_eq!(n.to_json(), json!(150.5));
        assert_eq!(Decimal::from(5000).to_json(), json!(5000));
        assert_eq!(Decimal::try_from(19999.99).unwrap().as_str(), "19999.99");
        assert!(Decimal::try_from(f64::NAN).is_err());
    }

    #[test]
    fn refuses_what_is_not_a_number() {
        for bad in ["lots", "", "1e5", "1.2.3", "-", ".", "12a"] {
            assert!(Decimal::parse(bad).is_err(), "{bad}");
        }
        let e = crate::wire::from_value::<Decimal>(json!("lots")).unwrap_err();
        assert!(e.to_string().contains("decimal"), "{e}");
        assert_eq!(Decimal::parse("-.5").unwrap().as_str(), "-.5");
        assert_eq!(Decimal::parse("+7").unwrap().as_str(), "7");
    }

    #[test]
    fn compares_by_value() {
        let a = Decimal::parse("15.00").unwrap();
        let b = Decimal::parse("15").unwrap();
        assert_ne!(a, b);
        assert_eq!(a.cmp_value(&b), std::cmp::Ordering::Equal);
    }
}

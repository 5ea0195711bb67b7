//! Checks run on every value before a request is sent, and the conversion of values to
//! path, query and header text.

use std::fmt;

use regex::Regex;

use super::error::{Error, InvalidInput};

/// A regular expression from the API description, kept with its source for messages.
pub struct Pattern {
    source: &'static str,
    engine: Engine,
}

enum Engine {
    /// The `regex` crate: linear time, no look-around.
    Automaton(Regex),
{%- if backtracking %}
    /// `fancy-regex`, for the patterns with look-around or back-references. Its matching
    /// gives up after a bounded amount of backtracking instead of running away.
    Backtracking(fancy_regex::Regex),
{%- endif %}
}

impl Pattern {
    /// Compiles a pattern. The generator compiled every pattern with the same `regex`
    /// crate before emitting it, so this cannot fail for the patterns in this crate.
    #[allow(dead_code)] // an API without patterns does not use it
    pub(crate) fn new(source: &'static str) -> Self {
        let regex = Regex::new(source).expect("pattern verified when the crate was generated");
        Pattern { source, engine: Engine::Automaton(regex) }
    }
{%- if backtracking %}

    /// Compiles a pattern that needs look-around or back-references, which the generator
    /// verified with the same `fancy-regex` version.
    pub(crate) fn backtracking(source: &'static str) -> Self {
        let regex = fancy_regex::Regex::new(source).expect("pattern verified when the crate was generated");
        Pattern { source, engine: Engine::Backtracking(regex) }
    }
{%- endif %}

    /// Whether `value` matches; `Err` when the backtracking engine gave up.
    fn matches(&self, value: &str) -> Result<bool, String> {
        match &self.engine {
            Engine::Automaton(regex) => Ok(regex.is_match(value)),
{%- if backtracking %}
            Engine::Backtracking(regex) => regex.is_match(value).map_err(|e| e.to_string()),
{%- endif %}
        }
    }

    /// The pattern as written in the API description.
    pub fn as_str(&self) -> &'static str {
        self.source
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pattern({:?})", self.source)
    }
}

/// Types that know how to check themselves against the API description.
pub trait Validate {
    /// Checks every constrained field; `at` names this value in error messages.
    fn validate(&self, at: &str) -> Result<(), Error>;
}

fn invalid(name: &str, value: Option<String>, rule: String) -> Error {
    Error::InvalidInput(InvalidInput { name: name.to_string(), value, rule })
}

/// Unwraps a required value or names the one that is missing.
// Not every API uses every kind of check.
#[allow(dead_code)]
pub(crate) fn required<T>(name: &str, value: Option<T>) -> Result<T, Error> {
    value.ok_or_else(|| invalid(name, None, "is required but was not set".to_string()))
}

// Not every API uses every kind of check.
#[allow(dead_code)]
pub(crate) fn check_pattern(name: &str, value: &str, pattern: &Pattern) -> Result<(), Error> {
    match pattern.matches(value) {
        Ok(true) => Ok(()),
        Ok(false) => Err(invalid(name, Some(value.to_string()), format!("must match the pattern `{}`", pattern.source))),
        Err(reason) => Err(invalid(name, Some(value.to_string()), format!("must match the pattern `{}`, which could not be checked: {reason}", pattern.source))),
    }
}
{%- if features.email %}

// Not every API uses every kind of check.
#[allow(dead_code)]
pub(crate) fn check_email(name: &str, value: &str) -> Result<(), Error> {
    if email_address::EmailAddress::is_valid(value) {
        Ok(())
    } else {
        Err(invalid(name, Some(value.to_string()), "must be an email address (format `email`)".to_string()))
    }
}
{%- endif %}

// Not every API uses every kind of check.
#[allow(dead_code)]
pub(crate) fn check_length(name: &str, value: &str, min: Option<u64>, max: Option<u64>) -> Result<(), Error> {
    let length = value.chars().count() as u64;
    if min.is_some_and(|min| length < min) || max.is_some_and(|max| length > max) {
        return Err(invalid(name, Some(value.to_string()), format!("must be {} characters long", bounds(min, max))));
    }
    Ok(())
}

/// `1 to 64`, `at least 1`, `at most 4`: the words for a bounded count.
#[allow(dead_code)] // used only by the checks an API needs
fn bounds(min: Option<u64>, max: Option<u64>) -> String {
    match (min, max) {
        (Some(min), Some(max)) => format!("{min} to {max}"),
        (Some(min), None) => format!("at least {min}"),
        (None, Some(max)) => format!("at most {max}"),
        (None, None) => unreachable!("a count rule has a bound"),
    }
}

/// Checks how many items a list has (`minItems`, `maxItems`).
// Not every API uses every kind of check.
#[allow(dead_code)]
pub(crate) fn check_items<T>(name: &str, value: &[T], min: Option<u64>, max: Option<u64>) -> Result<(), Error> {
    let count = value.len() as u64;
    if min.is_some_and(|min| count < min) || max.is_some_and(|max| count > max) {
        return Err(invalid(name, None, format!("has {count} items but must have {}", bounds(min, max))));
    }
    Ok(())
}

{%- if features.entry_counts %}

/// Checks how many properties a map or an object has (`minProperties`, `maxProperties`).
#[allow(dead_code)] // only request types are checked
pub(crate) fn check_entries(name: &str, count: usize, min: Option<u64>, max: Option<u64>) -> Result<(), Error> {
    let count = count as u64;
    if min.is_some_and(|min| count < min) || max.is_some_and(|max| count > max) {
        return Err(invalid(name, None, format!("has {count} properties but must have {}", bounds(min, max))));
    }
    Ok(())
}
{%- endif %}

{%- if features.unique_items %}

/// Checks that no item of a list equals another (`uniqueItems`).
#[allow(dead_code)] // only request types are checked
pub(crate) fn check_unique<T: PartialEq>(name: &str, value: &[T]) -> Result<(), Error> {
    for (later, item) in value.iter().enumerate() {
        if let Some(earlier) = value[..later].iter().position(|other| other == item) {
            return Err(invalid(name, None, format!("has equal items at {earlier} and {later} but its items must be unique")));
        }
    }
    Ok(())
}
{%- endif %}

/// Numbers whose range can be checked.
#[allow(dead_code)]
pub(crate) trait Number: Copy + fmt::Display {
    fn as_f64(self) -> f64;
}

macro_rules! number {
    ($($ty:ty),*) => {
        $(impl Number for $ty {
            fn as_f64(self) -> f64 {
                self as f64
            }
        })*
    };
}

number!(i32, i64, f32, f64);

// Not every API uses every kind of check.
#[allow(dead_code)]
pub(crate) fn check_range<T: Number>(name: &str, value: &T, min: Option<f64>, max: Option<f64>) -> Result<(), Error> {
    let number = value.as_f64();
    if min.is_some_and(|min| number < min) || max.is_some_and(|max| number > max) {
        let rule = match (min, max) {
            (Some(min), Some(max)) => format!("must be between {min} and {max}"),
            (Some(min), None) => format!("must be at least {min}"),
            (_, max) => format!("must be at most {}", max.unwrap_or_default()),
        };
        return Err(invalid(name, Some(value.to_string()), rule));
    }
    Ok(())
}

/// Checks a number against bounds of which one at least is exclusive (`exclusiveMinimum`,
/// `exclusiveMaximum`).
// Not every API uses every kind of check.
#[allow(dead_code)]
pub(crate) fn check_bounds<T: Number>(name: &str, value: &T, min: Option<f64>, min_exclusive: bool, max: Option<f64>, max_exclusive: bool) -> Result<(), Error> {
    let number = value.as_f64();
    let below = min.is_some_and(|min| if min_exclusive { number <= min } else { number < min });
    let above = max.is_some_and(|max| if max_exclusive { number >= max } else { number > max });
    if below || above {
        let bound = |bound: Option<f64>, exclusive: bool, strict: &str, loose: &str| bound.map(|b| format!("{} {b}", if exclusive { strict } else { loose }));
        let rules: Vec<String> = [bound(min, min_exclusive, "above", "at least"), bound(max, max_exclusive, "below", "at most")].into_iter().flatten().collect();
        return Err(invalid(name, Some(value.to_string()), format!("must be {}", rules.join(" and "))));
    }
    Ok(())
}

/// Checks a number against the values of a numeric `enum`.
// Not every API uses every kind of check.
#[allow(dead_code)]
pub(crate) fn check_one_of<T: Number + PartialEq>(name: &str, value: &T, allowed: &[T]) -> Result<(), Error> {
    if allowed.contains(value) {
        return Ok(());
    }
    let allowed: Vec<String> = allowed.iter().map(T::to_string).collect();
    Err(invalid(name, Some(value.to_string()), format!("must be one of {}", allowed.join(", "))))
}

/// Values that can stand in a path segment, a query string or a header.
pub trait ToParam {
    /// The value as text, before percent-encoding.
    fn to_param(&self) -> String;
}

macro_rules! to_param_via_display {
    ($($ty:ty),*) => {
        $(impl ToParam for $ty {
            fn to_param(&self) -> String {
                self.to_string()
            }
        })*
    };
}

to_param_via_display!(String, bool, i32, i64, f32, f64);
{%- if features.dates %}
to_param_via_display!(chrono::NaiveDate);

impl ToParam for chrono::DateTime<chrono::Utc> {
    fn to_param(&self) -> String {
        self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    }
}
{%- endif %}
{%- if features.uuid %}
to_param_via_display!(uuid::Uuid);
{%- endif %}

impl ToParam for serde_json::Value {
    fn to_param(&self) -> String {
        match self {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }
}

/// Implements the text and serde traits of a string enum from its `as_str` and
/// `From<&str>`, so that a value added to the API later decodes instead of failing.
#[allow(unused_macros)] // an API without string enums does not use it
macro_rules! string_enum_traits {
    ($name:ident) => {
        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok($name::from(value))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <String as serde::Deserialize>::deserialize(deserializer)?;
                Ok($name::from(value.as_str()))
            }
        }

        impl $crate::runtime::ToParam for $name {
            fn to_param(&self) -> String {
                self.as_str().to_string()
            }
        }
    };
}

pub(crate) use string_enum_traits;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exclusive_bounds_refuse_the_bound_itself_and_inclusive_ones_take_it() {
        assert!(check_bounds("n", &0i64, Some(0.0), true, None, false).is_err());
        assert!(check_bounds("n", &1i64, Some(0.0), true, None, false).is_ok());
        assert!(check_bounds("n", &10i64, Some(0.0), false, Some(10.0), true).is_err());
        assert!(check_bounds("n", &9.5f64, Some(0.0), false, Some(10.0), true).is_ok());
        assert!(check_bounds("n", &0i64, Some(0.0), false, Some(10.0), true).is_ok());
        let Err(Error::InvalidInput(invalid)) = check_bounds("hours", &0i64, Some(0.0), true, Some(48.0), false) else { panic!("0 is not above 0") };
        assert_eq!(invalid.rule, "must be above 0 and at most 48");
        // An inclusive maximum beside an exclusive minimum takes the bound itself.
        assert!(check_bounds("hours", &48i64, Some(0.0), true, Some(48.0), false).is_ok());
        assert!(check_bounds("hours", &1i64, Some(0.0), true, Some(48.0), false).is_ok());
        assert!(check_bounds("hours", &49i64, Some(0.0), true, Some(48.0), false).is_err());
    }

    fn rule(result: Result<(), Error>) -> String {
        match result {
            Err(Error::InvalidInput(invalid)) => invalid.rule,
            other => panic!("expected an invalid input, got {other:?}"),
        }
    }

    #[test]
    fn lengths_count_characters_and_take_both_bounds() {
        assert!(check_length("s", "éé", Some(2), Some(3)).is_ok());
        assert!(check_length("s", "abc", Some(2), Some(3)).is_ok());
        assert_eq!(rule(check_length("s", "a", Some(2), Some(3))), "must be 2 to 3 characters long");
        assert_eq!(rule(check_length("s", "abcd", None, Some(3))), "must be at most 3 characters long");
        assert_eq!(rule(check_length("s", "", Some(1), None)), "must be at least 1 characters long");
    }

    #[test]
    fn item_counts_take_both_bounds() {
        assert!(check_items("l", &[1, 2], Some(2), Some(2)).is_ok());
        assert_eq!(rule(check_items("l", &[1], Some(2), Some(3))), "has 1 items but must have 2 to 3");
        assert_eq!(rule(check_items("l", &[1, 2, 3], None, Some(2))), "has 3 items but must have at most 2");
    }
{%- if features.unique_items %}

    #[test]
    fn unique_items_are_checked() {
        assert!(check_unique("l", &["a", "b"]).is_ok());
        assert_eq!(rule(check_unique("l", &["a", "b", "a"])), "has equal items at 0 and 2 but its items must be unique");
    }
{%- endif %}
{%- if features.entry_counts %}

    #[test]
    fn entry_counts_take_both_bounds() {
        assert!(check_entries("m", 1, Some(1), Some(1)).is_ok());
        assert_eq!(rule(check_entries("m", 0, Some(1), Some(1))), "has 0 properties but must have 1 to 1");
        assert_eq!(rule(check_entries("m", 2, None, Some(1))), "has 2 properties but must have at most 1");
    }
{%- endif %}

    #[test]
    fn inclusive_ranges_take_their_bounds() {
        assert!(check_range("n", &1i32, Some(1.0), Some(5.0)).is_ok());
        assert!(check_range("n", &5.0f32, Some(1.0), Some(5.0)).is_ok());
        assert_eq!(rule(check_range("n", &0i64, Some(1.0), Some(5.0))), "must be between 1 and 5");
        assert!(check_range("n", &6i64, Some(1.0), None).is_ok());
        assert_eq!(rule(check_range("n", &0.5f64, Some(1.0), None)), "must be at least 1");
        assert_eq!(rule(check_range("n", &6i64, None, Some(5.0))), "must be at most 5");
    }

    #[test]
    fn numeric_enums_and_required_values_name_the_rule() {
        assert!(check_one_of("n", &2i64, &[1, 2]).is_ok());
        assert_eq!(rule(check_one_of("n", &3i64, &[1, 2])), "must be one of 1, 2");
        assert_eq!(required("id", Some(7)).unwrap(), 7);
        assert_eq!(rule(required::<i32>("id", None).map(|_| ())), "is required but was not set");
        let pattern = Pattern::new("^[a-f0-9]{24}$");
        assert!(check_pattern("id", "5f1a2b3c4d5e6f7a8b9c0d1e", &pattern).is_ok());
        assert_eq!(rule(check_pattern("id", "xyz", &pattern)), "must match the pattern `^[a-f0-9]{24}$`");
        assert_eq!((pattern.as_str(), format!("{pattern:?}")), ("^[a-f0-9]{24}$", "Pattern(\"^[a-f0-9]{24}$\")".to_string()));
    }

    #[test]
    fn json_parameters_are_their_text_and_strings_their_content() {
        assert_eq!(serde_json::json!("a b").to_param(), "a b");
        assert_eq!(serde_json::json!([1, "x"]).to_param(), "[1,\"x\"]");
        assert_eq!(2.5f64.to_param(), "2.5");
    }
{%- if features.dates %}

    #[test]
    fn date_times_are_rfc_3339_in_utc_with_the_fraction_they_have() {
        use chrono::TimeZone;
        let at = chrono::Utc.with_ymd_and_hms(2024, 1, 2, 3, 4, 5).unwrap();
        assert_eq!(at.to_param(), "2024-01-02T03:04:05Z");
        assert_eq!((at + chrono::Duration::milliseconds(250)).to_param(), "2024-01-02T03:04:05.250Z");
    }
{%- endif %}
}

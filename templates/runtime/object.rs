//! The serde impls of the model's object types, written once here as a macro.
//!
//! `#[derive(Serialize, Deserialize)]` on hundreds of structs is most of the time a full
//! API's crate takes to compile: the derive writes, per struct, a field-name enum with its
//! own visitor, a sequence visitor and duplicate checks that JSON objects never need. The
//! impls here read an object as a map in one pass (unknown fields are skipped, a repeated
//! field keeps its last value) and write only the fields that are set, which is what the
//! derive with `skip_serializing_if = "Option::is_none"` did, at a fraction of the code.

use std::borrow::Cow;
use std::fmt;

/// An object's field name, borrowed from the input when the format allows it.
#[allow(dead_code)] // an API without object types does not use it
pub(crate) struct Key<'de>(Cow<'de, str>);

#[allow(dead_code)] // an API without object types does not use it
impl Key<'_> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }

            fn visit_borrowed_str<E: serde::de::Error>(self, value: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(value)))
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value.to_owned())))
            }

            fn visit_string<E: serde::de::Error>(self, value: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Implements `Serialize` and `Deserialize` for an object type from its fields, each given as
/// `rust_name = "wireName"` followed by how it is present:
/// - nothing (optional, the common case): `Option<T>`, left out when `None`, `None` when
///   missing or `null`;
/// - `required`: `T`, always written, an error when missing;
/// - `nullable`: `Option<T>`, always written (`None` as `null`), `None` when missing;
/// - `patch`: `Option<Option<T>>`, left out when `None`, `Some(None)` for `null`.
#[allow(unused_macros)] // an API without object types does not use it
macro_rules! json_object {
    ($name:ident { $($field:ident = $wire:literal $($presence:ident)?),* $(,)? }) => {
        impl serde::Serialize for $name {
            #[allow(unused_mut)] // an object without fields
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                $($crate::runtime::json_object!(@write [$($presence)?] map, $wire, self.$field);)*
                map.end()
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                // Named so that no model type (always UpperCamelCase) can shadow it.
                struct __Visitor;

                impl<'de> serde::de::Visitor<'de> for __Visitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("an object for ", stringify!($name)))
                    }

                    #[allow(unused_mut)] // an object without fields
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        $(let mut $field = None;)*
                        while let Some(key) = map.next_key::<$crate::runtime::Key<'de>>()? {
                            match key.as_str() {
                                $($wire => $field = Some(map.next_value()?),)*
                                _ => {
                                    map.next_value::<serde::de::IgnoredAny>()?;
                                }
                            }
                        }
                        Ok($name {
                            $($field: $crate::runtime::json_object!(@read [$($presence)?] $field, $wire),)*
                        })
                    }
                }

                deserializer.deserialize_map(__Visitor)
            }
        }
    };
    // Optional (no marker) and patch fields are left out when `None`; a patch field's
    // `Some(None)` is written as `null`.
    (@write [$(patch)?] $map:ident, $wire:literal, $value:expr) => {
        if let Some(value) = &$value {
            $map.serialize_entry($wire, value)?;
        }
    };
    // Required and nullable fields are always written (a misspelled marker fails in `@read`).
    (@write [$always:ident] $map:ident, $wire:literal, $value:expr) => {
        $map.serialize_entry($wire, &$value)?
    };
    (@read [required] $slot:ident, $wire:literal) => {
        $slot.ok_or_else(|| serde::de::Error::missing_field($wire))?
    };
    // The slot is already the field: `None` if missing, `Some(None)` for `null`.
    (@read [patch] $slot:ident, $wire:literal) => {
        $slot
    };
    // Optional (no marker) and nullable fields: missing or `null` is `None`.
    (@read [$(nullable)?] $slot:ident, $wire:literal) => {
        $slot.flatten()
    };
}

pub(crate) use json_object;

//! What the model types need from the runtime (`--types-only`): their JSON impls and checks.

mod error;
{%- if features.multipart %}
mod multipart;
{%- endif %}
mod object;
mod validate;

pub use error::{Error, InvalidInput};
{%- if features.multipart %}
pub use multipart::FilePart;
{%- endif %}
#[allow(unused_imports)] // an API without object types does not use them
pub(crate) use object::{json_object, Key};
#[allow(unused_imports)] // which checks are used depends on the API
pub(crate) use validate::{ {%- if features.email %}check_email, {% endif %}check_bounds, {% if features.entry_counts %}check_entries, {% endif %}check_items, check_length, check_one_of, check_pattern, check_range, {% if features.unique_items %}check_unique, {% endif %}string_enum_traits};
pub use validate::{Pattern, ToParam, Validate};

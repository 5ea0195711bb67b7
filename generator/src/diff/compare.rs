//! The comparison itself: operations matched by method and path, then parameters, bodies,
//! responses and the types they reach, field by field.

use std::collections::BTreeSet;

use super::{Change, Reach, Report, Semver};
use crate::model::{
    Api, Checks, Kind, Operation, Param, SecurityScheme, SuccessBody, TypeBody, ValueType,
};

/// Which way a value travels decides what breaks: a new required field breaks senders, a
/// removed one breaks receivers.
#[derive(Clone, Copy, PartialEq)]
enum Direction {
    Request,
    Response,
}

struct Differ<'a> {
    old: &'a Api,
    new: &'a Api,
    changes: Vec<Change>,
    /// Type pairs being compared, so recursive types end.
    visiting: BTreeSet<(usize, usize, bool)>,
    /// The direction of the value being compared; `None` for the operation itself.
    direction: Option<Direction>,
}

/// Compares two models. A change inside a component schema is reported once, with every
/// operation and direction it reaches; breaking if it breaks any of them.
pub fn diff(old: &Api, new: &Api) -> Report {
    let mut differ =
        Differ { old, new, changes: Vec::new(), visiting: BTreeSet::new(), direction: None };
    differ.operations();
    differ.security();
    differ.types_removed();
    differ.tags_removed();
    let mut changes: Vec<Change> = Vec::new();
    for change in differ.changes {
        let same = |c: &Change| {
            c.kind == change.kind
                && c.location == change.location
                && c.message == change.message
                && c.rust_item == change.rust_item
        };
        match changes.iter_mut().find(|c| same(c)) {
            Some(existing) => {
                existing.breaking |= change.breaking;
                existing.semver = existing.semver.max(change.semver);
                for reach in change.operations {
                    if !existing.operations.contains(&reach) {
                        existing.operations.push(reach);
                    }
                }
            }
            None => changes.push(change),
        }
    }
    // Stable: breaking first, each group in the order found.
    changes.sort_by_key(|c| !c.breaking);
    Report { changes }
}

fn op_label(op: &Operation) -> String {
    format!("{} {}", op.http_method, op.path)
}

fn kind_label(api: &Api, ty: &ValueType) -> String {
    match &ty.kind {
        Kind::String => "string".into(),
        Kind::Bool => "boolean".into(),
        Kind::Int32 => "int32".into(),
        Kind::Int64 => "int64".into(),
        Kind::Float => "float".into(),
        Kind::Double => "double".into(),
        Kind::DateTime => "date-time".into(),
        Kind::Date => "date".into(),
        Kind::Uuid => "uuid".into(),
        Kind::Bytes => "binary".into(),
        Kind::File => "file".into(),
        Kind::Any => "any".into(),
        Kind::Array(inner) => format!("array of {}", kind_label(api, inner)),
        Kind::Map(inner) => format!("map of {}", kind_label(api, inner)),
        Kind::Named(id) => match &api.types[*id].body {
            TypeBody::Struct(_) => "object".into(),
            TypeBody::Enum { .. } => "string enum".into(),
            TypeBody::Union { .. } => "union".into(),
            TypeBody::Alias(inner) => kind_label(api, inner),
        },
    }
}

impl Differ<'_> {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        kind: &'static str,
        operation: Option<&Operation>,
        location: String,
        message: String,
        breaking: bool,
        semver: Semver,
        rust_item: Option<String>,
    ) {
        let direction = match self.direction {
            Some(Direction::Request) => "request",
            Some(Direction::Response) => "response",
            None => "operation",
        };
        let operations = operation
            .map(|op| Reach {
                operation: op.id.clone(),
                method_path: op_label(op),
                tags: op.tags.clone(),
                direction,
            })
            .into_iter()
            .collect();
        self.changes.push(Change {
            kind,
            operation: operation.map(op_label),
            operations,
            location,
            message,
            breaking,
            semver,
            rust_item,
        });
    }

    /// A type the old crate had and the new one has under no name: its public item is
    /// gone, even when no compared operation reaches it any more (its operations were
    /// removed). A renamed type is reported as `type-renamed` where it is used instead.
    fn types_removed(&mut self) {
        let (old, new) = (self.old, self.new);
        let renamed: BTreeSet<String> = self
            .changes
            .iter()
            .filter(|c| c.kind == "type-renamed")
            .filter_map(|c| c.message.strip_prefix("type `"))
            .filter_map(|m| m.split('`').next())
            .map(str::to_owned)
            .collect();
        let new_names: BTreeSet<&str> = new.types.iter().map(|t| t.name.as_str()).collect();
        for old_def in &old.types {
            if new_names.contains(old_def.name.as_str()) || renamed.contains(&old_def.name) {
                continue;
            }
            let location = old_def
                .origin
                .strip_prefix("/components/schemas/")
                .filter(|name| !name.contains('/'))
                .map_or_else(
                    || old_def.origin.clone(),
                    |name| format!("schema `{}`", name.replace("~1", "/").replace("~0", "~")),
                );
            self.push(
                "type-removed",
                None,
                location,
                format!("type `{}` is no longer generated", old_def.name),
                false,
                Semver::Major,
                Some(format!("types::{}", old_def.name)),
            );
        }
    }

    /// A tag none of whose operations is left: its command-line group and, in a crate split
    /// by tag, its cargo feature are gone (the operations themselves are reported one by one).
    fn tags_removed(&mut self) {
        let groups = |api: &Api| -> BTreeSet<String> {
            api.operations.iter().map(|op| op.names.group.clone()).collect()
        };
        let new_groups = groups(self.new);
        for group in groups(self.old).difference(&new_groups) {
            let feature = crate::build::tag_features::feature_name(group);
            self.push(
                "tag-removed",
                None,
                format!("tag group `{group}`"),
                format!(
                    "no operation of command-line group `{group}` is left; with --features-per-tag its cargo feature `{feature}` is gone"
                ),
                false,
                Semver::Major,
                Some(format!("feature `{feature}`")),
            );
        }
    }

    fn operations(&mut self) {
        let (old, new) = (self.old, self.new);
        for old_op in &old.operations {
            match new
                .operations
                .iter()
                .find(|n| n.http_method == old_op.http_method && n.path == old_op.path)
            {
                None => self.push(
                    "operation-removed",
                    Some(old_op),
                    op_label(old_op),
                    format!("operation `{}` removed", old_op.id),
                    true,
                    Semver::Major,
                    Some(format!("Client::{}", old_op.names.method)),
                ),
                Some(new_op) => self.operation(old_op, new_op),
            }
        }
        for new_op in &new.operations {
            if !old
                .operations
                .iter()
                .any(|o| o.http_method == new_op.http_method && o.path == new_op.path)
            {
                self.push(
                    "operation-added",
                    Some(new_op),
                    op_label(new_op),
                    format!("operation `{}` added", new_op.id),
                    false,
                    Semver::Minor,
                    Some(format!("Client::{}", new_op.names.method)),
                );
            }
        }
    }

    fn operation(&mut self, old_op: &Operation, new_op: &Operation) {
        let at = op_label(new_op);
        if old_op.id != new_op.id {
            self.push(
                "operation-id-changed",
                Some(new_op),
                at.clone(),
                format!("operationId `{}` renamed to `{}`", old_op.id, new_op.id),
                false,
                Semver::Major,
                Some(format!("Client::{} → Client::{}", old_op.names.method, new_op.names.method)),
            );
        }
        match (&old_op.deprecation, &new_op.deprecation) {
            (None, Some(_)) => self.push(
                "operation-deprecated",
                Some(new_op),
                at.clone(),
                "operation deprecated".into(),
                false,
                Semver::Minor,
                Some(format!("Client::{}", new_op.names.method)),
            ),
            (Some(_), None) => self.push(
                "operation-undeprecated",
                Some(new_op),
                at.clone(),
                "operation no longer deprecated".into(),
                false,
                Semver::Patch,
                Some(format!("Client::{}", new_op.names.method)),
            ),
            (Some(a), Some(b)) if a.sunset != b.sunset => self.push(
                "operation-sunset-changed",
                Some(new_op),
                at.clone(),
                format!(
                    "sunset date changed from {} to {}",
                    a.sunset.as_deref().unwrap_or("none"),
                    b.sunset.as_deref().unwrap_or("none")
                ),
                a.sunset.is_none()
                    || b.sunset.as_ref().zip(a.sunset.as_ref()).is_some_and(|(b, a)| b < a),
                Semver::Patch,
                Some(format!("Client::{}", new_op.names.method)),
            ),
            _ => {}
        }
        if let (Some(a), Some(b)) = (&old_op.deprecation, &new_op.deprecation) {
            let (before, after) = (replacement_names(self.old, a), replacement_names(self.new, b));
            if before != after {
                let list = |names: &[String]| {
                    if names.is_empty() {
                        "nothing".to_string()
                    } else {
                        names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                    }
                };
                self.push(
                    "operation-replacement-changed",
                    Some(new_op),
                    at.clone(),
                    format!("replacement changed from {} to {}", list(&before), list(&after)),
                    false,
                    Semver::Patch,
                    Some(format!("Client::{}", new_op.names.method)),
                );
            }
        }
        self.params(old_op, new_op);
        self.media_types(old_op, new_op);
        self.statuses(old_op, new_op);
        let builder = new_op.names.builder.clone();
        match (&old_op.body, &new_op.body) {
            (None, Some(body)) => self.push(
                "request-body-added",
                Some(new_op),
                format!("{at} › request body"),
                format!("request body added{}", if body.required { " (required)" } else { "" }),
                body.required,
                if body.required { Semver::Major } else { Semver::Minor },
                Some(format!("{builder}::body")),
            ),
            (Some(_), None) => self.push(
                "request-body-removed",
                Some(new_op),
                format!("{at} › request body"),
                "request body removed".into(),
                false,
                Semver::Major,
                Some(format!("{builder}::body")),
            ),
            (Some(a), Some(b)) => {
                if !a.required && b.required {
                    self.push(
                        "request-body-became-required",
                        Some(new_op),
                        format!("{at} › request body"),
                        "request body became required".into(),
                        true,
                        Semver::Major,
                        Some(format!("{builder}::body")),
                    );
                }
                self.top_value(
                    &a.ty,
                    &b.ty,
                    Direction::Request,
                    new_op,
                    &format!("{at} › request body"),
                    &format!("{builder}::body"),
                );
            }
            (None, None) => {}
        }
        match (&old_op.success.body, &new_op.success.body) {
            (SuccessBody::Json(a), SuccessBody::Json(b)) => {
                self.top_value(
                    a,
                    b,
                    Direction::Response,
                    new_op,
                    &format!("{at} › response body"),
                    &format!("{builder}::send"),
                );
            }
            (a, b) if std::mem::discriminant(a) != std::mem::discriminant(b) => self.push(
                "response-body-changed",
                Some(new_op),
                format!("{at} › response body"),
                "the success response body changed kind (JSON, bytes or none)".into(),
                true,
                Semver::Major,
                Some(format!("{builder}::send")),
            ),
            _ => {}
        }
    }

    fn params(&mut self, old_op: &Operation, new_op: &Operation) {
        let at = op_label(new_op);
        let same = |a: &Param, b: &Param| a.wire_name == b.wire_name && a.location == b.location;
        for old in &old_op.params {
            let location = format!("{at} › {} parameter `{}`", old.location.name(), old.wire_name);
            let setter = Some(format!("{}::{}", new_op.names.builder, old.rust_name.bare()));
            let Some(new) = new_op.params.iter().find(|n| same(old, n)) else {
                self.push(
                    "request-parameter-removed",
                    Some(new_op),
                    location,
                    format!("parameter `{}` removed", old.wire_name),
                    false,
                    Semver::Major,
                    setter,
                );
                continue;
            };
            if !old.required && new.required {
                self.push(
                    "request-parameter-became-required",
                    Some(new_op),
                    location.clone(),
                    format!("parameter `{}` became required", new.wire_name),
                    true,
                    Semver::Major,
                    setter.clone(),
                );
            }
            if old.required && !new.required {
                self.push(
                    "request-parameter-became-optional",
                    Some(new_op),
                    location.clone(),
                    format!("parameter `{}` became optional", new.wire_name),
                    false,
                    Semver::Patch,
                    setter.clone(),
                );
            }
            if old.default != new.default {
                self.push(
                    "request-parameter-default-changed",
                    Some(new_op),
                    location.clone(),
                    format!(
                        "default of `{}` changed from {} to {}",
                        new.wire_name,
                        show(&old.default),
                        show(&new.default)
                    ),
                    true,
                    Semver::Patch,
                    setter.clone(),
                );
            }
            self.top_value(
                &old.ty,
                &new.ty,
                Direction::Request,
                new_op,
                &location,
                setter.as_deref().unwrap_or_default(),
            );
        }
        for new in &new_op.params {
            if !old_op.params.iter().any(|o| same(o, new)) {
                let location =
                    format!("{at} › {} parameter `{}`", new.location.name(), new.wire_name);
                let setter = Some(format!("{}::{}", new_op.names.builder, new.rust_name.bare()));
                if new.required {
                    self.push(
                        "request-parameter-added-required",
                        Some(new_op),
                        location,
                        format!("required parameter `{}` added", new.wire_name),
                        true,
                        Semver::Major,
                        setter,
                    );
                } else {
                    self.push(
                        "request-parameter-added",
                        Some(new_op),
                        location,
                        format!("optional parameter `{}` added", new.wire_name),
                        false,
                        Semver::Minor,
                        setter,
                    );
                }
            }
        }
    }

    fn media_types(&mut self, old_op: &Operation, new_op: &Operation) {
        let at = op_label(new_op);
        let accept = Some(format!("{}::send", new_op.names.builder));
        for media_type in &old_op.media_types {
            if !new_op.media_types.contains(media_type) {
                self.push(
                    "media-type-removed",
                    Some(new_op),
                    format!("{at} › content"),
                    format!("media type `{media_type}` removed"),
                    true,
                    Semver::Patch,
                    accept.clone(),
                );
            }
        }
        for media_type in &new_op.media_types {
            if !old_op.media_types.contains(media_type) {
                self.push(
                    "media-type-added",
                    Some(new_op),
                    format!("{at} › content"),
                    format!("media type `{media_type}` added"),
                    false,
                    Semver::Patch,
                    accept.clone(),
                );
            }
        }
        if old_op.success.media_type != new_op.success.media_type {
            self.push(
                "accept-changed",
                Some(new_op),
                format!("{at} › content"),
                format!(
                    "the client now sends `Accept: {}` (was `{}`)",
                    new_op.success.media_type.as_deref().unwrap_or("none"),
                    old_op.success.media_type.as_deref().unwrap_or("none")
                ),
                false,
                Semver::Patch,
                accept,
            );
        }
    }

    fn statuses(&mut self, old_op: &Operation, new_op: &Operation) {
        let at = op_label(new_op);
        for status in &old_op.statuses {
            if !new_op.statuses.contains(status) {
                let success = status.starts_with('2');
                self.push(
                    "response-status-removed",
                    Some(new_op),
                    format!("{at} › responses"),
                    format!("status {status} removed"),
                    success,
                    Semver::Patch,
                    None,
                );
            }
        }
        for status in &new_op.statuses {
            if !old_op.statuses.contains(status) {
                let success = status.starts_with('2');
                self.push(
                    "response-status-added",
                    Some(new_op),
                    format!("{at} › responses"),
                    format!("status {status} added"),
                    success,
                    Semver::Patch,
                    None,
                );
            }
        }
    }

    /// Compares a parameter's or a body's value types: the changes found reach `op` in
    /// `direction` (recorded on each for grouping).
    fn top_value(
        &mut self,
        old: &ValueType,
        new: &ValueType,
        direction: Direction,
        op: &Operation,
        location: &str,
        item: &str,
    ) {
        self.direction = Some(direction);
        self.value(old, new, direction, Some(op), location, item);
        self.direction = None;
    }

    /// Compares two value types reached at `location`; `item` names the Rust item.
    fn value(
        &mut self,
        old: &ValueType,
        new: &ValueType,
        direction: Direction,
        op: Option<&Operation>,
        location: &str,
        item: &str,
    ) {
        let (old_label, new_label) = (kind_label(self.old, old), kind_label(self.new, new));
        if old_label != new_label {
            self.push(
                "type-changed",
                op,
                location.to_string(),
                format!("type changed from {old_label} to {new_label}"),
                true,
                Semver::Major,
                Some(item.to_string()),
            );
            return;
        }
        if old.checks.pattern != new.checks.pattern {
            // A new or different pattern may reject what was valid; dropping one does not.
            let stricter = new.checks.pattern.is_some();
            let breaking = stricter && direction == Direction::Request;
            self.push(
                "pattern-changed",
                op,
                location.to_string(),
                format!(
                    "pattern changed from {} to {}",
                    show_pattern(&old.checks.pattern),
                    show_pattern(&new.checks.pattern)
                ),
                breaking,
                Semver::Patch,
                Some(item.to_string()),
            );
        }
        if old.checks.one_of != new.checks.one_of {
            self.numeric_enum(&old.checks, &new.checks, direction, op, location, item);
        }
        if old.checks.email != new.checks.email {
            self.push(
                "format-changed",
                op,
                location.to_string(),
                format!("format `email` {}", if new.checks.email { "added" } else { "removed" }),
                new.checks.email && direction == Direction::Request,
                Semver::Patch,
                Some(item.to_string()),
            );
        }
        match (&old.kind, &new.kind) {
            (Kind::Array(a), Kind::Array(b)) | (Kind::Map(a), Kind::Map(b)) => {
                self.value(a, b, direction, op, &format!("{location}[]"), item)
            }
            (Kind::Named(a), Kind::Named(b)) => self.named(*a, *b, direction, op, location),
            _ => {}
        }
    }

    /// The allowed values of a numeric `enum`, checked by the client before sending: fewer
    /// (or a first restriction) may reject what was valid in a request.
    fn numeric_enum(
        &mut self,
        old: &Checks,
        new: &Checks,
        direction: Direction,
        op: Option<&Operation>,
        location: &str,
        item: &str,
    ) {
        let request = direction == Direction::Request;
        if old.one_of.is_empty() || new.one_of.is_empty() {
            let (change, breaking) = if new.one_of.is_empty() {
                ("no longer restricted".to_string(), false)
            } else {
                (format!("restricted to {}", new.one_of_text()), request)
            };
            self.push(
                "enum-values-changed",
                op,
                location.to_string(),
                format!("allowed values {change}"),
                breaking,
                Semver::Patch,
                Some(item.to_string()),
            );
            return;
        }
        for value in old.one_of.iter().filter(|v| !new.one_of.contains(v)) {
            self.push(
                "enum-value-removed",
                op,
                location.to_string(),
                format!("enum value `{value}` removed"),
                request,
                Semver::Patch,
                Some(item.to_string()),
            );
        }
        for value in new.one_of.iter().filter(|v| !old.one_of.contains(v)) {
            self.push(
                "enum-value-added",
                op,
                location.to_string(),
                format!("enum value `{value}` added"),
                false,
                Semver::Patch,
                Some(item.to_string()),
            );
        }
    }

    fn named(
        &mut self,
        old_id: usize,
        new_id: usize,
        direction: Direction,
        op: Option<&Operation>,
        location: &str,
    ) {
        if !self.visiting.insert((old_id, new_id, direction == Direction::Request)) {
            return;
        }
        let (old_def, new_def) = (&self.old.types[old_id], &self.new.types[new_id]);
        let type_item = format!("types::{}", new_def.name);
        if old_def.name != new_def.name {
            self.push(
                "type-renamed",
                op,
                location.to_string(),
                format!("type `{}` is now `{}`", old_def.name, new_def.name),
                false,
                Semver::Major,
                Some(type_item.clone()),
            );
        }
        // Inside a component schema, changes are located in the schema, not in each place
        // that uses it: one change however many operations reach it.
        // (A schema inline in a component keeps the component's location and its path.)
        let component = new_def
            .origin
            .strip_prefix("/components/schemas/")
            .filter(|name| !name.contains('/'))
            .map(|name| format!("schema `{}`", name.replace("~1", "/").replace("~0", "~")));
        let location = component.as_deref().unwrap_or(location);
        match (&old_def.body, &new_def.body) {
            (TypeBody::Struct(old_fields), TypeBody::Struct(new_fields)) => {
                for old_field in old_fields {
                    let field_location = format!("{location} › {}", old_field.wire_name);
                    let field_item = format!("{type_item}::{}", old_field.rust_name.bare());
                    let Some(new_field) =
                        new_fields.iter().find(|f| f.wire_name == old_field.wire_name)
                    else {
                        let breaking = direction == Direction::Response;
                        self.push(
                            "property-removed",
                            op,
                            field_location,
                            format!("property `{}` removed", old_field.wire_name),
                            breaking,
                            Semver::Major,
                            Some(field_item),
                        );
                        continue;
                    };
                    let (was, is) = (
                        old_field.required && !old_field.nullable,
                        new_field.required && !new_field.nullable,
                    );
                    if was != is {
                        let breaking = match direction {
                            Direction::Request => is,
                            Direction::Response => was,
                        };
                        let message = format!(
                            "property `{}` became {}",
                            new_field.wire_name,
                            if is { "required" } else { "optional" }
                        );
                        self.push(
                            if is {
                                "property-became-required"
                            } else {
                                "property-became-optional"
                            },
                            op,
                            field_location.clone(),
                            message,
                            breaking,
                            Semver::Major,
                            Some(field_item.clone()),
                        );
                    }
                    for (what, was, is) in [
                        ("read-only", old_field.read_only, new_field.read_only),
                        ("write-only", old_field.write_only, new_field.write_only),
                        ("nullable", old_field.nullable, new_field.nullable),
                    ] {
                        if was != is {
                            let message = format!(
                                "property `{}` {} {what}",
                                new_field.wire_name,
                                if is { "became" } else { "is no longer" }
                            );
                            // A value that may now be `null` breaks a receiver that did not expect it.
                            let breaking =
                                what == "nullable" && is && direction == Direction::Response;
                            self.push(
                                "property-flag-changed",
                                op,
                                field_location.clone(),
                                message,
                                breaking,
                                Semver::Major,
                                Some(field_item.clone()),
                            );
                        }
                    }
                    self.value(
                        &old_field.ty,
                        &new_field.ty,
                        direction,
                        op,
                        &field_location,
                        &field_item,
                    );
                }
                for new_field in new_fields {
                    if !old_fields.iter().any(|f| f.wire_name == new_field.wire_name) {
                        let required = new_field.required && !new_field.nullable;
                        let breaking = required && direction == Direction::Request;
                        let message = format!(
                            "{} property `{}` added",
                            if required { "required" } else { "optional" },
                            new_field.wire_name
                        );
                        // A struct with public fields gains one: struct literals stop compiling.
                        self.push(
                            if required { "property-added-required" } else { "property-added" },
                            op,
                            format!("{location} › {}", new_field.wire_name),
                            message,
                            breaking,
                            Semver::Major,
                            Some(format!("{type_item}::{}", new_field.rust_name.bare())),
                        );
                    }
                }
            }
            (
                TypeBody::Enum { values: old_values, .. },
                TypeBody::Enum { values: new_values, .. },
            ) => {
                for value in old_values {
                    if !new_values.iter().any(|v| v.wire == value.wire) {
                        self.push(
                            "enum-value-removed",
                            op,
                            location.to_string(),
                            format!("enum value `{}` removed", value.wire),
                            direction == Direction::Request,
                            Semver::Major,
                            Some(format!("{type_item}::{}", value.rust_name)),
                        );
                    }
                }
                for value in new_values {
                    if !old_values.iter().any(|v| v.wire == value.wire) {
                        // The enum is non-exhaustive with a catch-all: new values never break decoding.
                        self.push(
                            "enum-value-added",
                            op,
                            location.to_string(),
                            format!("enum value `{}` added", value.wire),
                            false,
                            Semver::Minor,
                            Some(format!("{type_item}::{}", value.rust_name)),
                        );
                    }
                }
            }
            (
                TypeBody::Union { variants: old_variants, .. },
                TypeBody::Union { variants: new_variants, .. },
            ) => {
                for (index, old_variant) in old_variants.iter().enumerate() {
                    let matching = new_variants
                        .iter()
                        .find(|v| v.rust_name == old_variant.rust_name)
                        .or_else(|| new_variants.get(index));
                    match matching {
                        Some(new_variant) => self.value(
                            &old_variant.ty,
                            &new_variant.ty,
                            direction,
                            op,
                            &format!("{location} › ({})", new_variant.rust_name),
                            &format!("{type_item}::{}", new_variant.rust_name),
                        ),
                        None => self.push(
                            "union-variant-removed",
                            op,
                            location.to_string(),
                            format!("choice `{}` removed", old_variant.rust_name),
                            direction == Direction::Response,
                            Semver::Major,
                            Some(format!("{type_item}::{}", old_variant.rust_name)),
                        ),
                    }
                }
                for new_variant in new_variants.iter().skip(old_variants.len()) {
                    self.push(
                        "union-variant-added",
                        op,
                        location.to_string(),
                        format!("choice `{}` added", new_variant.rust_name),
                        direction == Direction::Response,
                        Semver::Major,
                        Some(format!("{type_item}::{}", new_variant.rust_name)),
                    );
                }
            }
            (TypeBody::Alias(a), TypeBody::Alias(b)) => {
                let (a, b) = (a.clone(), b.clone());
                self.value(&a, &b, direction, op, location, &type_item);
            }
            _ => self.push(
                "type-changed",
                op,
                location.to_string(),
                format!("type `{}` changed shape", new_def.name),
                true,
                Semver::Major,
                Some(type_item),
            ),
        }
        self.visiting.remove(&(old_id, new_id, direction == Direction::Request));
    }

    fn security(&mut self) {
        let name = |s: &SecurityScheme| match s {
            SecurityScheme::HttpDigest { name }
            | SecurityScheme::HttpBasic { name }
            | SecurityScheme::HttpBearer { name }
            | SecurityScheme::OAuth2ClientCredentials { name, .. }
            | SecurityScheme::ApiKey { name, .. } => name.clone(),
        };
        let constructor = |s: &SecurityScheme| match s {
            SecurityScheme::HttpDigest { .. } => Some("Credentials::digest".to_string()),
            SecurityScheme::OAuth2ClientCredentials { .. } => {
                Some("Credentials::service_account".to_string())
            }
            _ => None,
        };
        for old in &self.old.security {
            match self.new.security.iter().find(|n| name(n) == name(old)) {
                None => self.push(
                    "security-scheme-removed",
                    None,
                    format!("components › securitySchemes › {}", name(old)),
                    format!("security scheme `{}` removed", name(old)),
                    true,
                    Semver::Major,
                    constructor(old),
                ),
                Some(new) => {
                    if let (
                        SecurityScheme::OAuth2ClientCredentials { token_url: a, .. },
                        SecurityScheme::OAuth2ClientCredentials { token_url: b, .. },
                    ) = (old, new)
                    {
                        if a != b {
                            self.push(
                                "security-token-url-changed",
                                None,
                                format!("components › securitySchemes › {}", name(new)),
                                format!("token URL changed from {a} to {b}"),
                                true,
                                Semver::Patch,
                                Some("DEFAULT_TOKEN_URL".into()),
                            );
                        }
                    } else if std::mem::discriminant(old) != std::mem::discriminant(new) {
                        self.push(
                            "security-scheme-changed",
                            None,
                            format!("components › securitySchemes › {}", name(new)),
                            format!("security scheme `{}` changed type", name(new)),
                            true,
                            Semver::Major,
                            constructor(old),
                        );
                    }
                }
            }
        }
        for new in &self.new.security {
            if !self.old.security.iter().any(|o| name(o) == name(new)) {
                self.push(
                    "security-scheme-added",
                    None,
                    format!("components › securitySchemes › {}", name(new)),
                    format!("security scheme `{}` added", name(new)),
                    false,
                    Semver::Minor,
                    constructor(new),
                );
            }
        }
    }
}

fn show(value: &Option<serde_json::Value>) -> String {
    value.as_ref().map(|v| format!("`{v}`")).unwrap_or_else(|| "none".into())
}

fn show_pattern(pattern: &Option<String>) -> String {
    pattern.as_ref().map(|p| format!("`{p}`")).unwrap_or_else(|| "none".into())
}

/// What a deprecation points to: operationIds for linked operations, the text otherwise
/// (an unresolved `x-replaced-by` is compared by its bare name).
fn replacement_names(api: &Api, deprecation: &crate::model::Deprecation) -> Vec<String> {
    use crate::deprecation::{replacement_names, Naming, Prose};
    replacement_names(api, deprecation, Naming::OperationId, Prose::Bare)
}

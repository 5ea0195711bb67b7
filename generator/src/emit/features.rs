//! Which optional dependencies the generated crate needs: a crate for a bearer-token API
//! should not compile an MD5 Digest implementation, nor `chrono` without a date in sight.

use crate::model::{Api, Kind, SecurityScheme, SuccessBody, TypeBody, ValueType};

/// What the API uses that only some APIs use, each deciding one dependency.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Features {
    /// A Digest scheme: `digest_auth`.
    pub digest: bool,
    /// A `format: email` check: `email_address`.
    pub email: bool,
    /// A `minProperties`/`maxProperties` check of a map: `check_entries`.
    pub entry_counts: bool,
    /// A `uniqueItems` check of a list: `check_unique`.
    pub unique_items: bool,
    /// A `date` or `date-time` value: `chrono`.
    pub dates: bool,
    /// A `uuid` value: `uuid`.
    pub uuid: bool,
    /// An HTTP Basic scheme: `base64`, for its header.
    pub basic: bool,
    /// A multipart body: reqwest's `multipart` feature and the runtime's `FilePart`.
    pub multipart: bool,
    /// A streaming reply: the runtime's event parser and `send_events`.
    pub events: bool,
    /// An operation with its own `security`: the client's credentials per scheme.
    pub scheme_credentials: bool,
    /// A JSON reply that may be `null` itself: `send_methods!`'s `nullable` arms.
    pub nullable_replies: bool,
}

impl Features {
    pub fn of(api: &Api) -> Self {
        let mut features = Features {
            digest: api.security.iter().any(|s| matches!(s, SecurityScheme::HttpDigest { .. })),
            basic: api.security.iter().any(|s| matches!(s, SecurityScheme::HttpBasic { .. })),
            events: api.operations.iter().any(|op| op.success.stream.is_some()),
            scheme_credentials: api.operations.iter().any(|op| !op.security.is_empty()),
            nullable_replies: api
                .operations
                .iter()
                .any(|op| op.success.nullable && matches!(op.success.body, SuccessBody::Json(_))),
            multipart: api.operations.iter().any(|op| {
                op.body.as_ref().is_some_and(|b| b.wire == crate::model::BodyWire::Multipart)
            }),
            ..Features::default()
        };
        for def in &api.types {
            features.entry_counts |= def.min_properties.is_some() || def.max_properties.is_some();
            match &def.body {
                TypeBody::Struct(fields) => {
                    fields.iter().for_each(|field| features.visit(&field.ty))
                }
                TypeBody::Union { variants, .. } => {
                    variants.iter().for_each(|variant| features.visit(&variant.ty))
                }
                TypeBody::Alias(ty) => features.visit(ty),
                TypeBody::Enum { .. } => {}
            }
        }
        for op in &api.operations {
            op.params.iter().for_each(|param| features.visit(&param.ty));
            if let Some(body) = &op.body {
                features.visit(&body.ty);
            }
            if let SuccessBody::Json(ty) = &op.success.body {
                features.visit(ty);
            }
            if let Some(stream) = &op.success.stream {
                features.visit(&stream.item);
            }
        }
        if let Some(ty) = &api.error_type {
            features.visit(ty);
        }
        features
    }

    /// Named types are visited once, from `api.types`; this looks through lists and maps.
    fn visit(&mut self, ty: &ValueType) {
        self.email |= ty.checks.email;
        self.unique_items |= ty.checks.unique_items;
        self.entry_counts |=
            ty.checks.min_properties.is_some() || ty.checks.max_properties.is_some();
        match &ty.kind {
            Kind::Date | Kind::DateTime => self.dates = true,
            Kind::Uuid => self.uuid = true,
            Kind::Array(inner) | Kind::Map(inner) => self.visit(inner),
            _ => {}
        }
    }
}

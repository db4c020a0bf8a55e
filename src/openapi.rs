//! OpenAPI schemas of the core's hand-serialised types, for the partner API's document (feature
//! `openapi`, server only: the browser build never carries it).
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::calendar::{Date, Month};
use crate::money::Cents;

impl PartialSchema for Cents {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
            .description(Some("Montant en centimes d'euro (123456 = 1 234,56 €)"))
            .into()
    }
}
impl ToSchema for Cents {}

impl PartialSchema for Month {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(r"^[0-9]{4}-(0[1-9]|1[0-2])$"))
            .examples([serde_json::json!("2021-03")])
            .description(Some("Mois, AAAA-MM"))
            .into()
    }
}
impl ToSchema for Month {}

impl PartialSchema for Date {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
            .description(Some("Date, AAAA-MM-JJ"))
            .into()
    }
}
impl ToSchema for Date {}

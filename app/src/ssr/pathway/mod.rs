//! The server side of [`crate::pathway`]: reading a pathway, and every change staff and partners
//! record on it.
//!
//! - [`inputs`]: what staff type in the forms, parsed once into typed commands;
//! - [`commands`]: the typed commands and the one function that applies them — checked against the
//!   role and the unit, validated by the core status machine, and written in one transaction,
//!   conditional on the status that was read, together with the timeline event, the message to
//!   the person, the audit row and (for partners) the idempotency record;
//! - [`messages`]: what the person is told, and the labels shared by the pages and the messages;
//! - [`queries`]: reading a pathway, the staff lists and the inbox;
//! - [`export`]: the managers' CSV export;
//! - [`sanctions`]: reading the suspension-remobilisation procedure;
//! - [`deadlines`]: the staff worklists of the law's deadlines.
pub mod commands;
pub mod deadlines;
pub mod export;
pub mod inputs;
pub mod messages;
pub mod queries;
pub mod sanctions;

pub use commands::{
    Author, Change, Command, IdempotencyRecord, PersonCore, SanctionCommand, answer, apply, ask,
    beneficiary_sanction, staff_apply,
};
pub use export::{ExportFilter, ExportRow};
pub use inputs::{paris_to_utc, parse_date, parse_time};
pub use messages::when_label;
pub use queries::staff_file;

use passerelle::Date;

fn today() -> Date {
    crate::clock::today()
}

//! Running as one of several hubs over a shared database: keeping the leases of the
//! boards this hub serves (see [`lease`]). The database side of a lease, and the fencing
//! of late writes, live in `storage/postgres.rs`; the board task knows of neither.

pub mod lease;

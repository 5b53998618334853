//! Running as one of several hubs over a shared database: keeping the leases of the
//! boards this hub serves ([`lease`]) and relaying commands and committed batches between
//! the hubs that have screens on one board ([`relay`]). The database side of a lease, and
//! the fencing of late writes, live in `storage/postgres.rs`; the board task reaches the
//! relay through [`relay::Link`] and knows neither SQL nor NATS.

pub mod lease;
pub mod relay;

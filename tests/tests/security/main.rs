//! Panneau on a public address: the limits and protections against abuse, one module per
//! abuse (the rows of README's Security section), linked as one test binary.

mod admission;
mod connection_caps;
mod create_key;
mod flood_commands;
mod flood_creations;
mod flood_drags;
mod join_guessing;
mod origin;
mod retention;
mod secrets_at_rest;
mod slowloris;
mod tls;

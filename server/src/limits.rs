//! Limits against abuse of volume, kept in the hub (the workshop model knows nothing of
//! them): token buckets (governor's GCRA) per connection for commands and drags, per
//! address for failed hellos, workshop creations and new connections; caps on the
//! connections one address holds open. Every refusal says when to try again.

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The limits, all configurable; the defaults let a full room behind one address (a venue's
/// Wi-Fi) work as usual and stop a script long before it harms anyone.
#[derive(Clone, Debug)]
pub struct LimitConfig {
    /// Commands one sender (a board's facilitator, a participant, a wall's address) may send
    /// per second, on average, and in a burst, whatever connections they use.
    pub commands_per_s: u32,
    pub command_burst: u32,
    /// Messages of any kind one connection may send per second (bursts of twice as many):
    /// far above what a screen sends (a drag is one message per display frame), so only
    /// a flood meets it, and is closed.
    pub messages_per_s: u32,
    /// Live positions relayed per card and per connection each second; between two, the
    /// latest position waits and replaces any older one.
    pub drags_per_card_per_s: u32,
    /// Hellos from one address that may fail (a wrong code or key) per minute, in a burst.
    pub failed_hellos_per_min: u32,
    /// Workshops one address may create per hour, in a burst.
    pub creations_per_hour: u32,
    /// New connections one address may open per second, and in a burst (a room whose
    /// Wi-Fi came back).
    pub connections_per_s: u32,
    pub connection_burst: u32,
    /// Connections one address may hold open at once.
    pub connections_per_ip: usize,
}

impl Default for LimitConfig {
    fn default() -> LimitConfig {
        LimitConfig {
            commands_per_s: 30,
            command_burst: 90,
            messages_per_s: 600,
            drags_per_card_per_s: 30,
            failed_hellos_per_min: 30,
            creations_per_hour: 60,
            connections_per_s: 20,
            connection_burst: 200,
            connections_per_ip: 1000,
        }
    }
}

fn nonzero(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n.max(1)).expect("at least 1")
}

/// Why an address is turned away, and for how long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TooMany {
    /// Over a rate: try again after this long.
    Rate(Duration),
    /// At the cap of open connections: close one first.
    Open(usize),
}

impl TooMany {
    /// The refusal that says so, with when to try again.
    pub fn rejection(self) -> panneau_shared::Rejection {
        use panneau_shared::{Detail, Rejection, RejectionCode};
        let retry_after_s = self.retry_after_s();
        let mut rejection = Rejection::detailed(
            RejectionCode::RateLimited,
            Detail::SlowDown { retry_after_s },
        );
        if let TooMany::Open(open) = self {
            rejection.message = format!(
                "{open} connections are already open from this address; close one, then retry in {retry_after_s} s"
            );
        }
        rejection
    }

    /// Whole seconds to wait, at least one: what `Retry-After` and the refusal say.
    pub fn retry_after_s(self) -> u32 {
        match self {
            TooMany::Rate(wait) => wait.as_secs_f64().ceil().max(1.0) as u32,
            TooMany::Open(_) => 5,
        }
    }
}

/// Whose command budget a connection spends: the board's facilitator (all their
/// consoles together), a participant's token (all their devices), or for anyone else
/// (a wall, which sends no commands) their address. A client that reconnects finds its
/// budget as it left it. Made once per connection and shared, so that counting a
/// command allocates nothing.
pub fn sender_key(
    code: &str,
    credential: &panneau_shared::protocol::Credential,
    ip: IpAddr,
) -> Arc<str> {
    use panneau_shared::protocol::Credential;
    // As the hub finds the board: " abc234" and "ABC234" are one board, one budget.
    let code = crate::hub::normalise_code(code).unwrap_or_else(|| code.to_owned());
    let key = match credential {
        Credential::Facilitator { .. } => format!("{code}/facilitator"),
        Credential::Participant { token } => format!("{code}/p/{token}"),
        Credential::Wall => format!("{code}/wall/{ip}"),
    };
    key.into()
}

/// The address a request comes from: the peer's, or, behind a reverse proxy that says so
/// (`--client-ip-header X-Forwarded-For`), the last address that proxy appended. Only a
/// header the operator names is trusted: any client can write one.
pub fn client_ip(
    peer: std::net::SocketAddr,
    headers: &axum::http::HeaderMap,
    trusted: Option<&axum::http::HeaderName>,
) -> IpAddr {
    trusted
        .and_then(|name| headers.get(name))
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.rsplit(',').next())
        .and_then(|last| last.trim().parse().ok())
        .unwrap_or(peer.ip())
}

/// The per-address limits of one hub, shared by every connection and request.
pub struct Limits {
    pub config: LimitConfig,
    clock: DefaultClock,
    failed_hellos: DefaultKeyedRateLimiter<IpAddr>,
    /// Addresses that failed too many hellos, and until when they are turned away.
    shut_out: dashmap::DashMap<IpAddr, Instant>,
    creations: DefaultKeyedRateLimiter<IpAddr>,
    connections: DefaultKeyedRateLimiter<IpAddr>,
    open: dashmap::DashMap<IpAddr, usize>,
    /// Keyed by sender rather than by connection: reconnecting does not refill it.
    commands: DefaultKeyedRateLimiter<Arc<str>>,
}

impl Limits {
    pub fn new(config: LimitConfig) -> Arc<Limits> {
        let per = |quota: Quota, burst: u32| quota.allow_burst(nonzero(burst));
        Arc::new(Limits {
            failed_hellos: DefaultKeyedRateLimiter::keyed(Quota::per_minute(nonzero(
                config.failed_hellos_per_min,
            ))),
            shut_out: dashmap::DashMap::new(),
            creations: DefaultKeyedRateLimiter::keyed(Quota::per_hour(nonzero(
                config.creations_per_hour,
            ))),
            connections: DefaultKeyedRateLimiter::keyed(per(
                Quota::per_second(nonzero(config.connections_per_s)),
                config.connection_burst,
            )),
            open: dashmap::DashMap::new(),
            commands: DefaultKeyedRateLimiter::keyed(per(
                Quota::per_second(nonzero(config.commands_per_s)),
                config.command_burst,
            )),
            clock: DefaultClock::default(),
            config,
        })
    }

    /// Whether `ip` may create a workshop now.
    pub fn create(&self, ip: IpAddr) -> Result<(), TooMany> {
        self.creations
            .check_key(&ip)
            .map_err(|until| TooMany::Rate(until.wait_time_from(self.clock.now())))
    }

    /// Whether `ip` may open one more connection now; the slot frees itself when dropped.
    pub fn open(self: &Arc<Self>, ip: IpAddr) -> Result<OpenSlot, TooMany> {
        if let Some(until) = self.shut_out_until(ip) {
            return Err(TooMany::Rate(until));
        }
        self.connections
            .check_key(&ip)
            .map_err(|until| TooMany::Rate(until.wait_time_from(self.clock.now())))?;
        let mut open = self.open.entry(ip).or_insert(0);
        if *open >= self.config.connections_per_ip {
            return Err(TooMany::Open(*open));
        }
        *open += 1;
        Ok(OpenSlot {
            limits: self.clone(),
            ip,
        })
    }

    /// How long `ip` is still turned away for failing too many hellos, if it is.
    pub fn shut_out_until(&self, ip: IpAddr) -> Option<Duration> {
        let until = *self.shut_out.get(&ip)?;
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            self.shut_out.remove(&ip);
            return None;
        }
        Some(left)
    }

    /// Counts a failed hello (a wrong code or key) from `ip`; past the limit the address is
    /// turned away until its bucket refills.
    pub fn hello_failed(&self, ip: IpAddr) {
        if let Err(until) = self.failed_hellos.check_key(&ip) {
            let wait = until.wait_time_from(self.clock.now());
            self.shut_out.insert(ip, Instant::now() + wait);
        }
    }

    /// The budget of messages of one new connection.
    pub fn message_budget(&self) -> DefaultDirectRateLimiter {
        DefaultDirectRateLimiter::direct(
            Quota::per_second(nonzero(self.config.messages_per_s))
                .allow_burst(nonzero(self.config.messages_per_s.saturating_mul(2))),
        )
    }

    /// How long `sender` (see [`sender_key`]) must wait before one more command, if it
    /// must; `None` takes one from its budget.
    pub fn command_wait(&self, sender: &Arc<str>) -> Option<Duration> {
        self.commands
            .check_key(sender)
            .err()
            .map(|until| until.wait_time_from(self.clock.now()))
    }

    /// Forgets the buckets of addresses not seen lately, so that memory follows the
    /// addresses in use, not every address ever seen.
    pub fn forget_idle(&self) {
        self.failed_hellos.retain_recent();
        self.creations.retain_recent();
        self.connections.retain_recent();
        self.commands.retain_recent();
        let now = Instant::now();
        self.shut_out.retain(|_, until| *until > now);
        self.open.retain(|_, open| *open > 0);
    }
}

/// One open connection of an address, counted until dropped.
pub struct OpenSlot {
    limits: Arc<Limits>,
    ip: IpAddr,
}

impl Drop for OpenSlot {
    fn drop(&mut self) {
        if let Some(mut open) = self.limits.open.get_mut(&self.ip) {
            *open = open.saturating_sub(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> IpAddr {
        IpAddr::from([10, 0, 0, last])
    }

    #[test]
    fn an_address_is_turned_away_after_too_many_failed_hellos_and_others_are_not() {
        let limits = Limits::new(LimitConfig {
            failed_hellos_per_min: 3,
            ..LimitConfig::default()
        });
        for _ in 0..3 {
            limits.hello_failed(ip(1));
            assert!(limits.shut_out_until(ip(1)).is_none());
        }
        limits.hello_failed(ip(1));
        let wait = limits.shut_out_until(ip(1)).expect("turned away");
        assert!(wait > Duration::from_secs(10) && wait <= Duration::from_secs(20));
        assert!(limits.open(ip(1)).is_err());
        assert!(limits.shut_out_until(ip(2)).is_none());
        assert!(limits.open(ip(2)).is_ok());
    }

    #[test]
    fn open_connections_are_capped_per_address_and_freed_when_closed() {
        let limits = Limits::new(LimitConfig {
            connections_per_ip: 2,
            ..LimitConfig::default()
        });
        let a = limits.open(ip(1)).unwrap();
        let _b = limits.open(ip(1)).unwrap();
        assert_eq!(limits.open(ip(1)).err(), Some(TooMany::Open(2)));
        drop(a);
        assert!(limits.open(ip(1)).is_ok());
    }

    #[test]
    fn the_address_comes_from_the_peer_unless_a_trusted_header_says() {
        let peer: std::net::SocketAddr = "192.0.2.1:5000".parse().unwrap();
        let mut headers = axum::http::HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            "203.0.113.9, 198.51.100.7".parse().unwrap(),
        );
        let name = axum::http::HeaderName::from_static("x-forwarded-for");
        assert_eq!(client_ip(peer, &headers, None), peer.ip());
        assert_eq!(
            client_ip(peer, &headers, Some(&name)),
            "198.51.100.7".parse::<IpAddr>().unwrap()
        );
        headers.insert("x-forwarded-for", "nonsense".parse().unwrap());
        assert_eq!(client_ip(peer, &headers, Some(&name)), peer.ip());
    }

    #[test]
    fn creations_and_commands_have_their_buckets() {
        let limits = Limits::new(LimitConfig {
            creations_per_hour: 2,
            commands_per_s: 10,
            command_burst: 5,
            ..LimitConfig::default()
        });
        assert!(limits.create(ip(1)).is_ok() && limits.create(ip(1)).is_ok());
        let TooMany::Rate(wait) = limits.create(ip(1)).unwrap_err() else {
            panic!("a rate")
        };
        assert!(wait > Duration::from_secs(60));
        assert!(limits.create(ip(2)).is_ok());
        let (facilitator, someone): (Arc<str>, Arc<str>) =
            ("ABC234/facilitator".into(), "ABC234/p/someone".into());
        for _ in 0..5 {
            assert_eq!(limits.command_wait(&facilitator), None);
        }
        assert!(limits.command_wait(&facilitator).is_some());
        assert_eq!(limits.command_wait(&someone), None);
    }
}

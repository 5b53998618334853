//! Secrets at rest: the server keeps only the SHA-256 digests of facilitator keys and
//! participant tokens, so a copy of the database neither opens a console nor lets anyone
//! act as a participant. A key is 32 letters drawn from 31 (159 bits) and a token the
//! browser's 128 random bits or more, far beyond guessing, so a plain digest is enough:
//! no salt or slow hash adds anything.

use sha2::{Digest, Sha256};

/// The digest of a facilitator key, 64 hex digits.
pub fn digest(key: &str) -> String {
    sha256_hex(b"panneau facilitator key\0", key)
}

/// The digest of a participant token, 64 hex digits: what a board looks tokens up by.
pub fn token_digest(token: &str) -> String {
    sha256_hex(b"panneau participant token\0", token)
}

/// SHA-256 of `secret` after a label, so a key and a token never share a digest.
fn sha256_hex(label: &[u8], secret: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(label);
    hasher.update(secret.as_bytes());
    hex(&hasher.finalize())
}

/// Bytes as lower-case hex digits, two a byte.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `key` is the one whose digest is `stored`, compared in constant time.
pub fn matches(key: &str, stored: &str) -> bool {
    constant_time_eq(digest(key).as_bytes(), stored.as_bytes())
}

/// Whether a stored value is already a digest (64 hex digits) rather than a key kept in
/// plain text by an older version.
pub fn is_digest(stored: &str) -> bool {
    stored.len() == 64 && stored.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Compares secrets without leaking where they differ through timing.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_key_matches_its_digest() {
        let stored = digest("abcdefghijkmnpqrstuvwxyz23456789");
        assert!(is_digest(&stored));
        assert!(!is_digest("abcdefghijkmnpqrstuvwxyz23456789"));
        assert!(matches("abcdefghijkmnpqrstuvwxyz23456789", &stored));
        assert!(!matches("abcdefghijkmnpqrstuvwxyz2345678a", &stored));
        assert!(!matches("", &stored));
        assert!(!stored.contains("abcdefghijk"));
        let token = token_digest("abcdefghijkmnpqrstuvwxyz23456789");
        assert!(is_digest(&token));
        assert_ne!(token, stored, "a key and a token never share a digest");
    }
}

//! PKCE (RFC 7636, S256) and the `state` parameter.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngExt;
use sha2::{Digest, Sha256};

/// A PKCE verifier and its S256 challenge.
#[derive(Debug, Clone)]
pub struct Pkce {
    pub verifier: String,
    pub challenge: String,
}

const VERIFIER_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

impl Pkce {
    /// A fresh 64-character verifier.
    pub fn generate() -> Self {
        let mut rng = rand::rng();
        let verifier: String = (0..64)
            .map(|_| char::from(VERIFIER_CHARS[rng.random_range(0..VERIFIER_CHARS.len())]))
            .collect();
        Self::from_verifier(verifier)
    }

    pub fn from_verifier(verifier: String) -> Self {
        let challenge = challenge_s256(&verifier);
        Self {
            verifier,
            challenge,
        }
    }
}

/// `BASE64URL(SHA256(verifier))` without padding.
pub fn challenge_s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// An unguessable `state` value (256 bits).
pub fn new_state() -> String {
    let bytes: [u8; 32] = rand::random();
    URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b_example() {
        assert_eq!(
            challenge_s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn generated_values_are_well_formed_and_distinct() {
        let a = Pkce::generate();
        let b = Pkce::generate();
        assert_eq!(a.verifier.len(), 64);
        assert!(a.verifier.bytes().all(|c| VERIFIER_CHARS.contains(&c)));
        assert_ne!(a.verifier, b.verifier);
        assert_eq!(a.challenge, challenge_s256(&a.verifier));
        assert_ne!(new_state(), new_state());
        assert_eq!(new_state().len(), 43);
    }
}

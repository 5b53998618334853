//! HTTPS and WSS served directly (`--tls-cert`, `--tls-key`), for a public address without
//! a reverse proxy in front.
//!
//! The certificate is read from PEM files at start and read again when the files change
//! (checked every minute), so a certificate renewed on disk (Let's Encrypt's every two
//! months) is served without a restart; a renewal that cannot be read keeps the current
//! one and says why in the log.

use anyhow::{anyhow, Context};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};
use tokio_rustls::rustls::crypto::ring::default_provider;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::TlsAcceptor;

/// How often the certificate files are looked at for a renewal.
pub const RELOAD_EVERY: Duration = Duration::from_secs(60);

/// The certificate and key being served, and where they come from.
pub struct Tls {
    cert: PathBuf,
    key: PathBuf,
    current: RwLock<Loaded>,
}

struct Loaded {
    acceptor: TlsAcceptor,
    /// The files' modification times when read: a change means a renewal.
    stamp: (Option<SystemTime>, Option<SystemTime>),
}

impl Tls {
    /// Reads the certificate chain and the private key; fails with a sentence naming the
    /// file at fault.
    pub fn load(cert: &Path, key: &Path) -> anyhow::Result<Arc<Tls>> {
        let loaded = Loaded::read(cert, key)?;
        Ok(Arc::new(Tls {
            cert: cert.to_owned(),
            key: key.to_owned(),
            current: RwLock::new(loaded),
        }))
    }

    /// What accepts the next connection.
    pub fn acceptor(&self) -> TlsAcceptor {
        self.current
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .acceptor
            .clone()
    }

    /// Reads the files again if they changed since they were read; `Ok(true)` when a new
    /// certificate is now served.
    pub fn reload_if_changed(&self) -> anyhow::Result<bool> {
        let stamp = stamp(&self.cert, &self.key);
        {
            let current = self
                .current
                .read()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if current.stamp == stamp {
                return Ok(false);
            }
        }
        let loaded = Loaded::read(&self.cert, &self.key);
        let mut current = self
            .current
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match loaded {
            Ok(loaded) => {
                *current = loaded;
                Ok(true)
            }
            Err(err) => {
                // Not again every minute for the same half-written files.
                current.stamp = stamp;
                Err(err)
            }
        }
    }

    /// Looks for a renewal every [`RELOAD_EVERY`] for as long as the server runs.
    pub fn watch(self: &Arc<Tls>) {
        let tls = Arc::downgrade(self);
        tokio::spawn(async move {
            let mut every = tokio::time::interval(RELOAD_EVERY);
            every.tick().await;
            loop {
                every.tick().await;
                let Some(tls) = tls.upgrade() else { return };
                match tls.reload_if_changed() {
                    Ok(true) => {
                        tracing::info!(cert = %tls.cert.display(), "renewed certificate loaded")
                    }
                    Ok(false) => {}
                    Err(err) => {
                        tracing::error!("the renewed certificate could not be loaded, the previous one is still served: {err:#}")
                    }
                }
            }
        });
    }
}

impl Loaded {
    fn read(cert: &Path, key: &Path) -> anyhow::Result<Loaded> {
        // Read the stamp first: a renewal written while reading is read again next time.
        let stamp = stamp(cert, key);
        let chain = CertificateDer::pem_file_iter(cert)
            .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
            .with_context(|| format!("reading the certificate {}", cert.display()))?;
        if chain.is_empty() {
            return Err(anyhow!(
                "{} holds no certificate (PEM, `-----BEGIN CERTIFICATE-----`)",
                cert.display()
            ));
        }
        let private = PrivateKeyDer::from_pem_file(key)
            .with_context(|| format!("reading the private key {}", key.display()))?;
        let mut config = ServerConfig::builder_with_provider(Arc::new(default_provider()))
            .with_safe_default_protocol_versions()
            .context("choosing TLS versions")?
            .with_no_client_auth()
            .with_single_cert(chain, private)
            .with_context(|| {
                format!(
                    "the key {} does not go with the certificate {}",
                    key.display(),
                    cert.display()
                )
            })?;
        // HTTP/1.1 only, as in plain HTTP: its header timeout is what keeps half-sent
        // requests from holding sockets, and the addresses Panneau writes come from `Host`.
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Loaded {
            acceptor: TlsAcceptor::from(Arc::new(config)),
            stamp,
        })
    }
}

fn stamp(cert: &Path, key: &Path) -> (Option<SystemTime>, Option<SystemTime>) {
    let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    (modified(cert), modified(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_pair(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
        let pair = rcgen::generate_simple_self_signed(vec![name.to_owned()]).unwrap();
        let cert = dir.join("cert.pem");
        let key = dir.join("key.pem");
        std::fs::write(&cert, pair.cert.pem()).unwrap();
        std::fs::write(&key, pair.signing_key.serialize_pem()).unwrap();
        (cert, key)
    }

    #[test]
    fn a_missing_or_mismatched_file_is_named_in_the_error() {
        let dir = tempfile::tempdir().unwrap();
        let (cert, key) = write_pair(dir.path(), "localhost");
        let missing = dir.path().join("nowhere.pem");
        let err = Tls::load(&missing, &key).err().unwrap();
        assert!(format!("{err:#}").contains("nowhere.pem"), "{err:#}");
        // A key from another pair does not go with the certificate.
        let other = tempfile::tempdir().unwrap();
        let (_, other_key) = write_pair(other.path(), "localhost");
        let err = Tls::load(&cert, &other_key).err().unwrap();
        assert!(format!("{err:#}").contains("does not go with"), "{err:#}");
        // A key file given as the certificate holds no certificate.
        let err = Tls::load(&key, &key).err().unwrap();
        assert!(format!("{err:#}").contains("no certificate"), "{err:#}");
    }

    #[test]
    fn a_renewed_certificate_is_loaded_and_a_broken_one_keeps_the_current() {
        let dir = tempfile::tempdir().unwrap();
        let (cert, key) = write_pair(dir.path(), "localhost");
        let tls = Tls::load(&cert, &key).unwrap();
        assert!(!tls.reload_if_changed().unwrap(), "nothing changed yet");
        let before = tls.acceptor().config().clone();
        // A renewal: new files (the modification time set apart, whatever the clock's grain).
        write_pair(dir.path(), "localhost");
        let later = SystemTime::now() + Duration::from_secs(5);
        for path in [&cert, &key] {
            std::fs::File::options()
                .write(true)
                .open(path)
                .unwrap()
                .set_modified(later)
                .unwrap();
        }
        assert!(tls.reload_if_changed().unwrap());
        assert!(!Arc::ptr_eq(&before, tls.acceptor().config()));
        // A half-written renewal: an error, and the renewed certificate is still served.
        let served = tls.acceptor().config().clone();
        std::fs::write(&cert, "-----BEGIN CERTIFICATE-----\n").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&cert)
            .unwrap()
            .set_modified(later + Duration::from_secs(5))
            .unwrap();
        assert!(tls.reload_if_changed().is_err());
        assert!(Arc::ptr_eq(&served, tls.acceptor().config()));
        assert!(
            !tls.reload_if_changed().unwrap(),
            "not tried again until it changes"
        );
    }
}

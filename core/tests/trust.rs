//! Which certificate authorities a client trusts, end to end against a loopback HTTPS server
//! whose certificate is signed by the test CA (`tests/fixtures/tls`): by default the
//! operating system's store (read through rustls-native-certs, which honours `SSL_CERT_FILE`);
//! with the system store switched off, only Mozilla's roots plus the extra CA files.
//!
//! One test in its own binary: the system store is read once per process, so `SSL_CERT_FILE`
//! is set before the first client is built and nothing else in this process builds one.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::time::Duration;

use idiligo::*;

#[path = "support/tls.rs"]
mod tls;
use tls::{tls_config, tls_dir};

/// An HTTPS server on 127.0.0.1 answering every request with `trusted`; it runs until the
/// test process ends (each connection is served on its own thread).
fn https_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let config = tls_config();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(conn) = conn else { continue };
            let config = config.clone();
            std::thread::spawn(move || {
                conn.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
                let server = rustls::ServerConnection::new(config).unwrap();
                let mut stream = rustls::StreamOwned::new(server, conn);
                let mut reader = BufReader::new(&mut stream);
                loop {
                    let mut line = String::new();
                    match reader.read_line(&mut line) {
                        Ok(0) | Err(_) => return,
                        Ok(_) if line == "\r\n" => break,
                        Ok(_) => {}
                    }
                }
                drop(reader);
                let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 7\r\nConnection: close\r\n\r\ntrusted");
                stream.conn.send_close_notify();
                let _ = stream.flush();
            });
        }
    });
    port
}

fn fetch(builder: ClientBuilder, url: &str) -> Result<Vec<u8>> {
    let client = builder
        .base_url("http://127.0.0.1:9")
        .token(Token::new("fake-token-trust"))
        .retry_policy(RetryPolicy::none())
        .request_timeout(Duration::from_secs(10))
        .build()?;
    let mut out = Vec::new();
    client.download_to_writer(url, &mut out, DownloadOptions::new())?;
    Ok(out)
}

#[test]
fn the_system_store_is_trusted_unless_switched_off() {
    // The test CA is this process's "system store" (before any client reads it).
    std::env::set_var("SSL_CERT_FILE", tls_dir().join("ca.pem"));
    std::env::remove_var("SSL_CERT_DIR");
    let url = format!("https://127.0.0.1:{}/doc", https_server());

    // The default: the system store.
    assert_eq!(fetch(Client::builder(), &url).unwrap(), b"trusted");

    // System store off, no CA file: Mozilla's roots only, which do not know the test CA.
    let e = fetch(Client::builder().use_system_roots(false), &url).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Tls, "{e}");
    assert!(e.to_string().contains("add_ca_file"), "{e}");

    // System store off, the CA as an extra file: trusted again.
    let builder = Client::builder()
        .use_system_roots(false)
        .add_ca_file(tls_dir().join("ca.pem"));
    assert_eq!(fetch(builder, &url).unwrap(), b"trusted");
}

//! A sandbox that meets a moment without free descriptors (`accept` fails with `EMFILE`)
//! goes on serving once descriptors are free again. One test, alone in its binary, because it
//! lowers the process's descriptor limit and fills it.
#![cfg(target_os = "linux")]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::fd::FromRawFd;
use std::time::Duration;

use idiligo::sandbox::Sandbox;

/// A TCP socket, not connected yet.
fn unconnected_socket() -> TcpStream {
    let fd = unsafe { libc::socket(libc::AF_INET, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0) };
    assert!(fd >= 0, "socket: {}", std::io::Error::last_os_error());
    unsafe { TcpStream::from_raw_fd(fd) }
}

/// Connects `s` to 127.0.0.1:`port` (taking no new descriptor).
fn connect(s: &TcpStream, port: u16) {
    use std::os::fd::AsRawFd;
    let addr = libc::sockaddr_in {
        sin_family: libc::AF_INET as libc::sa_family_t,
        sin_port: port.to_be(),
        sin_addr: libc::in_addr {
            s_addr: u32::from(std::net::Ipv4Addr::LOCALHOST).to_be(),
        },
        sin_zero: [0; 8],
    };
    let rc = unsafe {
        libc::connect(
            s.as_raw_fd(),
            &addr as *const libc::sockaddr_in as *const libc::sockaddr,
            std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t,
        )
    };
    assert_eq!(rc, 0, "connect: {}", std::io::Error::last_os_error());
}

#[test]
fn running_out_of_descriptors_for_a_moment_does_not_stop_the_sandbox() {
    let sb = Sandbox::start().unwrap();
    let port = sb.port();
    // A limit a little above what is open now, so that filling it is cheap.
    let open = std::fs::read_dir("/proc/self/fd").unwrap().count() as libc::rlim_t;
    let mut old = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    assert_eq!(unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut old) }, 0);
    let low = libc::rlimit {
        rlim_cur: open + 64,
        rlim_max: old.rlim_max,
    };
    assert_eq!(unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &low) }, 0);

    // The two client sockets are made first, then every other descriptor is taken. Linux
    // reserves the descriptor of an accepted socket before `accept` waits, so the sandbox
    // accepts the first connection; its next `accept`, for the second, fails with EMFILE
    // while that connection waits in the backlog.
    let sockets: Vec<TcpStream> = (0..2).map(|_| unconnected_socket()).collect();
    let mut held = Vec::new();
    while let Ok(f) = std::fs::File::open("/dev/null") {
        held.push(f);
    }
    let request = format!("GET /nothing HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    let mut clients = Vec::new();
    for s in sockets {
        connect(&s, port);
        (&s).write_all(request.as_bytes()).unwrap();
        clients.push(s);
    }
    // Let the accept loop fail a few times.
    std::thread::sleep(Duration::from_millis(200));
    drop(held);
    assert_eq!(unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &old) }, 0);

    for (i, s) in clients.iter_mut().enumerate() {
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut answer = String::new();
        let read = s.read_to_string(&mut answer);
        assert!(
            read.is_ok() && answer.starts_with("HTTP/1.1 404 "),
            "connection {i}: {read:?}: {answer:?}"
        );
    }
    // And it serves new connections too.
    sb.client().unwrap().create_call("X").unwrap();
}

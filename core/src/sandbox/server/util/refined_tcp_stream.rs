use std::io::Result as IoResult;
use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::{Arc, Weak};

/// One half of a connection: the reading half shuts the socket down for reading when it is
/// dropped, the writing half for writing.
///
/// idiligo patch: the two halves share one socket (`&TcpStream` reads and writes), where
/// upstream duplicated it with `try_clone` (and unwrapped that, so a process out of
/// descriptors panicked the accept thread). A connection is now one descriptor, and the server
/// keeps a [`Weak`] handle on it to end it when the server is closed.
pub struct RefinedTcpStream {
    stream: Arc<TcpStream>,
    close_read: bool,
    close_write: bool,
}

impl RefinedTcpStream {
    /// The reading and the writing half of `stream`, and a handle that does not keep it open.
    pub(crate) fn new(stream: TcpStream) -> (RefinedTcpStream, RefinedTcpStream, Weak<TcpStream>) {
        let stream = Arc::new(stream);
        let handle = Arc::downgrade(&stream);

        let read = RefinedTcpStream {
            stream: stream.clone(),
            close_read: true,
            close_write: false,
        };

        let write = RefinedTcpStream {
            stream,
            close_read: false,
            close_write: true,
        };

        (read, write, handle)
    }

    pub(crate) fn peer_addr(&mut self) -> IoResult<SocketAddr> {
        self.stream.peer_addr()
    }
}

impl Drop for RefinedTcpStream {
    fn drop(&mut self) {
        if self.close_read {
            self.stream.shutdown(Shutdown::Read).ok();
        }

        if self.close_write {
            self.stream.shutdown(Shutdown::Write).ok();
        }
    }
}

impl Read for RefinedTcpStream {
    fn read(&mut self, buf: &mut [u8]) -> IoResult<usize> {
        (&*self.stream).read(buf)
    }
}

impl Write for RefinedTcpStream {
    fn write(&mut self, buf: &[u8]) -> IoResult<usize> {
        (&*self.stream).write(buf)
    }

    fn flush(&mut self) -> IoResult<()> {
        (&*self.stream).flush()
    }
}

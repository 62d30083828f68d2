use std::io::Result as IoResult;
use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};

/// One half of a connection: the reading half shuts the socket down for reading when it is
/// dropped, the writing half for writing.
pub struct RefinedTcpStream {
    stream: TcpStream,
    close_read: bool,
    close_write: bool,
}

impl RefinedTcpStream {
    /// The reading and the writing half of `stream`.
    ///
    /// idiligo patch: upstream unwrapped `try_clone`, so a process out of descriptors panicked
    /// the accept thread and the server stopped accepting; the error is returned instead.
    pub(crate) fn new(stream: TcpStream) -> IoResult<(RefinedTcpStream, RefinedTcpStream)> {
        let (read, write) = (stream.try_clone()?, stream);

        let read = RefinedTcpStream {
            stream: read,
            close_read: true,
            close_write: false,
        };

        let write = RefinedTcpStream {
            stream: write,
            close_read: false,
            close_write: true,
        };

        Ok((read, write))
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
        self.stream.read(buf)
    }
}

impl Write for RefinedTcpStream {
    fn write(&mut self, buf: &[u8]) -> IoResult<usize> {
        self.stream.write(buf)
    }

    fn flush(&mut self) -> IoResult<()> {
        self.stream.flush()
    }
}

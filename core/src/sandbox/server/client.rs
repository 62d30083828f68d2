use ascii::AsciiString;

use std::io::Error as IoError;
use std::io::Result as IoResult;
use std::io::{BufReader, BufWriter, ErrorKind, Read};

use std::net::SocketAddr;
use std::str::FromStr;

use super::common::{HTTPVersion, Method};
use super::request::{self, Request};
use super::util::RefinedTcpStream;
use super::util::{SequentialReader, SequentialReaderBuilder, SequentialWriterBuilder};
use super::{Response, StatusCode};

/// A ClientConnection is an object that will store a socket to a client
/// and return Request objects.
pub struct ClientConnection {
    // address of the client
    remote_addr: IoResult<SocketAddr>,

    // sequence of Readers to the stream, so that the data is not read in
    //  the wrong order
    source: SequentialReaderBuilder<BufReader<RefinedTcpStream>>,

    // sequence of Writers to the stream, to avoid writing response #2 before
    //  response #1
    sink: SequentialWriterBuilder<BufWriter<RefinedTcpStream>>,

    // Reader to read the next header from
    next_header_source: SequentialReader<BufReader<RefinedTcpStream>>,

    // set to true if we know that the previous request is the last one
    no_more_requests: bool,
}

/// Error that can happen when reading a request.
#[derive(Debug)]
enum ReadError {
    WrongRequestLine,
    WrongHeader(HTTPVersion),
    /// the client sent an unrecognized `Expect` header
    ExpectationFailed(HTTPVersion),
    ReadIoError(IoError),
}

/// Why a line of the request head could not be read (idiligo patch: see `read_next_line`).
enum LineError {
    /// The connection failed or ended.
    Io(IoError),
    /// A bare CR or LF: the request is answered 400.
    Malformed,
}

impl LineError {
    /// The read error, with `malformed` for a malformed line.
    fn or(self, malformed: ReadError) -> ReadError {
        match self {
            LineError::Io(e) => ReadError::ReadIoError(e),
            LineError::Malformed => malformed,
        }
    }
}

impl ClientConnection {
    /// Creates a new `ClientConnection` that takes ownership of the `TcpStream`.
    pub fn new(write_socket: RefinedTcpStream, mut read_socket: RefinedTcpStream) -> ClientConnection {
        let remote_addr = read_socket.peer_addr();

        let mut source = SequentialReaderBuilder::new(BufReader::with_capacity(1024, read_socket));
        let first_header = source.next().unwrap();

        ClientConnection {
            source,
            sink: SequentialWriterBuilder::new(BufWriter::with_capacity(1024, write_socket)),
            remote_addr,
            next_header_source: first_header,
            no_more_requests: false,
        }
    }

    /// Reads the next line from self.next_header_source.
    ///
    /// Reads until `CRLF` is reached. The next read will start
    ///  at the first byte of the new line.
    ///
    /// idiligo patch: a bare CR or a bare LF in the request head is malformed (upstream kept
    /// it inside the line, so a bare LF could carry a second header inside a header's value).
    /// RFC 9112 §2.2 lets a server refuse both; IIS answers a bare CR with 400, and so does
    /// the sandbox, for either.
    fn read_next_line(&mut self) -> Result<AsciiString, LineError> {
        let mut buf = Vec::new();
        let mut prev_byte_was_cr = false;

        loop {
            // The source is a BufReader (behind the SequentialReader): byte reads are cheap.
            #[allow(clippy::unbuffered_bytes)]
            let byte = self.next_header_source.by_ref().bytes().next();

            let byte = match byte {
                Some(b) => b.map_err(LineError::Io)?,
                None => {
                    return Err(LineError::Io(IoError::new(
                        ErrorKind::ConnectionAborted,
                        "Unexpected EOF",
                    )))
                }
            };

            match (prev_byte_was_cr, byte) {
                (true, b'\n') => {
                    buf.pop(); // removing the '\r'
                    return AsciiString::from_ascii(buf)
                        .map_err(|_| LineError::Io(IoError::new(ErrorKind::InvalidInput, "Header is not in ASCII")));
                }
                (true, _) | (false, b'\n') => return Err(LineError::Malformed),
                _ => {}
            }

            prev_byte_was_cr = byte == b'\r';

            buf.push(byte);
        }
    }

    /// Reads a request from the stream.
    /// Blocks until the header has been read.
    fn read(&mut self) -> Result<Request, ReadError> {
        let (method, path, version, headers) = {
            // reading the request line
            let (method, path, version) = {
                let line = self.read_next_line().map_err(|e| e.or(ReadError::WrongRequestLine))?;

                parse_request_line(
                    line.as_str().trim(), // TODO: remove this conversion
                )?
            };

            // getting all headers
            let headers = {
                let mut headers = Vec::new();
                loop {
                    let line = self
                        .read_next_line()
                        .map_err(|e| e.or(ReadError::WrongHeader(version.clone())))?;

                    if line.is_empty() {
                        break;
                    };
                    headers.push(match FromStr::from_str(line.as_str().trim()) {
                        // TODO: remove this conversion
                        Ok(h) => h,
                        _ => return Err(ReadError::WrongHeader(version)),
                    });
                }

                headers
            };

            (method, path, version, headers)
        };

        // idiligo patch: upstream unwrapped the peer address here, so a client that left between
        // `accept` and its first request panicked the pool thread; the connection is closed.
        let remote_addr = match &self.remote_addr {
            Ok(addr) => *addr,
            Err(e) => return Err(ReadError::ReadIoError(IoError::new(e.kind(), e.to_string()))),
        };

        // building the writer for the request
        let writer = self.sink.next().unwrap();

        // follow-up for next potential request
        let mut data_source = self.source.next().unwrap();
        std::mem::swap(&mut self.next_header_source, &mut data_source);

        // building the next reader
        let request = request::new_request(method, path, version.clone(), headers, remote_addr, data_source, writer)
            .map_err(|e| match e {
                request::RequestCreationError::CreationIoError(e) => ReadError::ReadIoError(e),
                request::RequestCreationError::ExpectationFailed => ReadError::ExpectationFailed(version),
            })?;

        // return the request
        Ok(request)
    }
}

impl Iterator for ClientConnection {
    type Item = Request;

    /// Blocks until the next Request is available.
    /// Returns None when no new Requests will come from the client.
    fn next(&mut self) -> Option<Request> {
        // the client sent a "connection: close" header in this previous request
        //  or is using HTTP 1.0, meaning that no new request will come
        if self.no_more_requests {
            return None;
        }

        let rq = match self.read() {
            Err(ReadError::WrongRequestLine) => {
                let writer = self.sink.next().unwrap();
                let response = Response::empty(StatusCode(400));
                response.raw_print(writer, HTTPVersion(1, 1), false).ok();
                return None; // we don't know where the next request would start,
                             // se we have to close
            }

            Err(ReadError::WrongHeader(ver)) => {
                let writer = self.sink.next().unwrap();
                let response = Response::empty(StatusCode(400));
                response.raw_print(writer, ver, false).ok();
                return None; // we don't know where the next request would start,
                             // se we have to close
            }

            Err(ReadError::ExpectationFailed(ver)) => {
                let writer = self.sink.next().unwrap();
                let response = Response::empty(StatusCode(417));
                response.raw_print(writer, ver, true).ok();
                return None; // TODO: should be recoverable, but needs handling in case of body
            }

            // idiligo patch: upstream answered a read timeout of kind `TimedOut` (Windows;
            // on Unix it is `WouldBlock`) with 408 before closing. IIS closes an idle
            // connection without a word, and a 408 written to an idle kept-alive
            // connection is read by the client as the answer to its next request; every
            // read error now closes silently.
            Err(ReadError::ReadIoError(e)) => {
                log::debug!("sandbox: closing a connection: {e}");
                return None;
            }

            Ok(rq) => rq,
        };

        // updating the status of the connection
        let connection_header = rq
            .headers()
            .iter()
            .find(|h| h.field.equiv("Connection"))
            .map(|h| h.value.as_str());

        let lowercase = connection_header.map(|h| h.to_ascii_lowercase());

        match lowercase {
            Some(ref val) if val.contains("close") => self.no_more_requests = true,
            // idiligo patch: upstream also closed on `Connection: upgrade`, for a handler
            // that takes the connection over; the sandbox never upgrades, so the
            // connection persists as HTTP/1.1's default says.
            Some(ref val) if !val.contains("keep-alive") && *rq.http_version() == HTTPVersion(1, 0) => {
                self.no_more_requests = true
            }
            None if *rq.http_version() == HTTPVersion(1, 0) => self.no_more_requests = true,
            _ => (),
        };

        Some(rq)
    }
}

/// Parses a "HTTP/1.1" string.
fn parse_http_version(version: &str) -> Result<HTTPVersion, ReadError> {
    let (major, minor) = match version {
        "HTTP/1.0" => (1, 0),
        "HTTP/1.1" => (1, 1),
        // (tiny_http also took "HTTP/0.9", "HTTP/2.0" and "HTTP/3.0": an HTTP/0.9 request has
        // no version in its line, and the other two are never a request line on a plain TCP
        // connection, so all three are a bad request like any other version; tiny_http
        // answered "HTTP/0.9" with an "HTTP/0.9 …" status line and headers, which HTTP/0.9
        // does not have.)
        _ => return Err(ReadError::WrongRequestLine),
    };

    Ok(HTTPVersion(major, minor))
}

/// Parses the request line of the request.
/// eg. GET / HTTP/1.1
fn parse_request_line(line: &str) -> Result<(Method, String, HTTPVersion), ReadError> {
    let mut parts = line.split(' ');

    let method = parts.next().and_then(|w| w.parse().ok());
    let path = parts.next().map(ToOwned::to_owned);
    let version = parts.next().and_then(|w| parse_http_version(w).ok());

    method
        .and_then(|method| Some((method, path?, version?)))
        .ok_or(ReadError::WrongRequestLine)
}

#[cfg(test)]
mod test {
    #[test]
    fn test_parse_request_line() {
        let (method, path, ver) = super::parse_request_line("GET /hello HTTP/1.1").unwrap();

        assert!(method == super::super::Method::Get);
        assert!(path == "/hello");
        assert!(ver == super::super::common::HTTPVersion(1, 1));

        assert!(super::parse_request_line("GET /hello").is_err());
        assert!(super::parse_request_line("qsd qsd qsd").is_err());
        for version in ["HTTP/0.9", "HTTP/1.2", "HTTP/2.0", "http/1.1"] {
            assert!(
                super::parse_request_line(&format!("GET /hello {version}")).is_err(),
                "{version}"
            );
        }
        let (_, _, ver) = super::parse_request_line("GET /hello HTTP/1.0").unwrap();
        assert!(ver == super::super::common::HTTPVersion(1, 0));
    }
}

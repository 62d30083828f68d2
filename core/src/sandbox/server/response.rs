use super::common::{HTTPVersion, Header, StatusCode};
use httpdate::HttpDate;

use std::io::Result as IoResult;
use std::io::{self, Cursor, Read, Write};

use std::str::FromStr;
use std::time::SystemTime;

/// Object representing an HTTP response whose purpose is to be given to a `Request`.
///
/// Some headers cannot be changed. Trying to define the value
/// of one of these will have no effect:
///
///  - `Connection`
///  - `Trailer`
///  - `Transfer-Encoding`
///  - `Upgrade`
///
/// Some headers have special behaviors:
///
///  - `Content-Encoding`: If you define this header, the library
///    will assume that the data from the `Read` object has the specified encoding
///    and will just pass-through.
///
///  - `Content-Length`: The length of the data should be set manually
///    using the `Reponse` object's API. Attempting to set the value of this
///    header will be equivalent to modifying the size of the data but the header
///    itself may not be present in the final result.
///
///  - `Content-Type`: You may only set this header to one value at a time. If you
///    try to set it more than once, the existing value will be overwritten. This
///    behavior differs from the default for most headers, which is to allow them to
///    be set multiple times in the same response.
///
pub struct Response<R> {
    reader: R,
    status_code: StatusCode,
    headers: Vec<Header>,
    // idiligo patch: every answer's length is known (upstream's `Option`, and the buffering of
    // an answer of unknown length for HTTP/1.0 clients, are gone)
    data_length: usize,
    chunked_threshold: Option<usize>,
}

/// Transfer encoding to use when sending the message.
/// Note that only *supported* encoding are listed here.
#[derive(Copy, Clone)]
enum TransferEncoding {
    Identity,
    Chunked,
}

/// The `Server` header of every answer.
const SERVER: &str = concat!("idiligo-sandbox/", env!("CARGO_PKG_VERSION"));

/// Builds a Date: header with the current date.
fn build_date_header() -> Header {
    let d = HttpDate::from(SystemTime::now());
    Header::from_bytes(&b"Date"[..], &d.to_string().into_bytes()[..]).unwrap()
}

fn write_message_header<W>(
    mut writer: W,
    http_version: &HTTPVersion,
    status_code: &StatusCode,
    headers: &[Header],
) -> IoResult<()>
where
    W: Write,
{
    // writing status line
    write!(
        &mut writer,
        "HTTP/{}.{} {} {}\r\n",
        http_version.0,
        http_version.1,
        status_code.0,
        status_code.default_reason_phrase()
    )?;

    // writing headers
    for header in headers.iter() {
        writer.write_all(header.field.as_str().as_ref())?;
        write!(&mut writer, ": ")?;
        writer.write_all(header.value.as_str().as_ref())?;
        write!(&mut writer, "\r\n")?;
    }

    // separator between header and data
    write!(&mut writer, "\r\n")?;

    Ok(())
}

fn choose_transfer_encoding(
    status_code: StatusCode,
    http_version: &HTTPVersion,
    entity_length: usize,
    chunked_threshold: usize,
) -> TransferEncoding {
    // HTTP 1.0 doesn't support other encoding
    if *http_version <= (1, 0) {
        return TransferEncoding::Identity;
    }

    // Per section 3.3.1 of RFC7230:
    // A server MUST NOT send a Transfer-Encoding header field in any response with a status code
    // of 1xx (Informational) or 204 (No Content).
    if status_code.0 < 200 || status_code.0 == 204 {
        return TransferEncoding::Identity;
    }

    // tiny_http let a request's TE header choose the coding of the answer; IIS frames an
    // answer by its own length whatever the request's TE says, and so does the sandbox.

    // if the Content-Length is too big, using chunks writer
    if entity_length >= chunked_threshold {
        return TransferEncoding::Chunked;
    }

    // Identity by default
    TransferEncoding::Identity
}

impl<R> Response<R>
where
    R: Read,
{
    /// A response of `status_code` with `headers` and the `data_length` bytes of `data` as its
    /// body.
    pub fn new(status_code: StatusCode, headers: Vec<Header>, data: R, data_length: usize) -> Response<R> {
        let mut response = Response {
            reader: data,
            status_code,
            headers: Vec::with_capacity(16),
            data_length,
            chunked_threshold: None,
        };

        for h in headers {
            response.add_header(h)
        }

        response
    }

    /// Set a threshold for `Content-Length` from which an answer to an HTTP/1.1 client is
    /// chunked (default 32 KiB; HTTP/1.0 clients, 1xx and 204 answers always get the length).
    pub fn with_chunked_threshold(mut self, length: usize) -> Response<R> {
        self.chunked_threshold = Some(length);
        self
    }

    /// The current `Content-Length` threshold for switching over to
    /// chunked transfer. The default is 32768 bytes. Notice that
    /// chunked transfer is mutually exclusive with sending a
    /// `Content-Length` header as per the HTTP spec.
    pub fn chunked_threshold(&self) -> usize {
        self.chunked_threshold.unwrap_or(32768)
    }

    /// Adds a header to the list.
    /// Does all the checks.
    pub fn add_header<H>(&mut self, header: H)
    where
        H: Into<Header>,
    {
        let header = header.into();

        // ignoring forbidden headers
        if header.field.equiv("Connection")
            || header.field.equiv("Trailer")
            || header.field.equiv("Transfer-Encoding")
            || header.field.equiv("Upgrade")
        {
            return;
        }

        // if the header is Content-Length, setting the data length
        if header.field.equiv("Content-Length") {
            if let Ok(val) = usize::from_str(header.value.as_str()) {
                self.data_length = val
            }

            return;
        // if the header is Content-Type and it's already set, overwrite it
        } else if header.field.equiv("Content-Type") {
            if let Some(content_type_header) = self.headers.iter_mut().find(|h| h.field.equiv("Content-Type")) {
                content_type_header.value = header.value;
                return;
            }
        }

        self.headers.push(header);
    }

    /// Returns the same request, but with an additional header.
    ///
    /// Some headers cannot be modified and some other have a
    ///  special behavior. See the documentation above.
    #[inline]
    pub fn with_header<H>(mut self, header: H) -> Response<R>
    where
        H: Into<Header>,
    {
        self.add_header(header.into());
        self
    }

    /// Returns the same request, but with a different status code.
    #[inline]
    pub fn with_status_code<S>(mut self, code: S) -> Response<R>
    where
        S: Into<StatusCode>,
    {
        self.status_code = code.into();
        self
    }

    /// Prints the HTTP response to a writer.
    ///
    /// This function is the one used to send the response to the client's socket.
    /// Therefore you shouldn't expect anything pretty-printed or even readable.
    ///
    /// The HTTP version passed as argument is used to decide which features (most notably,
    /// encoding) to use.
    ///
    /// Note: does not flush the writer.
    pub fn raw_print<W: Write>(
        mut self,
        mut writer: W,
        http_version: HTTPVersion,
        do_not_send_body: bool,
    ) -> IoResult<()> {
        let transfer_encoding = choose_transfer_encoding(
            self.status_code,
            &http_version,
            self.data_length,
            self.chunked_threshold(),
        );

        // add `Date` if not in the headers
        if !self.headers.iter().any(|h| h.field.equiv("Date")) {
            self.headers.insert(0, build_date_header());
        }

        // add `Server` if not in the headers (idiligo patch: it names the sandbox and its
        // version, where upstream wrote `tiny-http (Rust)`)
        if !self.headers.iter().any(|h| h.field.equiv("Server")) {
            self.headers
                .insert(0, Header::from_bytes(&b"Server"[..], SERVER.as_bytes()).unwrap());
        }

        let (mut reader, data_length) = (self.reader, self.data_length);

        // checking whether to ignore the body of the response
        let do_not_send_body = do_not_send_body
            || match self.status_code.0 {
                // status code 1xx, 204 and 304 MUST not include a body
                100..=199 | 204 | 304 => true,
                _ => false,
            };

        // preparing headers for transfer
        match transfer_encoding {
            TransferEncoding::Chunked => self
                .headers
                .push(Header::from_bytes(&b"Transfer-Encoding"[..], &b"chunked"[..]).unwrap()),

            // idiligo patch: RFC 9110 §8.6, no Content-Length in a 1xx or 204 answer (upstream
            // sent the length of the body it then left out)
            TransferEncoding::Identity if matches!(self.status_code.0, 100..=199 | 204) => {}
            TransferEncoding::Identity => self
                .headers
                .push(Header::from_bytes(&b"Content-Length"[..], format!("{}", data_length).as_bytes()).unwrap()),
        };

        // sending headers
        write_message_header(writer.by_ref(), &http_version, &self.status_code, &self.headers)?;

        // sending the body
        if !do_not_send_body {
            match transfer_encoding {
                TransferEncoding::Chunked => {
                    use chunked_transfer::Encoder;

                    let mut writer = Encoder::new(writer);
                    io::copy(&mut reader, &mut writer)?;
                }

                TransferEncoding::Identity => {
                    if data_length >= 1 {
                        io::copy(&mut reader, &mut writer)?;
                    }
                }
            }
        }

        Ok(())
    }
}

impl Response<Cursor<Vec<u8>>> {
    /// A `200` response with `data` as its body.
    pub fn from_data<D>(data: D) -> Response<Cursor<Vec<u8>>>
    where
        D: Into<Vec<u8>>,
    {
        let data = data.into();
        let data_len = data.len();

        Response::new(StatusCode(200), Vec::with_capacity(0), Cursor::new(data), data_len)
    }
}

impl Response<io::Empty> {
    /// Builds an empty `Response` with the given status code.
    pub fn empty<S>(status_code: S) -> Response<io::Empty>
    where
        S: Into<StatusCode>,
    {
        Response::new(status_code.into(), Vec::with_capacity(0), io::empty(), 0)
    }
}

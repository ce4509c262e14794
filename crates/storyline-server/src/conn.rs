//! Connection serving: HTTP/1.1 with hyper over each accepted TCP
//! connection, with bounds on the request head (size, number of fields) and
//! on how long a client may take to send it. The timer starts whenever the
//! server waits for a request, so it also closes idle keep-alive and
//! half-open connections.
//!
//! Hyper answers a head it cannot accept (malformed: 400, too large: 431,
//! a URL hyper cannot hold: 414) by itself, before any router middleware runs.
//! [`ErrorHeads`] rewrites those few bare answers on their way out so they
//! carry the security headers and the JSON error body like every other
//! response.

use crate::error::{ErrorBody, ErrorDetail};
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// Largest request head (request line and header fields) accepted, in
/// bytes; a larger one is answered 431.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;
/// Most header fields one request may carry; more is a 431.
pub const MAX_HEADERS: usize = 100;

/// The HTTP/1.1 settings of every connection.
pub fn http1(header_timeout: std::time::Duration) -> hyper::server::conn::http1::Builder {
    let mut b = hyper::server::conn::http1::Builder::new();
    b.timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(header_timeout)
        .keep_alive(true)
        .max_header_size(MAX_HEAD_BYTES)
        .max_headers(MAX_HEADERS);
    b
}

/// A connection whose bare, hyper-written error heads are rewritten into
/// full error responses (see the module documentation). Everything else
/// passes through untouched.
pub struct ErrorHeads<IO> {
    io: IO,
    /// A rewritten response being written, standing for `replaces` bytes of
    /// hyper's buffer.
    pending: Option<Rewritten>,
}

struct Rewritten {
    bytes: Vec<u8>,
    written: usize,
    replaces: usize,
}

impl<IO> ErrorHeads<IO> {
    pub fn new(io: IO) -> Self {
        ErrorHeads { io, pending: None }
    }
}

impl<IO: AsyncRead + Unpin> AsyncRead for ErrorHeads<IO> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_read(cx, buf)
    }
}

impl<IO: AsyncWrite + Unpin> AsyncWrite for ErrorHeads<IO> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if this.pending.is_none() {
            match full_error_response(buf) {
                Some(bytes) => {
                    this.pending = Some(Rewritten {
                        bytes,
                        written: 0,
                        replaces: buf.len(),
                    })
                }
                None => return Pin::new(&mut this.io).poll_write(cx, buf),
            }
        }
        let Some(r) = this.pending.as_mut() else {
            unreachable!("set above")
        };
        while r.written < r.bytes.len() {
            match ready!(Pin::new(&mut this.io).poll_write(cx, &r.bytes[r.written..])) {
                Ok(0) => return Poll::Ready(Ok(0)),
                Ok(n) => r.written += n,
                Err(e) => return Poll::Ready(Err(e)),
            }
        }
        let replaces = r.replaces;
        this.pending = None;
        Poll::Ready(Ok(replaces))
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}

/// The statuses hyper answers on its own, with their code and message.
fn hyper_error(status_line: &[u8]) -> Option<(u16, &'static str, String)> {
    Some(match status_line {
        b"HTTP/1.1 400 Bad Request" => (
            400,
            "bad_request",
            "the request line or a header field is malformed".to_string(),
        ),
        b"HTTP/1.1 414 URI Too Long" => (414, "uri_too_long", "the URL is too long".to_string()),
        b"HTTP/1.1 431 Request Header Fields Too Large" => (
            431,
            "header_fields_too_large",
            format!(
                "the request head is too large: at most {MAX_HEADERS} header fields and \
                 {MAX_HEAD_BYTES} bytes"
            ),
        ),
        _ => return None,
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// If `buf` is exactly one bodiless error head that hyper wrote by itself
/// (one of ours always carries a Content-Security-Policy), the full
/// response to send instead: the same status, the security headers and the
/// JSON error body.
fn full_error_response(buf: &[u8]) -> Option<Vec<u8>> {
    let head_len = find(buf, b"\r\n\r\n")?;
    if head_len + 4 != buf.len() {
        return None;
    }
    let head = &buf[..head_len];
    let line_len = find(head, b"\r\n").unwrap_or(head.len());
    let (status, code, message) = hyper_error(&head[..line_len])?;
    let mut fields = Vec::new();
    for field in head[line_len..].split(|&b| b == b'\n') {
        let field = field.strip_suffix(b"\r").unwrap_or(field);
        let name = field.split(|&b| b == b':').next().unwrap_or(b"");
        if name.eq_ignore_ascii_case(b"content-security-policy") {
            return None;
        }
        if !field.is_empty()
            && !name.eq_ignore_ascii_case(b"content-length")
            && !name.eq_ignore_ascii_case(b"content-type")
        {
            fields.push(field);
        }
    }
    let body = serde_json::to_vec(&ErrorBody {
        error: ErrorDetail {
            status,
            code: code.to_string(),
            message,
        },
    })
    .ok()?;
    let mut out = head[..line_len].to_vec();
    out.extend_from_slice(b"\r\n");
    for field in fields {
        out.extend_from_slice(field);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"content-type: application/json\r\n");
    out.extend_from_slice(format!("content-length: {}\r\n", body.len()).as_bytes());
    for (name, value) in crate::headers::SECURITY_HEADERS {
        out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(&body);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_431_head_becomes_a_json_error_with_the_security_headers() {
        let bare = b"HTTP/1.1 431 Request Header Fields Too Large\r\nconnection: close\r\ncontent-length: 0\r\ndate: Mon, 07 Dec 2026 02:00:00 GMT\r\n\r\n";
        let full = String::from_utf8(full_error_response(bare).unwrap()).unwrap();
        let (head, body) = full.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n"));
        assert!(head.contains("\r\nconnection: close\r\n"));
        assert!(head.contains("\r\ncontent-security-policy: default-src 'none'"));
        assert!(head.contains("\r\nx-content-type-options: nosniff"));
        assert!(!head.contains("content-length: 0"));
        assert!(head.contains(&format!("content-length: {}", body.len())));
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(v["error"]["status"], 431);
        assert_eq!(v["error"]["code"], "header_fields_too_large");
    }

    #[test]
    fn responses_of_the_router_and_partial_writes_pass_untouched() {
        let ours = b"HTTP/1.1 400 Bad Request\r\ncontent-security-policy: default-src 'none'\r\ncontent-length: 0\r\n\r\n";
        assert!(full_error_response(ours).is_none());
        let with_body = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 2\r\n\r\n{}";
        assert!(full_error_response(with_body).is_none());
        let ok = b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n";
        assert!(full_error_response(ok).is_none());
        assert!(full_error_response(b"HTTP/1.1 431 Request Header").is_none());
    }
}

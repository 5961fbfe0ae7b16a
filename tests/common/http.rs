//! A tiny HTTP/1.1 server on 127.0.0.1 for fetch tests: fixed routes, one thread per
//! connection, and it stops when dropped. Nothing here reaches beyond the loopback address.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What a route answers.
#[derive(Clone)]
pub enum Reply {
    /// Status, headers, body.
    Fixed(u16, Vec<(String, String)>, Vec<u8>),
    /// 304 when the request carries this ETag, else 200 with the body and the ETag.
    Conditional(String, Vec<u8>),
    /// Waits this long before answering 200.
    Slow(Duration, Vec<u8>),
    /// Redirects to this path.
    Redirect(String),
}

pub struct Server {
    pub base: String,
    stop: Arc<AtomicBool>,
    /// Requests per path, in order.
    pub hits: Arc<Mutex<Vec<String>>>,
    pub requests: Arc<AtomicUsize>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop.
        let _ = TcpStream::connect(self.base.trim_start_matches("http://"));
    }
}

pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
    Reply::Fixed(200, vec![("Content-Type".into(), content_type.into())], body.into())
}

impl Server {
    pub fn start(routes: Vec<(&str, Reply)>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind on loopback");
        let base = format!("http://{}", listener.local_addr().unwrap());
        let routes: Arc<Vec<(String, Reply)>> = Arc::new(routes.into_iter().map(|(p, r)| (p.to_string(), r)).collect());
        let stop = Arc::new(AtomicBool::new(false));
        let hits = Arc::new(Mutex::new(Vec::new()));
        let requests = Arc::new(AtomicUsize::new(0));
        let (stop2, hits2, requests2) = (Arc::clone(&stop), Arc::clone(&hits), Arc::clone(&requests));
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop2.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(stream) = stream else { continue };
                let (routes, hits, requests) = (Arc::clone(&routes), Arc::clone(&hits2), Arc::clone(&requests2));
                std::thread::spawn(move || serve(stream, &routes, &hits, &requests));
            }
        });
        Server { base, stop, hits, requests }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

fn serve(stream: TcpStream, routes: &[(String, Reply)], hits: &Mutex<Vec<String>>, requests: &AtomicUsize) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(stream.try_clone().expect("clone the stream"));
    let mut writer = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let path = request_line.split_whitespace().nth(1).unwrap_or("/").to_string();
        let mut if_none_match = None;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("if-none-match")
            {
                if_none_match = Some(value.trim().to_string());
            }
        }
        requests.fetch_add(1, Ordering::SeqCst);
        hits.lock().unwrap().push(path.clone());
        let reply = routes.iter().find(|(p, _)| *p == path).map(|(_, r)| r.clone());
        let (status, headers, body) = match reply {
            None => (404, vec![], b"not found".to_vec()),
            Some(Reply::Fixed(status, headers, body)) => (status, headers, body),
            Some(Reply::Conditional(etag, body)) => {
                if if_none_match.as_deref() == Some(etag.as_str()) {
                    (304, vec![("ETag".into(), etag)], vec![])
                } else {
                    (200, vec![("ETag".into(), etag), ("Content-Type".into(), "application/rss+xml".into())], body)
                }
            }
            Some(Reply::Slow(wait, body)) => {
                std::thread::sleep(wait);
                (200, vec![], body)
            }
            Some(Reply::Redirect(to)) => (302, vec![("Location".into(), to)], vec![]),
        };
        let mut head = format!("HTTP/1.1 {status} X\r\nContent-Length: {}\r\n", body.len());
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        if writer.write_all(head.as_bytes()).and_then(|()| writer.write_all(&body)).is_err() {
            return;
        }
    }
}

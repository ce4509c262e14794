#!/usr/bin/env python3
"""Writes corpus/warc/sample.warc.gz: three pages of the ScrapingHub article
extraction benchmark (MIT licence) as WARC/1.0 response records, one gzip
member per record, the way crawlers write them. Usage:
    python3 bench/make_sample_warc.py ../shared/bench/aeb/html OUT.warc.gz
"""
import gzip, os, sys, uuid, hashlib

src, out = sys.argv[1], sys.argv[2]
names = sorted(n for n in os.listdir(src) if n.endswith(".html.gz"))[40:43]
with open(out, "wb") as f:
    for i, name in enumerate(names):
        html = gzip.open(os.path.join(src, name)).read()
        http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                + b"Content-Length: %d\r\n\r\n" % len(html) + html)
        rid = uuid.UUID(hashlib.md5(name.encode()).hexdigest())
        head = ("WARC/1.0\r\nWARC-Type: response\r\n"
                f"WARC-Record-ID: <urn:uuid:{rid}>\r\n"
                "WARC-Date: 2020-01-01T00:00:00Z\r\n"
                f"WARC-Target-URI: https://aeb.example/page/{name[:16]}\r\n"
                "Content-Type: application/http; msgtype=response\r\n"
                f"Content-Length: {len(http)}\r\n\r\n").encode()
        f.write(gzip.compress(head + http + b"\r\n\r\n", mtime=0))
print(f"wrote {len(names)} records to {out}")

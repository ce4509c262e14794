#!/usr/bin/env python3
"""Writes corpus/feeds/gulf-news-sitemap.xml.gz (a news sitemap) and
corpus/feeds/linked-pages.warc (the pages two feed stubs link to), the
binary fixtures beside the hand-written feeds. Deterministic: run from the
repository root."""
import gzip

SITEMAP = '''<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://gulfledger.example/politics/qatar-mediation-round</loc>
    <news:news>
      <news:publication><news:name>Gulf Daily Ledger</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2026-12-06T19:30:00+04:00</news:publication_date>
      <news:title>Qatar hosts new round of mediation talks</news:title>
    </news:news>
  </url>
  <url>
    <loc>https://gulfledger.example/about</loc>
  </url>
</urlset>
'''

PAGES = {
    'http://levantwire.example/2026/12/06/beirut-bus-routes': '''<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Beirut approves new bus routes | Levant Wire</title></head>
<body><header><nav><a href="/">Home</a> <a href="/politics">Politics</a></nav></header>
<main><article><h1>Beirut municipality approves new bus routes</h1>
<p>BEIRUT — Beirut's municipal council approved on Sunday four bus routes linking the southern suburbs to the city centre, the first expansion of public transport in the capital in more than a decade.</p>
<p>The routes will be run by a private operator under a five-year licence and will use sixty buses donated by a European development bank, council member Hoda Kassab said after the vote.</p>
<p>Commuters from the suburbs now rely on shared taxis and privately owned vans whose fares have doubled since fuel subsidies were lifted. The council said a single bus ticket would cost less than half the average van fare.</p>
<p>The first two routes are to open in March, once stops have been built along the airport road and in the Cola district.</p>
</article></main><footer>© 2026 Levant Wire</footer></body></html>''',
    'https://gulfledger.example/politics/qatar-mediation-round': '''<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Gulf Daily Ledger</title></head>
<body><main><article>
<p>DOHA — Qatar hosted a new round of mediation talks on Sunday between delegations from the Sudanese army and the Rapid Support Forces, the Qatari foreign ministry said.</p>
<p>Ministry spokesman Majed Al-Ansari said the talks would focus on opening humanitarian corridors to the cities of El Fasher and Kadugli, where aid agencies say hundreds of thousands of people are cut off from food supplies.</p>
<p>Previous rounds in Jeddah and Geneva ended without agreement. Diplomats in Doha said the two sides had not yet agreed to meet face to face and that Qatari officials were carrying messages between their hotel rooms.</p>
<p>The United Nations envoy for Sudan is expected to join the talks on Tuesday.</p>
</article></main></body></html>''',
}


def main():
    with gzip.GzipFile('corpus/feeds/gulf-news-sitemap.xml.gz', 'wb', mtime=0) as f:
        f.write(SITEMAP.encode())
    out = b''
    for n, (url, html) in enumerate(PAGES.items()):
        body = html.encode()
        http = (b'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n'
                b'Content-Length: %d\r\n\r\n' % len(body)) + body
        head = ('WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: %s\r\n'
                'WARC-Date: 2026-12-06T21:00:00Z\r\n'
                'WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-%012d>\r\n'
                'Content-Type: application/http; msgtype=response\r\n'
                'Content-Length: %d\r\n\r\n' % (url, n, len(http))).encode()
        out += head + http + b'\r\n\r\n'
    with open('corpus/feeds/linked-pages.warc', 'wb') as f:
        f.write(out)


if __name__ == '__main__':
    main()

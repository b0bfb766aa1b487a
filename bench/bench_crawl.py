#!/usr/bin/env python
"""URL lists and sitemaps on 127.0.0.x: the first run, the rerun, and what the per-host pace costs.

    python bench/bench_crawl.py [--hosts 4] [--host_delay 0.25] [--work-dir DIR]

Serves the 181 AEB pages (``../shared/bench/aeb/html_gz``) spread over ``--hosts``
local servers (127.0.0.1, 127.0.0.2, ...; each with a robots.txt), half with an
ETag and half with Last-Modified, plus a sitemap index per host over a news
sitemap (.xml, Google News tags) and an archive sitemap (.xml.gz).  Then runs the
job four times, each in this process (DirectRunner): ``--urls`` first run and
rerun, ``--sitemap`` first run and rerun, and prints wall time, pages fetched,
304s, ``lastmod`` skips and what the runs table says.  No network beyond 127.0.0.x.
"""
import argparse
import gzip
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import query  # noqa: E402
from pipeline.run import run  # noqa: E402
from tests.feed_server import FeedServer, Response, http_date  # noqa: E402
from tests.test_crawl_pipeline import news_entry, plain_entry, sitemap_index, urlset  # noqa: E402

AEB = ROOT.parent / "shared" / "bench" / "aeb" / "html_gz"
if not AEB.is_dir():
    AEB = Path("/work/shared/bench/aeb/html_gz")
HTML = {"Content-Type": "text/html; charset=utf-8"}


def serve(hosts: int):
    servers = [FeedServer(host=f"127.0.0.{n + 1}").start() for n in range(hosts)]
    pages = {server: [] for server in servers}
    for n, path in enumerate(sorted(AEB.glob("*.html.gz"))):
        server = servers[n % hosts]
        validators = {"etag": f'"p{n}"'} if n % 2 else {"last_modified": http_date(1_700_000_000)}
        pages[server].append(server.route(f"/news/{n}.html", Response(
            body=gzip.decompress(path.read_bytes()), headers=HTML, **validators)))
    roots = []
    for server, urls in pages.items():
        server.route("/robots.txt", Response(body=b"User-agent: *\nDisallow: /private/\n",
                                             headers={"Content-Type": "text/plain"}))
        half = len(urls) // 2
        news = server.route("/news.xml", Response(body=urlset([news_entry(u, n) for n, u in enumerate(urls[:half])]),
                                                  headers={"Content-Type": "application/xml"}, etag='"n"'))
        archive = server.route("/archive.xml.gz", Response(
            body=gzip.compress(urlset([plain_entry(u) for u in urls[half:]])),
            headers={"Content-Type": "application/gzip"}, etag='"a"'))
        roots.append(server.route("/sitemap_index.xml", Response(body=sitemap_index([news, archive]),
                                                                 headers={"Content-Type": "application/xml"})))
    return servers, [u for urls in pages.values() for u in urls], roots


def timed_run(argv, servers) -> dict:
    before = sum(len(s.requests()) for s in servers)
    started = time.monotonic()
    totals = run(argv)
    seconds = time.monotonic() - started
    return {"seconds": seconds, "requests": sum(len(s.requests()) for s in servers) - before, **totals}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=4)
    parser.add_argument("--host_delay", type=float, default=0.25)
    parser.add_argument("--work-dir", default=None)
    args = parser.parse_args()
    servers, urls, roots = serve(args.hosts)
    work = Path(tempfile.mkdtemp(prefix="bench-crawl-", dir=args.work_dir))
    listing = work / "urls.txt"
    listing.write_text("\n".join(urls) + "\n")
    common = ["--allow_private_addresses", "--host_delay", str(args.host_delay), "--no_summary", "--quiet"]
    print(f"{len(urls)} pages on {args.hosts} hosts, --host_delay {args.host_delay}: the pace alone needs "
          f"≥ {len(urls) / args.hosts * args.host_delay:.1f} s per pass")
    print(f"{'run':24s} {'seconds':>8s} {'requests':>8s} {'fetched':>8s} {'304':>5s} {'lastmod':>7s} "
          f"{'articles':>8s} {'runs: seen/skipped/new':>24s}")
    for name, source in (("urls", ["--urls", str(listing)]),
                         ("sitemap", [arg for root in roots for arg in ("--sitemap", root)])):
        out = work / name
        for attempt in ("first run", "rerun"):
            totals = timed_run([*source, "--output", str(out), *common], servers)
            con = query.connect(str(out))
            articles = con.sql("select count(*) from articles").fetchall()[0][0]
            seen, skipped, new = con.sql("select inputs_seen, inputs_skipped_unchanged, articles_new from runs "
                                         "order by started_at desc limit 1").fetchall()[0]
            print(f"{name + ' ' + attempt:24s} {totals['seconds']:8.1f} {totals['requests']:8d} "
                  f"{totals.get('pages/fetched', 0):8d} {totals.get('pages/not_modified', 0) + totals.get('sitemaps/not_modified', 0):5d} "
                  f"{totals.get('pages/skipped_lastmod', 0):7d} {articles:8d} {f'{seen}/{skipped}/{new}':>24s}")
    for server in servers:
        server.stop()


if __name__ == "__main__":
    main()

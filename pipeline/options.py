"""Pipeline options of the news-claims job (every Beam option is accepted too)."""
from apache_beam.options.pipeline_options import PipelineOptions


class NewsClaimsOptions(PipelineOptions):
    """What to read, where to write, and how to treat metadata."""

    @classmethod
    def _add_argparse_args(cls, parser):
        parser.add_argument(
            "--input", action="append", default=[], metavar="GLOB",
            help="Input files (glob; local path, gs:// or s3://). Repeatable. "
                 "Formats: .html/.htm and .txt, optionally .gz; WARC archives .warc and .warc.gz.")
        parser.add_argument(
            "--output", metavar="DIR",
            help="Output directory: DIR/articles, DIR/claims and DIR/errors, "
                 "each partitioned as date=YYYY-MM-DD/outlet=<slug>/part-*.parquet.")
        parser.add_argument(
            "--manifest", metavar="FILE",
            help="CSV or JSON Lines with columns path (or source), url, outlet, published "
                 "(optional title, author): metadata for inputs whose text lacks it.")
        parser.add_argument(
            "--files_per_partition", type=int, default=1, metavar="N",
            help="Parquet files per date/outlet partition (rows are bucketed by a hash of their key). "
                 "Default 1.")
        parser.add_argument(
            "--ingested_at", metavar="ISO_TIME",
            help="Timestamp recorded as ingested_at (default: the launch time, UTC). "
                 "Also the horizon after which no publication date is believed.")
        parser.add_argument(
            "--no_summary", action="store_true",
            help="Do not print the articles per outlet and per date, and the errors per type, after the run.")
        parser.add_argument(
            "--reprocess", action="store_true",
            help="Read every input again, even those the ledger (OUT/.ledger) has unchanged.")
        parser.add_argument(
            "--break_lock", action="store_true",
            help="Remove a stale OUT/.lock left by a run that is no longer running, then run.")
        parser.add_argument(
            "--max_error_rate", type=float, metavar="SHARE",
            help="Fail the run (exit 4) when errors exceed this share of the inputs read, e.g. 0.05.")
        parser.add_argument(
            "-v", "--verbose", action="store_true",
            help="Log progress (INFO) and print every Beam counter at the end.")
        parser.add_argument(
            "--quiet", action="store_true",
            help="Print nothing but errors (no progress lines, no summary).")
        parser.add_argument(
            "--progress_interval", type=float, default=30.0, metavar="SECONDS",
            help="Seconds between progress lines on stderr (default 30; 0: none).")
        parser.add_argument(
            "--no_link", action="store_true",
            help="Do not group claims across articles after the run (OUT/claim_groups is left as it was).")
        feeds = parser.add_argument_group("feeds (RSS 0.9x/2.0, RDF, Atom 0.3/1.0)")
        feeds.add_argument(
            "--feed", action="append", default=[], metavar="URL",
            help="A feed URL (http/https) or file path. Repeatable.")
        feeds.add_argument(
            "--feeds", metavar="FILE",
            help="A file listing feeds, one URL or path per line (# starts a comment).")
        feeds.add_argument(
            "--no_fetch_linked_pages", action="store_true",
            help="For entries without full content, use the summary instead of fetching the linked page.")
        feeds.add_argument(
            "--allow_private_addresses", action="store_true",
            help="Allow fetching from private, loopback and link-local addresses (refused by default).")
        feeds.add_argument(
            "--http_timeout", type=float, default=10.0, metavar="SECONDS",
            help="Connect and read timeout of every HTTP request (default 10).")
        feeds.add_argument(
            "--contact_url", metavar="URL",
            help="Contact URL sent in the User-Agent so publishers can reach the operator.")
        pages = parser.add_argument_group(
            "URL lists and sitemaps (batch; fetched with the feeds' HTTP options, robots.txt honoured)")
        pages.add_argument(
            "--urls", action="append", default=[], metavar="FILE",
            help="A file of page URLs, one per line (# starts a comment). Repeatable.")
        pages.add_argument(
            "--sitemap", action="append", default=[], metavar="URL",
            help="A sitemap or sitemap index URL (.xml or .xml.gz; Google News tags used). Repeatable.")
        pages.add_argument(
            "--host_delay", type=float, default=1.0, metavar="SECONDS",
            help="Seconds between the starts of requests to one host (default 1; a larger robots.txt "
                 "Crawl-delay wins, up to 60).")
        pages.add_argument(
            "--host_concurrency", type=int, default=2, metavar="N",
            help="Requests in flight to one host at most (default 2), for pages, feeds and sitemaps alike.")
        warc = parser.add_argument_group("WARC archives (--input 'crawl/*.warc.gz', also .warc)")
        warc.add_argument(
            "--warc_split_mb", type=float, default=16.0, metavar="MB",
            help="Read each WARC file in ranges of this many MB (of the file as stored), spread over the "
                 "workers (default 16).")
        streaming = parser.add_argument_group(
            "streaming (with --streaming: poll the feeds; with --watch: watch the --input globs)")
        streaming.add_argument(
            "--watch", action="store_true",
            help="Treat --input globs as folders to watch: files dropped there later are ingested.")
        streaming.add_argument(
            "--poll_interval", type=float, default=300.0, metavar="SECONDS",
            help="Seconds between feed polls / directory scans (default 300).")
        streaming.add_argument(
            "--max_runtime", type=float, metavar="SECONDS",
            help="Stop a streaming job cleanly after this many seconds (default: run until stopped).")
        streaming.add_argument(
            "--window_seconds", type=float, default=60.0, metavar="SECONDS",
            help="Fixed window after which a streaming job writes its files (default 60).")
        cluster = parser.add_argument_group("distributed runners (Flink, Spark, Dataflow; README, Running on a cluster)")
        cluster.add_argument(
            "--grouping", choices=("auto", "files", "shuffle"), default="auto",
            help="How groupings wait: 'files' in staging files (the local runners hold a grouping "
                 "in memory otherwise), 'shuffle' in the runner's own GroupByKey; 'auto' (default): "
                 "files on the local runners, shuffle on the others.")
        cluster.add_argument(
            "--shared_local_paths", action="store_true",
            help="Local paths are on a file system that every worker mounts at the same place "
                 "(NFS, a shared disk): allow them with a runner on other machines.")

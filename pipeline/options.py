"""Pipeline options of the news-claims job (every Beam option is accepted too)."""
from apache_beam.options.pipeline_options import PipelineOptions


class NewsClaimsOptions(PipelineOptions):
    """What to read, where to write, and how to treat metadata."""

    @classmethod
    def _add_argparse_args(cls, parser):
        parser.add_argument(
            "--input", action="append", default=[], metavar="GLOB",
            help="Input files (glob; local path, gs:// or s3://). Repeatable. "
                 "Formats: .html/.htm and .txt, optionally .gz.")
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
            help="Do not print the DuckDB summary after the run.")

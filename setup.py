"""Installable package for the news-claims ingestion pipeline.

Runtime dependencies are declared with ranges compatible with apache-beam 2.77,
which pins pyarrow<26, numpy<2.5 and python-dateutil<3: install everything in
one ``pip install`` so the resolver sees all constraints at once.
"""
from setuptools import find_packages, setup

setup(
    name="news-claims",
    version="0.1.0",
    description="Apache Beam pipeline: news articles and feeds -> clean text -> claims -> partitioned Parquet",
    packages=find_packages(include=["pipeline", "pipeline.*", "transforms", "transforms.*"]),
    python_requires=">=3.10",
    install_requires=[
        "apache-beam[aws]>=2.77,<2.78",     # [aws]: boto3, for s3:// input and output
        "pyarrow>=18,<26",
        "python-dateutil>=2.8,<3",
        "trafilatura>=2.0,<2.4",
        "lxml_html_clean>=0.4,<0.5",
        "charset-normalizer>=3.3,<4",
        "w3lib>=2.5,<3",              # WHATWG charset labels and <meta> prescan (transforms/common/decode.py)
        "ftfy>=6.1,<7",               # repairs double-encoded text (transforms/common/decode.py)
        "duckdb>=1.1,<3",
        "feedparser>=6.0,<7",
        "pysbd>=0.3.4,<0.4",
        "dateparser>=1.2,<1.6",
        "warcio>=1.7,<2",
        "rapidfuzz>=3.0,<4",
        "matplotlib>=3.8,<4",
        "nomquamgender>=0.1.4,<0.2",    # first-name gender data (MIT) for pronoun resolution
        "tldextract>=5.1,<6",           # registrable domain from the bundled Public Suffix List snapshot
        "py3langid>=0.3,<0.5",          # language detection, model shipped in the package
        "langcodes>=3.3,<4",            # validating declared BCP-47 language tags
        "build>=1.2,<2",                # Beam stages --setup_file for Flink/Dataflow workers with `python -m build`
    ],
    extras_require={
        "gcs": ["apache-beam[gcp]>=2.77,<2.78"],     # gs:// input and output (Beam's GCS file system)
        "test": [
            "apache-beam[gcp]>=2.77,<2.78",
            "gcp-storage-emulator>=2026.7,<2027",    # tests/test_object_storage_gcs.py: a local GCS emulator
            "pytest>=8,<10",
            "hypothesis>=6.100,<7",
            "playwright>=1.40,<2",      # drives the system chromium (scripts/install_chromium.sh)
            "pandas>=2.2,<4", "polars>=1,<3",   # tests/test_query.py: the output as pandas and polars read it
            "moto[server]>=5.0,<6",     # tests/test_object_storage.py: a local S3-compatible server
        ],
    },
    entry_points={"console_scripts": ["news-claims=pipeline.cli:main"]},
)

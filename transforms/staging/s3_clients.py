"""One boto3 client per process and settings for Beam's ``s3://`` file system.

Beam's ``S3FileSystem`` builds a new ``S3IO``, hence a new boto3 client, for every
call (``exists``, ``open``, ``rename``, ...), and a boto3 client costs ≈100 ms of
CPU to build (the S3 service model is parsed again each time): more than the call
itself against a nearby store, and most of the ≈170 ms per call measured here.
``share_s3_clients`` hands Beam's wrapper a stand-in for the ``boto3`` module whose
``session.Session().client(**settings)`` returns one shared client per distinct
settings; boto3 clients are thread-safe, and each Beam wrapper keeps its own
download state.  Everything else is the real boto3.
"""
import threading


class _SharingBoto3:
    """Looks like the ``boto3`` module to Beam's S3 client wrapper."""

    def __init__(self, boto3):
        self._boto3 = boto3
        self._clients = {}
        self._lock = threading.Lock()
        self.session = self            # ``boto3.session.Session()``

    def Session(self, **kwargs):       # noqa: N802 - boto3's name
        return _SharingSession(self) if not kwargs else self._boto3.session.Session(**kwargs)

    def client_for(self, settings: dict):
        key = tuple(sorted((name, repr(value)) for name, value in settings.items()))
        with self._lock:
            if key not in self._clients:
                self._clients[key] = self._boto3.session.Session().client(**settings)
            return self._clients[key]

    def __getattr__(self, name):
        return getattr(self._boto3, name)


class _SharingSession:
    def __init__(self, sharing: _SharingBoto3):
        self._sharing = sharing

    def client(self, **settings):
        return self._sharing.client_for(settings)


def share_s3_clients() -> None:
    """Make Beam's S3 file system reuse its boto3 clients in this process (idempotent;
    nothing to do without ``apache-beam[aws]``)."""
    try:
        from apache_beam.io.aws.clients.s3 import boto3_client
    except ImportError:
        return
    if boto3_client.boto3 is not None and not isinstance(boto3_client.boto3, _SharingBoto3):
        boto3_client.boto3 = _SharingBoto3(boto3_client.boto3)

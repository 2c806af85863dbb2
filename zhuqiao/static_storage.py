"""The production storage of static files: hashed names (a long cache) and gzip copies.

nginx serves /static/ from STATIC_ROOT with ``gzip_static on`` (deploy/nginx); Debian's nginx has
no Brotli module, so the ``.br`` copies WhiteNoise also writes when the brotli package is
installed (WeasyPrint's fonttools brings it) would never be served, and Brotli at its highest
quality makes collectstatic several times slower on every upgrade.
"""

from __future__ import annotations

from typing import Any

from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage


class GzipManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def create_compressor(self, **kwargs: Any) -> Compressor:
        return Compressor(use_brotli=False, **kwargs)

"""The core app has no models. This module exists so that Django sends post_migrate to CoreConfig, which creates
the database cache's table after every `ptdv migrate` (core/apps.py)."""

"""The demo: `ptdv demo` loads an invented province through every app's own demo loader.

The top floor of the house: it may import any app, and no app imports it (see the layers in pyproject.toml)."""

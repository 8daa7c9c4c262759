from tests.governance.conftest import committees  # noqa: F401 - the small world's committees, shared

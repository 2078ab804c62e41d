import pytest


@pytest.fixture
def api(client):
    """The test client asking for JSON, as a program would."""

    def get(url, params=None, **extra):
        return client.get(url, params or {}, HTTP_ACCEPT="application/json", **extra)

    get.client = client
    return get

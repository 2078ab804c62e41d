"""A NUL byte in the path answers 400, whatever the route: on PostgreSQL a ``<str:…>`` route (a survey or invitation
token, a county code) would otherwise carry it into a query, which the database refuses with an error (a 500). Run on
PostgreSQL too (.ci/run does)."""

import pytest

PATHS = [
    "/s/%00/",
    "/s/abc%00def/",
    "/organizations/invitations/%00/",
    "/referrals/activate/%00/",
    "/referrals/officer/workers/template/%00/",
    "/i18n/switch/%00/",
    "/organizations/1/documents/%00/",
    "/%00/",
    "/news/%00/",
]


@pytest.mark.parametrize("path", PATHS)
def test_a_nul_byte_in_the_path_is_a_bad_request(client, db, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "网址中含有无效字符" in response.content.decode()
    assert client.post(path).status_code == 400

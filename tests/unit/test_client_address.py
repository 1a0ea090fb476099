"""The client address believes X-Forwarded-For only as far as the configured proxies wrote it."""

from __future__ import annotations

from ipaddress import ip_network
from typing import Any

import pytest

from shared_code.api.middleware import client_address


def _scope(forwarded: list[str] | None = None, peer: str | None = "10.0.0.7") -> dict[str, Any]:
    headers = [(b"x-forwarded-for", value.encode()) for value in forwarded or []]
    return {"type": "http", "headers": headers, "client": (peer, 50000) if peer else None}


def test_without_trusted_proxies_the_header_is_ignored_and_the_peer_is_the_client() -> None:
    assert client_address(_scope(["203.0.113.9"])) == "10.0.0.7"
    assert client_address(_scope([], peer=None)) is None


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        (["41.77.10.20"], "41.77.10.20"),
        (["1.2.3.4, 41.77.10.20"], "41.77.10.20"),  # the client wrote 1.2.3.4; the front end appended the rest
        (["1.2.3.4", "41.77.10.20"], "41.77.10.20"),  # two header lines are one list
        (["41.77.10.20:54321"], "41.77.10.20"),  # Azure's front end adds the port
        (["[2c0f:fe38::5]:443"], "2c0f:fe38::5"),
        (["2c0f:fe38::5"], "2c0f:fe38::5"),
    ],
)
def test_one_trusted_hop_takes_the_address_the_front_end_appended(forwarded: list[str], expected: str) -> None:
    assert client_address(_scope(forwarded, peer=None), trusted_hops=1) == expected


def test_two_trusted_hops_take_the_second_from_the_right() -> None:
    scope = _scope(["6.6.6.6, 41.77.10.20, 10.1.0.4"])
    assert client_address(scope, trusted_hops=2) == "41.77.10.20"
    assert client_address(_scope(["41.77.10.20"]), trusted_hops=2) == "41.77.10.20"


def test_trusted_ranges_read_the_header_only_from_a_proxy_in_them() -> None:
    ranges = [ip_network("10.0.0.0/8")]
    assert client_address(_scope(["6.6.6.6, 41.77.10.20, 10.1.0.4"]), trusted_ranges=ranges) == "41.77.10.20"
    assert client_address(_scope(["6.6.6.6"], peer="198.51.100.3"), trusted_ranges=ranges) == "198.51.100.3"
    assert client_address(_scope(["10.2.0.1"]), trusted_ranges=ranges) == "10.2.0.1"


def test_garbage_hops_are_skipped() -> None:
    assert client_address(_scope(["41.77.10.20, \x01\x02"], peer=None), trusted_hops=1) == "41.77.10.20"

"""Sign-in throttling: waits grow per (account, place); nobody can lock a named account.

The test app sees each request's address from an `X-Test-Address` header (Litestar's
test client always says "testclient"), so attackers and owners can sit in different
places. A wait's end is simulated by deleting its Redis key: the waits are Redis TTLs.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import msgspec
import pytest
from litestar.enums import ScopeType
from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp, Receive, Scope, Send

from app.auth.throttle import DEVICE_COOKIE, doubling_wait
from app.main import create_asgi_app
from app.resources import Resources
from app.settings import Settings
from tests.fixtures import make_client
from tests.support.accounts import PASSWORD, MutableClock, create_user

pytestmark = pytest.mark.usefixtures("standard_roles")
LOGIN = "/api/v1/auth/login"
WRONG = "Wrong-password-1"


def _with_address(app: ASGIApp) -> ASGIApp:
    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == ScopeType.HTTP:
            headers = dict(scope["headers"])
            address = headers.get(b"x-test-address", b"testclient").decode()
            scope["client"] = (address, 50000)
        await app(scope, receive, send)

    return wrapped


@pytest.fixture
async def app_client(
    settings: Settings, resources: Resources, clock: MutableClock
) -> AsyncIterator[AsyncTestClient[ASGIApp]]:
    # A low per-address limit would mix two rules in one test: keep it out of the way. The
    # account's own limit is lower than by default, so an attack takes fewer (slow) hashes.
    roomy = msgspec.structs.replace(
        settings, throttle_failures_per_ip=1000, throttle_account_failures=6
    )
    async with make_client(_with_address(create_asgi_app(roomy, clock=clock))) as client:
        yield client


class Place:
    """A browser at an address: its own cookies (the device cookie among them)."""

    def __init__(self, client: AsyncTestClient[ASGIApp], address: str) -> None:
        self.client, self.address = client, address
        self.cookies = httpx.Cookies()

    async def sign_in(self, email: str, password: str) -> httpx.Response:
        self.client.cookies = self.cookies
        response = await self.client.post(
            LOGIN,
            json={"email": email, "password": password},
            headers={"X-Test-Address": self.address},
        )
        self.cookies.update(response.cookies)
        return response


async def _waits_over(resources: Resources, *, account_too: bool = True) -> None:
    """As if the running waits had ended (they are Redis keys with a TTL): those of each
    (account, place), and the account's own unless told not to."""
    pattern = "waymark:login:wait:*" if account_too else "waymark:login:wait:*:*"
    keys = [key async for key in resources.redis.scan_iter(pattern)]
    if keys:
        await resources.redis.delete(*keys)


def test_waits_double_after_the_free_failures_up_to_the_cap() -> None:
    assert [doubling_wait(n, 3, 900) for n in range(1, 16)] == [
        0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900,
    ]  # fmt: skip
    assert doubling_wait(10_000, 3, 900) == 900


async def test_failures_from_one_place_earn_growing_waits_there(
    resources: Resources, app_client: AsyncTestClient[ASGIApp]
) -> None:
    account = await create_user(resources, role="marketer")
    here = Place(app_client, "203.0.113.7")
    for _ in range(3):  # free
        assert (await here.sign_in(account.email, WRONG)).status_code == 401
    assert (await here.sign_in(account.email, WRONG)).status_code == 401
    # Now the place waits (1 s): a try at once is refused without being counted. Waits
    # this short may end before the next request on a busy machine, so the long one below
    # is what the test reads.
    for _ in range(4):
        await _waits_over(resources)
        assert (await here.sign_in(account.email, WRONG)).status_code == 401
    # Eight failures: the wait has doubled up to 16 s. Even the right password waits its
    # turn (it is not even checked).
    refused = await here.sign_in(account.email, PASSWORD)
    assert refused.status_code == 429
    assert "for this account from here" in refused.json()["detail"]
    assert 8 < int(refused.headers["retry-after"]) <= 16
    await _waits_over(resources)
    assert (await here.sign_in(account.email, PASSWORD)).status_code == 200


async def test_five_bad_passwords_no_longer_lock_the_account_for_everyone(
    resources: Resources, app_client: AsyncTestClient[ASGIApp]
) -> None:
    account = await create_user(resources, role="marketer")
    attacker = Place(app_client, "198.51.100.66")
    for _ in range(5):
        await attacker.sign_in(account.email, WRONG)
    assert (await attacker.sign_in(account.email, PASSWORD)).status_code == 429
    # The owner, somewhere else (even somewhere new), is not affected.
    owner = Place(app_client, "192.0.2.10")
    assert (await owner.sign_in(account.email, PASSWORD)).status_code == 200


async def test_a_spread_out_attack_slows_new_places_but_never_locks_known_ones(
    resources: Resources, settings: Settings, app_client: AsyncTestClient[ASGIApp]
) -> None:
    account = await create_user(resources, role="marketer")
    office = Place(app_client, "192.0.2.10")
    assert (await office.sign_in(account.email, PASSWORD)).status_code == 200
    assert office.cookies.get(DEVICE_COOKIE)
    # Twelve guesses from four addresses (each within its free failures), each waiting
    # out the account's wait: after six, new places wait 1, 2, 4 … now 32 s.
    for n in range(12):
        await _waits_over(resources)
        attacker = Place(app_client, f"198.51.100.{n % 4}")
        assert (await attacker.sign_in(account.email, WRONG)).status_code == 401
    next_guess = await Place(app_client, "198.51.100.99").sign_in(account.email, WRONG)
    assert next_guess.status_code == 429
    assert "slowed down" in next_guess.json()["detail"]
    assert 0 < int(next_guess.headers["retry-after"]) <= settings.throttle_account_max_wait_seconds

    # The owner at the office address: known, straight in.
    assert (
        await Place(app_client, "192.0.2.10").sign_in(account.email, PASSWORD)
    ).status_code == 200
    # The owner's browser on the road (new address, the device cookie): straight in.
    laptop = Place(app_client, "203.0.113.200")
    laptop.cookies = office.cookies
    assert (await laptop.sign_in(account.email, PASSWORD)).status_code == 200
    # The owner on a new computer somewhere new waits at most the short account wait.
    hotel = Place(app_client, "203.0.113.201")
    slowed = await hotel.sign_in(account.email, PASSWORD)
    assert slowed.status_code == 429
    assert int(slowed.headers["retry-after"]) <= settings.throttle_account_max_wait_seconds
    await _waits_over(resources)
    assert (await hotel.sign_in(account.email, PASSWORD)).status_code == 200


async def test_a_known_device_has_its_own_count_at_a_shared_address(
    resources: Resources, app_client: AsyncTestClient[ASGIApp]
) -> None:
    account = await create_user(resources, role="marketer")
    owner = Place(app_client, "192.0.2.50")
    assert (await owner.sign_in(account.email, PASSWORD)).status_code == 200
    # Someone behind the same office address guesses until that address waits …
    colleague = Place(app_client, "192.0.2.50")
    for _ in range(10):  # waits of up to a minute, each waited out
        await _waits_over(resources)
        assert (await colleague.sign_in(account.email, WRONG)).status_code == 401
    assert (await colleague.sign_in(account.email, PASSWORD)).status_code == 429
    # … while the owner's browser, which the last sign-in marked, is not held up.
    assert (await owner.sign_in(account.email, PASSWORD)).status_code == 200
    # A made-up device cookie is no key: it counts as the address.
    forger = Place(app_client, "192.0.2.50")
    forger.cookies.set(DEVICE_COOKIE, "made-up-token", path="/api/v1")
    assert (await forger.sign_in(account.email, PASSWORD)).status_code == 429


async def test_a_success_clears_the_count_of_its_place(
    resources: Resources, app_client: AsyncTestClient[ASGIApp]
) -> None:
    account = await create_user(resources, role="marketer")
    here = Place(app_client, "203.0.113.9")
    for _ in range(3):
        assert (await here.sign_in(account.email, WRONG)).status_code == 401
    assert (await here.sign_in(account.email, PASSWORD)).status_code == 200
    here.cookies = httpx.Cookies()  # forget the device: the address's count started afresh
    for _ in range(3):
        assert (await here.sign_in(account.email, WRONG)).status_code == 401


async def test_the_device_cookie_is_http_only_strict_and_for_the_api_only(
    resources: Resources, app_client: AsyncTestClient[ASGIApp]
) -> None:
    account = await create_user(resources, role="marketer")
    response = await Place(app_client, "192.0.2.1").sign_in(account.email, PASSWORD)
    [cookie] = [c for c in response.headers.get_list("set-cookie") if DEVICE_COOKIE in c]
    lowered = cookie.lower()
    assert "httponly" in lowered
    assert "samesite=strict" in lowered
    assert "path=/api/v1" in lowered


@pytest.fixture
async def strict_ip_client(
    settings: Settings, resources: Resources, clock: MutableClock
) -> AsyncIterator[AsyncTestClient[ASGIApp]]:
    strict = msgspec.structs.replace(settings, throttle_failures_per_ip=3)
    async with make_client(_with_address(create_asgi_app(strict, clock=clock))) as client:
        yield client


async def test_failures_from_one_address_across_accounts_are_throttled(
    resources: Resources, strict_ip_client: AsyncTestClient[ASGIApp]
) -> None:
    account = await create_user(resources, role="marketer")
    here = Place(strict_ip_client, "198.51.100.5")
    for index in range(3):
        response = await here.sign_in(f"guess-{index}@example.test", WRONG)
        assert response.status_code == 401
    locked = await here.sign_in(account.email, PASSWORD)
    assert locked.status_code == 429
    assert "your network address" in locked.json()["detail"]
    assert int(locked.headers["retry-after"]) > 0
    # Another address is not affected.
    assert (
        await Place(strict_ip_client, "198.51.100.6").sign_in(account.email, PASSWORD)
    ).status_code == 200


async def test_the_portal_sign_in_is_throttled_the_same_way(
    resources: Resources, app_client: AsyncTestClient[ASGIApp]
) -> None:
    customer = await create_user(resources, role="customer")
    for _ in range(4):
        response = await app_client.post(
            "/api/v1/portal/auth/login",
            json={"email": customer.email, "password": WRONG},
            headers={"X-Test-Address": "198.51.100.77"},
        )
        assert response.status_code == 401
    refused = await app_client.post(
        "/api/v1/portal/auth/login",
        json={"email": customer.email, "password": PASSWORD},
        headers={"X-Test-Address": "198.51.100.77"},
    )
    assert refused.status_code == 429
    elsewhere = await app_client.post(
        "/api/v1/portal/auth/login",
        json={"email": customer.email, "password": PASSWORD},
        headers={"X-Test-Address": "192.0.2.77"},
    )
    assert elsewhere.status_code == 200


def test_the_default_limits(settings: Settings) -> None:
    assert (settings.throttle_free_failures, settings.throttle_max_wait_seconds) == (3, 900)
    assert settings.throttle_account_failures == 10
    assert settings.throttle_account_max_wait_seconds == 60
    assert (settings.throttle_failures_per_ip, settings.throttle_window_minutes) == (30, 15)

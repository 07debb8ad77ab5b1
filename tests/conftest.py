"""Shared fixtures: a demo county on disk, a real Tornado server on a real port, a TV client."""

import pytest

from portal.demo.generator import generate
from portal.store import Store
from support import LiveServer, TVClient


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("county") / "demo.db"
    store = Store.open(path, create=True)
    generate(store, "demo", seed=1)
    store.close()
    return path


@pytest.fixture(scope="session")
def county_db(tmp_path_factory):
    """The full county (220 villages, 72,390 households): for tests marked slow."""
    path = tmp_path_factory.mktemp("county") / "county.db"
    with Store.building(path) as store:
        generate(store, "county", seed=1)
    return path


@pytest.fixture(scope="session")
def live_server(demo_db):
    server = LiveServer(demo_db).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def county_server(county_db):
    server = LiveServer(county_db).start()
    yield server
    server.stop()


@pytest.fixture
def tv(live_server):
    """A client for the first demo household's box, already identified by ?stb=."""
    client = TVClient(live_server.url)
    assert client.get("/tv/?stb=STB00000001").status == 200
    return client


@pytest.fixture
def anonymous_tv(live_server):
    return TVClient(live_server.url)


@pytest.fixture
def tv_with_agent(live_server):
    """A new box with the given User-Agent and no cookies yet."""
    return lambda agent: TVClient(live_server.url, user_agent=agent)

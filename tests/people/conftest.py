"""The people tests' stage (``tests.people.world``) as a fixture."""

from __future__ import annotations

import pytest

from tests.people.world import PeopleWorld
from tests.support.builders import Builders


@pytest.fixture
def world(build: Builders) -> PeopleWorld:
    return PeopleWorld(build)

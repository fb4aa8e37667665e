"""The records tests' stage (``tests.achievements.world``) as a fixture."""

from __future__ import annotations

import pytest

from tests.achievements.world import RecordsWorld
from tests.support.builders import Builders


@pytest.fixture
def world(build: Builders) -> RecordsWorld:
    return RecordsWorld(build)

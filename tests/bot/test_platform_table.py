from bot.platform_table import RunningDeliverers
from handlers.reply import Reply


class PostsItself:
    name = platform = "console"

    async def run(self, services) -> None: ...

    async def deliver(self, channel_id: str, message: Reply) -> str:
        return "1"


class BuildsOneWhenRunning:
    name = "slack"

    def __init__(self) -> None:
        self.deliverer = None

    async def run(self, services) -> None: ...


def test_deliverers_are_found_when_their_adapter_has_built_them() -> None:
    console, slack = PostsItself(), BuildsOneWhenRunning()
    running = RunningDeliverers([console, slack])
    assert dict(running) == {"console": console}
    assert running.get("slack") is None
    slack.deliverer = PostsItself()
    slack.deliverer.platform = "slack"
    assert running["slack"] is slack.deliverer
    assert sorted(running) == ["console", "slack"]

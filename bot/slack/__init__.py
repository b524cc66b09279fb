"""The Slack adapter (slack-bolt): app wiring, listeners (commands, actions, views),
Block Kit rendering, delivery, and the OAuth installation store."""

from bot.platforms import slack_incomplete, slack_wanted
from bot.slack.app import SlackAdapter, build_app
from bot.slack.delivery import SlackDeliverer

__all__ = ["SlackAdapter", "SlackDeliverer", "build_app", "slack_incomplete",
           "slack_wanted"]

"""The Slack adapter (slack-bolt): app wiring, listeners (commands, actions, views),
Block Kit rendering, delivery, and the OAuth installation store."""

from bot.slack.app import SlackAdapter, build_app
from bot.slack.delivery import SlackDeliverer
from bot.slack.startup import slack_incomplete, slack_wanted

__all__ = ["SlackAdapter", "SlackDeliverer", "build_app", "slack_incomplete",
           "slack_wanted"]

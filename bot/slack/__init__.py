"""The Slack adapter (slack-bolt): app wiring, listeners (commands, actions, views),
Block Kit rendering, delivery, and the OAuth installation store.

Importing this package imports no Slack library: `settings` (what the config and the
platform table read) is light; `app` (the adapter) imports slack-bolt, and is imported
only when Slack starts."""

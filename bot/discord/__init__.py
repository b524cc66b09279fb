"""The Discord adapter (discord.py 2.x): slash commands built from the neutral command
declarations, Replies rendered as embeds, persistent buttons, modals, and delivery.

Importing this package imports no Discord library: `settings` (what the config and the
platform table read) is light; `client` (the adapter) imports discord.py, and is imported
only when Discord starts."""

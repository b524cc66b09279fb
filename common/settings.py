"""What every layer's settings share: the error a setting that cannot be used raises.

Each layer owns the dataclass of its own settings (laws/settings.py, feeds/settings.py,
storage/settings.py, handlers/settings.py, web/settings.py …) and checks its values in
`__post_init__`; bot/config.py reads config.toml and hands each layer its part."""


class ConfigError(Exception):
    """A setting that cannot be used; the message names the key and what it expected."""

"""newsgen: one data story, written for every local area, from official figures."""

__version__ = "0.1.0"

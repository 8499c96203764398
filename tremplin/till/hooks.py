"""What the till adds to lower rooms' pages (registered from TillConfig.ready())."""


def connect():
    pass

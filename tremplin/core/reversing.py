"""The address of many rows from one `reverse()`: long lists of links (a person's timeline) reverse once.

`reverse()` resolves the URL pattern on each call (≈ 0.05 ms: a person's timeline made 45 of them for
its rows, docs/performance.md "s20-scale"). `RowUrls(name, sample)` reverses `name` once with a sample
argument and then writes each row's address around its own value: the same text as
`reverse(name, args=[value])` for the values a path converter writes as they are (`int`, `uuid`: digits,
hex and hyphens, nothing to quote). When the sample does not appear exactly once in the address (another
part of it holds the same digits), every row is reversed as before.
"""

from django.urls import reverse


class RowUrls:
    def __init__(self, name, sample):
        self.name = name
        self.sample = sample
        self._around = None  # reversed at the first row: a list with no row reverses nothing

    def __call__(self, value):
        if self._around is None:
            parts = reverse(self.name, args=[self.sample]).split(str(self.sample))
            self._around = parts if len(parts) == 2 else ()
        if not self._around:
            return reverse(self.name, args=[value])
        before, after = self._around
        return f"{before}{value}{after}"

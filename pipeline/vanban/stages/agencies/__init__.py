"""Agency mentions -> one canonical name per agency, with the locality resolved from the document.

The gazetteer is data (vanban/data/agencies.json): canonical name templates with aliases,
organs ("Ban Tuyên giáo", "Giám đốc") that name a body only together with the body written
after them, and patterns for collective mentions ("các sở, ban, ngành"). The package:
`gazetteer` (the matcher over the data), `locality` (where a document sits), `names` (a match
-> its canonical name), `mentions` (the mentions of a text), `lookup` (one mention on its own,
aliases seen over documents).
"""

from vanban.stages.agencies.gazetteer import Mention, gazetteer
from vanban.stages.agencies.locality import Locality, locality_of
from vanban.stages.agencies.lookup import aliases_seen, canonical, same_agency
from vanban.stages.agencies.mentions import find_mentions
from vanban.stages.agencies.names import proper_names

__all__ = ["Locality", "Mention", "aliases_seen", "canonical", "find_mentions", "gazetteer", "locality_of", "proper_names",
           "same_agency"]

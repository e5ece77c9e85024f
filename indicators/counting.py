"""The vocabulary of the counting rules (spec §8), shared by the statistics engine and the
victims database that stores each record's counting columns."""

# The victim statuses a person is counted with, in the order of their rank.
COUNTED_STATUSES = ("presumed", "identified")

# Why a record does not count (stored codes) and how the tables and exports say it.
NOT_COUNTED = {
    "draft": "Draft (not complete)",
    "no_date": "No identification date",
    "not_confirmed": "Not confirmed as a victim",
    "same_person": "Another record of a person already counted in the year",
    "episode_update": "Update of an episode already counted in an earlier year",
}

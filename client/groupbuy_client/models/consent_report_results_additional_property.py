from enum import StrEnum

class ConsentReportResultsAdditionalProperty(StrEnum):
    ACCEPT = "accept"
    BAN = "ban"
    FILTER = "filter"
    REJECT = "reject"

    def __str__(self) -> str:
        return str(self.value)

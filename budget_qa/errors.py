"""The few exception classes of budget-qa."""


class BudgetQAError(Exception):
    "Base class; shown to the user as a one-line message"


class DocumentError(BudgetQAError):
    "The document cannot be read or is not a 部门预算; shown to the user with file and line"

    def __init__(self, message: str, *, path: str = "", line: int | None = None):
        self.path = path
        self.line = line
        where = path + (f":{line}" if line is not None else "")
        super().__init__(f"{where}: {message}" if where else message)


class IndexBuildError(BudgetQAError):
    "The retrieval index cannot be built or opened; shown to the user"

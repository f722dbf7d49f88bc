"""A query the model read (llm_read.py), turned into what the executor takes for each part: the understanding,
the items, the table and the wording its handlers read.

The model's fields decide the operation, the operands' items, the measure and the years; the part's wording (the
model's restatement) still carries what the handlers read from text, and the words a field adds when the wording
lacks them (the scope, a purpose, an average), so a part read by the model runs the same handlers a parsed one does.
"""

from __future__ import annotations

from budget_qa.types import BudgetDocument

from .economic import economic_class
from .parse import Parser
from .plan import table_hint
from .query import INTENT_OPERATION, Query, QueryPart
from .understand import AVERAGE_RE, PURPOSE_RE, Intent, Understanding, understand

OPERATION_INTENT: dict[str, Intent] = {operation: intent for intent, operation in INTENT_OPERATION.items()}
"""The inverse of query.INTENT_OPERATION. 'purpose' and 'average' have no intent: the words of the part ask them."""


def scoped(parser: Parser, read: Query, rules: Query) -> Query:
    """The model's query with the rules' reading of the wording (folded text, corrections, document, language) and
    the scope check on that wording: a question outside the document is outside whatever the model says"""
    u, zh_text = parser.understand(rules.read_as)
    query = read.model_copy(update={"read_as": rules.read_as, "corrections": rules.corrections,
                                    "document": rules.document, "language": u.language})
    query.outside = parser.outside(u, zh_text) or read.outside
    return query


def understanding_of(doc: BudgetDocument, part: QueryPart,
                     language: str) -> tuple[Understanding, list[str], str | None, str]:
    "The understanding, items, table and wording the executor takes for a part the model read"
    text = worded(part)
    u = understand(text)
    intent = OPERATION_INTENT.get(part.operation, "value")
    u.intents = [] if intent == "value" else [intent] + (["change"] if intent == "reason" else [])
    u.language = "en" if language == "en" else "zh"
    u.years = sorted(set(u.years) | {o.year for o in part.operands if o.year})
    u.measure = next((o.measure for o in part.operands if o.measure), None)
    u.unit, u.top_n = part.unit or u.unit, part.top_n or u.top_n
    u.followup = u.inherited = False  # the model resolved what the part refers back to: its operands say it
    return u, [o.item for o in part.operands], table_hint(doc, text), text


def worded(part: QueryPart) -> str:
    "The part's wording, with the words the handlers read from text added when the model's fields say more"
    text = part.text
    scope = next((o.scope for o in part.operands if o.scope), None)
    if scope and economic_class(text) != scope:
        text = f"{scope}的{text}"
    if part.operation == "purpose" and not PURPOSE_RE.search(text.lower()):
        text += "，用于什么"
    if part.operation == "average" and not AVERAGE_RE.search(text.lower()):
        text += "，平均每个项目多少" if part.per == "项" else "，平均每月多少"
    return text

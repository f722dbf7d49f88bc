"""The fixed replies: the greeting, the refusal, and questions to ask (to start with, or to follow up)."""

from __future__ import annotations

import re

from budget_qa.results import CANNOT_ANSWER
from budget_qa.types import BudgetDocument
from index.text import norm_key

from .answer import Answer
from .compose import Composer
from .query import QueryPart
from .understand import Understanding


def refuse(doc: BudgetDocument, c: Composer, reason: str) -> Answer:
    "Not answerable from the document: the reason, what the document is, and what it can answer"
    c.lines = []
    c.figures = []
    c.citations = []
    if c.language == "en":
        c.say(f"{CANNOT_ANSWER} (the document does not say): {reason}. This document is the {doc.year} "
              f"department budget of {doc.department}; ask about its income, expenditure, “三公” spending, "
              f"procurement, projects or performance targets.")
    else:
        c.say(f"{CANNOT_ANSWER}：{reason}。本文件是{doc.department}{doc.year}年{doc.kind_name}，可以回答其中的收支总额、"
              f"各项支出、“三公”经费、政府采购、项目及绩效目标等问题。")
    c.suggestions = starter_questions(doc)
    return c.answer("not_in_document")


def intro(doc: BudgetDocument, u: Understanding) -> str:
    return (f"您好！我可以回答{doc.department}{doc.year}年{doc.kind_name}的问题，每个数字都注明出处。"
            if u.language == "zh" else
            f"Hello! I answer questions about the {doc.year} department budget of {doc.department}, "
            "with every figure cited.")


def ask_referent(doc: BudgetDocument, c: Composer, words: str) -> Answer:
    "A reference that opens a conversation points at nothing: ask what it means instead of guessing"
    if c.language == "en":
        c.say(f"Which item do you mean by “{words}”? Nothing has been discussed yet; please name the item, project or "
              f"expense.")
    else:
        c.say(f"您说的“{words}”是指哪一项？对话中还没有提到具体的项目或费用，请说出它的名称。")
    c.suggestions = starter_questions(doc)
    return c.answer("clarify")


def starter_questions(doc: BudgetDocument) -> list[str]:
    "Questions any 部门预算 answers, worded neutrally (no assumption about this document's figures)"
    return [f"{doc.year}年的支出预算总额是多少？", "“三公”经费和上年相比有什么变化？", "金额最大的项目是哪一个？"]


def follow_ups(doc: BudgetDocument, u: Understanding, items: list[str], part: QueryPart | None = None) -> list[str]:
    "Follow-ups about the item this answer was about (the query's operand), each a question the tools answer"
    item = part.operands[0].item if part is not None and part.operands else (items[0] if items else "")
    item = re.sub(r"\s*\[[\d\s]+\]", "", item)
    if not item or len(norm_key(item)) < 2:
        return starter_questions(doc)
    if u.has("rank", "count"):
        return ["项目支出总额是多少？", "“三公”经费和上年相比有什么变化？", f"{item}占总支出的比例是多少？"]
    if u.has("change", "reason"):
        return [f"{item}占总支出的比例是多少？", "金额最大的项目是哪一个？", "基本支出和项目支出各是多少？"]
    return [f"{item}占总支出的比例是多少？", "基本支出和项目支出各是多少？", "金额最大的项目是哪一个？"]

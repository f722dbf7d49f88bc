"""Questions outside the document stay outside in a conversation: another place's office named by the document's own
abbreviation, nonsense after a topic, a citizen's own account."""

from __future__ import annotations

import pytest

from assistant import scope
from assistant.core import Assistant
from tests._pdf_docs import pdf_doc  # noqa: F401 - fixture


@pytest.fixture(scope="module")
def bot(seed_doc):
    return Assistant(seed_doc, retriever=None)


@pytest.mark.parametrize("text, other", [("青岛人社局的三公经费", "青岛人社局"), ("那济南人社局呢", "济南人社局"),
                                         ("上海人社局有几辆车", "上海人社局"), ("珠海人社局三公经费多少", "珠海人社局")])
def test_another_places_office_of_the_same_kind_is_another_department(seed_doc, text, other):
    assert scope.other_organisation(seed_doc, text) == other


@pytest.mark.parametrize("text", ["请问人社局的三公经费", "咱们人社局项目支出", "威海人社局基本支出", "麻烦人社局说一下"])
def test_the_documents_own_office_with_words_before_it_is_its_own(seed_doc, text):
    assert scope.other_organisation(seed_doc, text) is None


def test_a_follow_up_about_another_places_office_gets_no_figure(bot):
    conv = bot.new_conversation()
    bot.ask("公务接待费多少", conv)
    answer = bot.ask("那青岛人社局的呢", conv)
    assert answer.status == "not_in_document" and not answer.figures
    assert "青岛人社局" in answer.text


def test_nonsense_after_a_topic_is_not_answered_with_the_topics_figure(bot):
    conv = bot.new_conversation()
    bot.ask("行政运行安排了多少钱", conv)
    answer = bot.ask("那它的宠物狗叫什么名字，爱吃骨头吗", conv)
    assert answer.status == "not_in_document" and not answer.figures


def test_a_citizens_own_account_is_outside_any_budget(bot):
    answer = bot.ask("帮我看看我个人社保账户的余额")
    assert answer.status == "not_in_document" and "个人事务" in answer.text


def test_a_row_whose_label_ends_like_an_office_is_the_documents_own(pdf_doc):
    doc = pdf_doc("putuo-gov-office-2025-unit")
    assert scope.other_organisation(doc, "一般行政管理事务和其他政府办公厅（室）及相关机构事务支出两项合计多少") is None

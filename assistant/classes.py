"""A row the basic-expenditure tables print once for 机关 and once for 事业单位 (差旅费 of 502 and of 505): each
class's figure, then their sum; one class against the other when asked; a class's share of both, or both classes'
share of the whole the question names; and the row of another table printing the same sum."""

from __future__ import annotations

import re
from dataclasses import dataclass

import tools as T
from budget_qa.results import show
from tools import arith

from .compose import Composer
from .source import Topic
from .understand import Understanding


@dataclass
class BothClasses(Topic):
    "Answers about one row listed for both economic classes"

    def answer(self, c: Composer, u: Understanding, name: str, split: list) -> str:
        "A row listed for 机关 and for 事业单位: each class's figure, shown and cited, then their sum"
        unit = split[0][2][0].unit
        if len({label for label, _, _ in split}) == 1:
            name = split[0][0]  # '开会' asks the row 会议费: named as the table names it
        zh = u.language == "zh"
        c.say(f"{name}在基本支出中分机关和事业单位列示：" if zh else f"{name} is listed for 机关 and for 事业单位:")
        for label, kind, g in split:
            mk = c.figure(f"{label}（{kind}）", g[0].value, unit, [self.source.cand_cite(x) for x in g])
            c.say(f"- {kind}：{label} {show(g[0].value, unit)}{mk}")
        cites = [self.source.cand_cite(g[0]) for _, _, g in split]
        if u.has("compare") and len(split) == 2:
            return self._difference(c, u, name, split, cites, unit)
        total, text = arith.sum_text([g[0].value for _, _, g in split], unit)
        m = c.figure(f"{name}（机关和事业单位合计）", total, unit, cites, basis="computed", computation=text)
        c.say(f"机关和事业单位的{name}合计 {show(total, unit)}{m}（{text}）。" if zh
              else f"{name} of both together: {show(total, unit)}{m} ({text}).")
        if len(split) == 2 and u.has("share") and "占" in u.text:
            self._share(c, u, name, split, cites, unit, total)
        self._printed_elsewhere(c, u, name, split, unit, total)
        return "answered"

    def _difference(self, c: Composer, u: Understanding, name: str, split: list, cites: list, unit: str) -> str:
        "'事业单位的X比机关多多少': the class the question names first, against the other"
        first = min(range(2), key=lambda i: (u.text.find(split[i][1]) if split[i][1] in u.text else 99))
        a, b = split[first], split[1 - first]
        diff = a[2][0].value - b[2][0].value
        text = f"{show(a[2][0].value, unit)} − {show(b[2][0].value, unit)} = {show(diff, unit)}"
        m = c.figure(f"{name}（{a[1]} − {b[1]}）", diff, unit, [cites[first], cites[1 - first]], basis="computed",
                     computation=text)
        c.say(f"{a[1]}的{name}比{b[1]}{'多' if diff >= 0 else '少'} {show(abs(diff), unit)}{m}（{text}）。"
              if u.language == "zh" else f"{name} of {a[1]} is {show(abs(diff), unit)}{m} "
                                         f"{'more' if diff >= 0 else 'less'} than of {b[1]} ({text}).")
        return "answered"

    def _share(self, c: Composer, u: Understanding, name: str, split: list, cites: list, unit: str, total) -> None:
        """'机关X在机关加事业单位全部X中占几成': one class's share of both; '工资福利在基本支出里占多少': both classes'
        sum, of the whole the question names"""
        zh = u.language == "zh"
        before = u.text.split("占", 1)[0]
        before = before.rsplit("在", 1)[0] if "在" in before else before  # 'A在B中占': A is the part
        named = [i for i, (_, kind, _) in enumerate(split) if re.sub(r"机关事业单位", "", before).count(kind)]
        if len(named) == 1:
            i = named[0]
            share, computation = arith.share_text(split[i][2][0].value, total)
            if share is not None:
                ms = c.figure(f"{name}（{split[i][1]}）占机关和事业单位合计的比重", share, "%", [cites[i], *cites],
                              basis="computed", computation=computation)
                c.say(f"{split[i][1]}的{name}占机关和事业单位合计的比重为 {share:.2f}%{ms}（{computation}）。" if zh
                      else f"{split[i][1]}'s share of both: {share:.2f}%{ms} ({computation}).")
            return
        if named:
            return  # (an empty 'before' is a subject the part took from the one before: '1. X多少？2. 占基本支出多少')
        said = re.search(r"在(.{2,12}?)(?:里面|里头|里|中|当中)|占(.{2,12}?)(?:的|多少|比|几|百分)", u.text)
        whole = T.lookup(self.doc, said.group(1) or said.group(2)) if said else None
        if whole is not None and whole.ok and whole.value and whole.unit == unit and whole.value > total:
            share, computation = arith.share_text(total, whole.value)
            mw = c.result_figure(whole)
            ms = c.figure(f"{name}（机关和事业单位合计）占{whole.label}的比重", share, "%", [*cites, *whole.citations[:1]],
                          basis="computed", computation=computation)
            c.say(f"占{whole.label}（{whole.shown}{mw}）的比重为 {share:.2f}%{ms}（{computation}）。" if zh
                  else f"Share of {whole.label} ({whole.shown}{mw}): {share:.2f}%{ms} ({computation}).")

    def _printed_elsewhere(self, c: Composer, u: Understanding, name: str, split: list, unit: str, total) -> None:
        "The same total printed as one row of another table (the “三公” table's 因公出国(境)经费), cited beside the sum"
        tables = {x.table for _, _, g in split for x in g}
        whole = next((mt.item for mt in T.resolve(self.doc, name)[:8] if mt.score >= 0.6 and
                      mt.item.table_name not in tables and mt.item.value(mt.item.default_measure) == total), None)
        if whole is not None:
            mw = c.figure(f"{whole.label}（{whole.table_name}）", total, unit, [whole.citation(whole.default_measure)])
            c.say(f"{whole.table_name}中{whole.label}为 {show(total, unit)}{mw}，与此合计相同。" if u.language == "zh"
                  else f"{whole.table_name} prints {whole.label} as {show(total, unit)}{mw}, the same total.")

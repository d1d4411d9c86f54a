"""The national professional-title series (系列), by stable code.

Until the catalogue capability turns these into maintained rows, profiles reference
them by code from this list.
"""
from __future__ import annotations

NATIONAL_SERIES: dict[str, str] = {
    "HIGHER_EDUCATION_TEACHER": "高等学校教师",
    "SOCIAL_SCIENCE_RESEARCHER": "哲学社会科学研究人员",
    "NATURAL_SCIENCE_RESEARCHER": "自然科学研究人员",
    "HEALTH": "卫生技术人员",
    "ENGINEERING": "工程技术人员",
    "AGRICULTURE": "农业技术人员",
    "JOURNALISM": "新闻专业人员",
    "PUBLISHING": "出版专业人员",
    "LIBRARY": "图书资料专业人员",
    "CULTURAL_HERITAGE": "文物博物专业人员",
    "ARCHIVES": "档案专业人员",
    "ARTS_AND_CRAFTS": "工艺美术专业人员",
    "TECHNICAL_SCHOOL_TEACHER": "技工院校教师",
    "SPORTS": "体育专业人员",
    "TRANSLATION": "翻译专业人员",
    "BROADCASTING": "播音主持专业人员",
    "ACCOUNTING": "会计人员",
    "STATISTICS": "统计专业人员",
    "ECONOMICS": "经济专业人员",
    "LABORATORY": "实验技术人才",
    "VOCATIONAL_SCHOOL_TEACHER": "中等职业学校教师",
    "SCHOOL_TEACHER": "中小学教师",
    "ART": "艺术专业人员",
    "NOTARY": "公证员",
    "LAWYER": "律师",
    "SHIPPING": "船舶专业人员",
    "CIVIL_AVIATION_PILOT": "民用航空飞行技术人员",
    "AUDIT": "审计专业人员",
    "SOCIAL_WORK": "社会工作专业人员",
}

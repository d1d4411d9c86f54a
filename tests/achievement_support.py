"""Shared pieces of the achievement-library tests: queries, a valid payload per category, builders."""
from __future__ import annotations

from strawberry import relay

from models.achievement.models import AchievementRecord, RecordStatus
from models.person.binding import BindingStatus
from tests.helpers import Actor, gql, make_person, make_unit, payload_errors, upload

RECORD = """
  id category categoryLabel status statusLabel title workUnit opinion editable submittedAt
  fields {
    __typename
    ... on WorkExperienceFields { startDate endDate workUnit }
    ... on PaperFields { name authorRank }
  }
  displayFields { key label value }
"""
CREATE = f"""
mutation($input: AchievementRecordCreateInput!) {{
  achievementRecordCreate(input: $input) {{ errors {{ field code message }} record {{ {RECORD} }} }}
}}"""
UPDATE = f"""
mutation($input: AchievementRecordUpdateInput!) {{
  achievementRecordUpdate(input: $input) {{ errors {{ field code message }} record {{ {RECORD} }} }}
}}"""
DELETE = """
mutation($input: AchievementRecordRefInput!) {
  achievementRecordDelete(input: $input) { errors { field code message } record { id status } }
}"""
SUBMIT = """
mutation($input: AchievementRecordRefInput!) {
  achievementRecordSubmit(input: $input) { errors { field code message } record { id status workUnit unit { id } } }
}"""
WITHDRAW = """
mutation($input: AchievementRecordRefInput!) {
  achievementRecordWithdraw(input: $input) { errors { field code message } record { id status editable } }
}"""
DECIDE = """
mutation($input: AchievementRecordDecideInput!) {
  achievementRecordDecide(input: $input) { errors { field code message } records { id status opinion } }
}"""
ATTACH = """
mutation($input: AchievementAttachmentAddInput!) {
  achievementAttachmentAdd(input: $input) {
    errors { field code message }
    attachment { id name contentType size url }
    record { id attachments { name } }
  }
}"""
NODE = """
query($id: ID!) { node(id: $id) { ... on AchievementRecord { id title attachments { name url } } } }"""
REVIEWS = """
query($unitId: ID!, $filter: AchievementReviewFilter, $first: Int) {
  achievementReviews(unitId: $unitId, filter: $filter, first: $first) {
    totalCount
    nodes { id title workUnit status person { realName idNumber } unit { name } attachments { name url } }
  }
}"""

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

# One valid payload per category: the member of AchievementDataInput and its fields.
VALID: dict[str, tuple[str, dict]] = {
    "REPRESENTATIVE_WORK": ("representativeWork", {"name": "城市桥梁抗震设计方法", "kind": "PAPER",
                                                   "completedOn": "2021-05-01", "description": "提出一种新的设计方法"}),
    "WORK_EXPERIENCE": ("workExperience", {"startDate": "2015-03-04", "workUnit": "合肥八中", "specialty": "教师",
                                           "technicalPost": "一级教师", "content": "承担高中语文教学"}),
    "EDUCATION": ("education", {"startDate": "2004-09-01", "endDate": "2008-07-01", "school": "安徽大学",
                                "major": "土木工程", "education": "BACHELOR", "schoolingYears": 4,
                                "degreeObtained": True, "degree": "BACHELOR", "isHighest": True, "isFirst": True}),
    "PROJECT": ("project", {"name": "工程项目", "startDate": "2020-03-05", "endDate": "2021-03-04", "amount": "50",
                            "role": "HOST", "members": "张三"}),
    "PAPER": ("paper", {"name": "论混凝土养护", "publishedOn": "2022-01-10", "kind": "JOURNAL", "journal": "建筑学报",
                        "issueNumber": "ISSN 0529-1399", "authorRank": "FIRST", "wordsThousand": "6.5"}),
    "CONTINUING_EDUCATION": ("continuingEducation", {"name": "新规范培训", "organizer": "省住建厅",
                                                     "startDate": "2023-03-01", "endDate": "2023-03-05", "hours": 32}),
    "ACADEMIC_POST": ("academicPost", {"organization": "省土木建筑学会", "post": "理事", "startDate": "2019-01-01"}),
    "ANNUAL_ASSESSMENT": ("annualAssessment", {"year": 2022, "result": "EXCELLENT", "assessingUnit": "合肥八中"}),
    "WORK_REPORT": ("workReport", {"name": "任现职以来专业技术工作总结", "finishedOn": "2023-06-01",
                                   "summary": "主要工作及成效"}),
    "PROJECT_AWARD": ("projectAward", {"projectName": "滨湖大桥", "awardName": "省科技进步奖", "level": "PROVINCIAL",
                                       "issuer": "安徽省人民政府", "awardedOn": "2021-12-01", "rank": 2}),
    "RESULT_ADOPTION": ("resultAdoption", {"name": "关于语文实际运用", "kind": "ADOPTION", "adoptedBy": "市教育局",
                                           "adoptedOn": "2022-04-01", "role": "PARTICIPANT"}),
    "BOOK": ("book", {"name": "桥梁工程", "kind": "TEXTBOOK", "publisher": "人民交通出版社", "publishedOn": "2020-08-01",
                      "isbn": "978-7-114-00000-0", "role": "CONTRIBUTOR", "wordsThousand": "80"}),
    "HONOR": ("honor", {"name": "优秀教师", "level": "MUNICIPAL", "issuer": "合肥市人民政府", "awardedOn": "2020-09-10"}),
    "STANDARD": ("standard", {"name": "装配式建筑技术规程", "number": "DB34/T 0000-2021", "kind": "LOCAL",
                              "role": "PARTICIPANT", "publishedOn": "2021-06-01", "rank": 5}),
    "PATENT": ("patent", {"name": "关于教育新方法的研发", "kind": "SOFTWARE_COPYRIGHT", "number": "2021SR000001",
                          "authorizedOn": "2021-01-20"}),
    "RESEARCH_PROJECT": ("researchProject", {"name": "语文实际运用研究", "source": "省教育厅", "level": "PROVINCIAL",
                                             "role": "HOST", "startDate": "2021-01-01", "endDate": "2099-12-31",
                                             "funding": "12.5", "status": "ONGOING"}),
    "AID_EXPERIENCE": ("aidExperience", {"kind": "TIBET", "aidedUnit": "山南市人民医院", "region": "西藏山南",
                                         "startDate": "2018-07-01", "endDate": "2019-07-01", "content": "援藏医疗"}),
    "COMPREHENSIVE_PERFORMANCE": ("comprehensivePerformance", {"name": "语文教案", "occurredOn": "2022-02-01",
                                                               "description": "教学设计"}),
    "HEALTH_CASE_RECORD": ("healthCaseRecord", {"caseNumber": "BA2022001", "diagnosis": "社区获得性肺炎",
                                                "admittedOn": "2022-03-01", "dischargedOn": "2022-03-10",
                                                "role": "ATTENDING", "summary": "诊疗经过"}),
    "HEALTH_TOPIC": ("healthTopic", {"name": "慢病管理专题", "finishedOn": "2022-05-01", "summary": "专题内容"}),
    "HEALTH_PAPER": ("healthPaper", {"name": "肺炎的早期识别", "publishedOn": "2022-06-01", "journal": "中华内科杂志",
                                     "issueNumber": "CN 11-2138/R", "authorRank": "CORRESPONDING"}),
    "HEALTH_REVIEW": ("healthReview", {"name": "慢阻肺治疗进展综述", "finishedOn": "2022-07-01", "wordCount": 8000,
                                       "summary": "综述内容"}),
}


def data(category: str, **changes) -> dict:
    member, fields = VALID[category]
    return {member: {**fields, **changes}}


async def create(http, actor: Actor, category: str = "WORK_EXPERIENCE", **changes) -> dict:
    result = await gql(http, CREATE, {"input": {"data": data(category, **changes)}}, actor.token)
    assert payload_errors(result, "achievementRecordCreate") == []
    return result["data"]["achievementRecordCreate"]["record"]


async def call(http, query: str, name: str, input: dict, actor: Actor | None) -> dict:
    result = await gql(http, query, {"input": input}, actor.token if actor else None)
    return result if result.get("errors") else result["data"][name]


async def attach(http, actor: Actor, record_id: str, name: str = "证明.pdf", content: bytes = PDF,
                 mime: str = "application/pdf"):
    return await upload(http, ATTACH, {"input": {"recordId": record_id, "file": None}},
                        {"input.file": (name, content, mime)}, actor.token)


async def pending_record(http, person: Actor, category: str = "WORK_EXPERIENCE") -> dict:
    record = await create(http, person, category)
    payload = await call(http, SUBMIT, "achievementRecordSubmit", {"recordId": record["id"]}, person)
    assert payload["errors"] == [], payload
    return record


async def unit_with_person(name: str = "张三", region: str = "340100") -> tuple[Actor, Actor]:
    """An employer (its admin) and a person whose binding it approved."""
    admin = await make_unit(region=region)
    person = await make_person(name, unit=admin.unit, status=BindingStatus.APPROVED)
    return admin, person


def pk_of(global_id: str) -> int:
    return int(relay.GlobalID.from_id(global_id).node_id)


async def set_status(record_id: str, status: RecordStatus, unit_id: int | None = None) -> None:
    """Puts a record in a state directly (as if reviewed elsewhere)."""
    changes: dict = {"status": status}
    if unit_id is not None:
        changes["unit_id"] = unit_id
    await AchievementRecord.filter(id=pk_of(record_id)).update(**changes)

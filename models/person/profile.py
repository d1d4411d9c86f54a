"""Person profile rules (001 §1 个人注册, §5.1 完善信息), shared by registration and edits."""
from __future__ import annotations

from datetime import date
from typing import Any

from models.core.errors import Collector
from models.person.models import IdType
from models.catalogue.data import NATIONAL_SERIES
from models.core.validators import is_email, is_landline, is_mobile, resident_id_facts

ETHNICITIES = (
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 哈萨克族 傣族 黎族 "
    "傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 "
    "毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 "
    "独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族 其他 外国血统"
).split()

# field: (label, max length) for free-text fields; limits follow the manual's counters.
TEXT_LIMITS = {
    "email": ("电子邮箱", 100),
    "address": ("通讯地址", 100),
    "title_name": ("职称名称", 20),
    "skill_level": ("技能等级", 20),
    "administrative_post": ("行政职务", 20),
    "landline": ("固定电话", 20),
}
REQUIRED = {
    "gender": "性别",
    "birth_date": "出生日期",
    "political_status": "政治面貌",
    "ethnicity": "民族",
    "email": "电子邮箱",
    "address": "通讯地址",
    "work_start_date": "工作时间",
    "highest_education": "最高学历",
    "mobile": "手机号码",
}


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def check_identity(errors: Collector, real_name: str | None, id_type: IdType | None, id_number: str | None) -> None:
    if errors.require(real_name, "realName", "真实姓名"):
        errors.max_length(real_name, "realName", "真实姓名", 50)
    errors.require(id_type, "idType", "证件类型")
    if not errors.require(id_number, "idNumber", "证件号码"):
        return
    assert id_number is not None
    if id_type == IdType.RESIDENT_ID and resident_id_facts(id_number) is None:
        errors.add("INVALID_ID_NUMBER", "身份证号码不正确（校验位、出生日期或地区码有误）", "idNumber")
    elif not 5 <= len(id_number) <= 30 or not id_number.replace("-", "").isalnum():
        errors.add("INVALID_ID_NUMBER", "证件号码格式不正确", "idNumber")


def check_profile(errors: Collector, data: dict[str, Any], *, id_type: IdType | None, id_number: str | None,
                  partial: bool, current: dict[str, Any] | None = None) -> None:
    """``data`` holds snake_case profile fields; with ``partial`` only the given ones are checked.
    ``current`` holds the stored values a partial edit is checked against (e.g. birth vs. work start)."""
    for name, label in REQUIRED.items():
        if name in data or not partial:
            errors.require(data.get(name), camel(name), label)
    for name, (label, limit) in TEXT_LIMITS.items():
        if data.get(name):
            errors.max_length(data[name], camel(name), label, limit)
    if data.get("mobile") and not is_mobile(data["mobile"]):
        errors.add("INVALID_MOBILE", "手机号码格式不正确", "mobile")
    if data.get("email") and not is_email(data["email"]):
        errors.add("INVALID_EMAIL", "电子邮箱格式不正确", "email")
    if data.get("landline") and not is_landline(data["landline"]):
        errors.add("INVALID_LANDLINE", "固定电话格式不正确，例：0551-88888888", "landline")
    if data.get("ethnicity") and data["ethnicity"] not in ETHNICITIES:
        errors.add("INVALID", "民族不在可选范围内", "ethnicity")
    series = data.get("series")
    if series is not None:
        if len(series) > 3:
            errors.add("TOO_MANY_SERIES", "所在职称系列最多选择三个", "series")
        unknown = [s for s in series if s not in NATIONAL_SERIES]
        if unknown:
            errors.add("INVALID", f"未知的职称系列：{'、'.join(unknown)}", "series")
        if len(set(series)) != len(series):
            errors.add("INVALID", "职称系列不能重复", "series")
    today = date.today()
    birth, work_start = data.get("birth_date"), data.get("work_start_date")
    if birth and birth >= today:
        errors.add("INVALID_DATE", "出生日期不能晚于今天", "birthDate")
    if work_start and work_start > today:
        errors.add("INVALID_DATE", "工作时间不能晚于今天", "workStartDate")
    if birth or work_start:
        # An edit of one date is checked against the stored other one.
        stored = current or {}
        b, w = birth or stored.get("birth_date"), work_start or stored.get("work_start_date")
        if b and w and w <= b:
            errors.add("INVALID_DATE", "工作时间须晚于出生日期", "workStartDate" if work_start else "birthDate")
    if id_type == IdType.RESIDENT_ID and id_number:
        facts = resident_id_facts(id_number)
        if facts:
            id_birth, id_gender = facts
            if birth and birth != id_birth:
                errors.add("ID_MISMATCH", "出生日期与身份证号码不一致", "birthDate")
            gender = data.get("gender")
            if gender and getattr(gender, "value", gender) != id_gender:
                errors.add("ID_MISMATCH", "性别与身份证号码不一致", "gender")

"""补换证承诺书: the pledge a reissue's applicant signs and uploads (承诺书模板下载)."""
from __future__ import annotations

PLEDGE_TITLE = "职称证书补（换）发承诺书"
PLEDGE_VERSION = "2026-1"
PLEDGE_PARAGRAPHS = (
    "本人申请补（换）发职称证书，郑重承诺：",
    "一、本人所提供的证书信息、申请事由及佐证材料真实有效，如有不实，愿承担相应后果。",
    "二、原证书如系遗失，本人未将其转借、抵押或交由他人使用；补（换）发后如寻回原证书，原证书作废，不再使用。",
    "三、申请更正的信息项与本人身份证件及原始档案记载一致。",
)
SIGNATURE_LINES = ("承诺人（签字）：", "身份证号：", "日期：    年    月    日")

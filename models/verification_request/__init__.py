"""证书核验 (certificate verification request, 002 §2.4): a person enters a title certificate obtained before the
platform existed, with scans; the organizer of the committee that granted it reviews it, and approval lists
it among the person's certificates as verified (取得方式 评审, source 核验), never as a newly issued
e-certificate."""

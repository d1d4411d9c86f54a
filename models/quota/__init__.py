"""Post quotas (岗位核准 / 职数) and the employer's recommendation (单位推荐意见) before it passes."""

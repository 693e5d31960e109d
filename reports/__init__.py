"""What the secretariat hands on: workbooks, the province-wide 汇总, 审核 sheets."""

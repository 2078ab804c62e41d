# Money reads 1,000,000.00 in Chinese pages too (Django's zh_Hans formats set no digit grouping).
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
DECIMAL_SEPARATOR = "."

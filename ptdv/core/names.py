"""Invented Vietnamese names for demo data: family name, middle name and given name, by sex."""

import random

FAMILY_NAMES = [
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 4), ("Phan", 4), ("Vũ", 4),
    ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 1), ("Ngô", 1), ("Dương", 1), ("Lý", 1),
    ("Đào", 1), ("Đinh", 1), ("Lương", 1), ("Trịnh", 1),
]  # fmt: skip
MIDDLE_NAMES = {
    "male": ["Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thanh", "Xuân", "Hoàng", "Tiến", "Ngọc", "Đình"],
    "female": ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Phương", "Hồng", "Kim", "Mai", "Bích"],
}
GIVEN_NAMES = {
    "male": [
        "Dũng", "Hùng", "Tuấn", "Nam", "Long", "Sơn", "Hải", "Quân", "Thắng", "Trung", "Phong", "Cường", "Khánh",
        "Bình", "Đạt", "Hiếu", "Kiên", "Lâm", "Lộc", "Nghĩa", "Phúc", "Tài", "Thành", "Việt", "Vinh", "Tùng",
    ],
    "female": [
        "Lan", "Hương", "Hoa", "Mai", "Linh", "Trang", "Hà", "Thảo", "Nga", "Hạnh", "Huyền", "Yến", "Nhung",
        "Phượng", "Dung", "Loan", "Oanh", "Thúy", "Vân", "Anh", "Ngọc", "Quyên", "Tâm", "Giang", "Hằng", "Duyên",
    ],
}  # fmt: skip


def person_name(rng: random.Random, sex: str | None = None) -> tuple[str, str, str]:
    """(family and middle name, given name, sex) of an invented person; sex is 'male' or 'female'."""
    sex = sex or rng.choice(["male", "female"])
    family = rng.choices([n for n, _ in FAMILY_NAMES], weights=[w for _, w in FAMILY_NAMES])[0]
    return f"{family} {rng.choice(MIDDLE_NAMES[sex])}", rng.choice(GIVEN_NAMES[sex]), sex

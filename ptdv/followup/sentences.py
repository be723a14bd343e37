"""The outcome figures in words, as the seeds write them (Vietnamese whatever the active language, like the Word
report's other sentences), and as rows for the workbook and the page."""

from django.utils import translation

from ptdv.core.formatting import format_number, format_percent

BAND_WORDS = {
    "excellent": "hoàn thành xuất sắc nhiệm vụ",
    "good": "hoàn thành tốt nhiệm vụ",
    "completed": "hoàn thành nhiệm vụ",
    "not_completed": "không hoàn thành nhiệm vụ",
}


def _n(value: int) -> str:
    with translation.override("vi"):
        return format_number(value)


def _p(value: float | None) -> str:
    with translation.override("vi"):
        return format_percent(value)


def _cohort(outcomes: dict) -> str:
    return "trong nhiệm kỳ" if outcomes["term"] else "trong kỳ"


def outcome_sentences(outcomes: dict) -> list[str]:
    """ "Của 640 đảng viên kết nạp trong nhiệm kỳ: …" — the residence introduction, each year's ratings, probation."""
    admitted = outcomes["admitted"]
    if not admitted:
        return []
    sentences = []
    cohort = _cohort(outcomes)
    residence = outcomes["residence"]
    if residence["required"]:
        text = (
            f"Của {_n(admitted)} đảng viên kết nạp {cohort}, {_n(residence['required'])} đồng chí công tác ở cơ quan, "
            f"doanh nghiệp, trường học phải giới thiệu về sinh hoạt tại chi bộ nơi cư trú"
        )
        if residence["exempt"]:
            text += f" ({_n(residence['exempt'])} đồng chí được miễn)"
        on_time, late, not_yet = residence["on_time"], residence["late"], residence["not_yet"]
        text += (
            f": {_n(on_time['count'])} đồng chí được giới thiệu đúng thời gian quy định "
            f"(đạt {_p(on_time['percent'])}), "
            f"{_n(late['count'])} đồng chí giới thiệu chậm ({_p(late['percent'])}), "
            f"{_n(not_yet['count'])} đồng chí chưa được giới thiệu ({_p(not_yet['percent'])})"
        )
        if not_yet["overdue"]:
            text += f", trong đó {_n(not_yet['overdue'])} đồng chí đã quá hạn"
        sentences.append(text + ".")
    for row in outcomes["ratings"]:
        parts = [f"{_n(row[band]['count'])} {BAND_WORDS[band]} ({_p(row[band]['percent'])})" for band in BAND_WORDS]
        text = f"Năm {row['year']}, của {_n(row['members'])} đảng viên kết nạp {cohort} có tên trong danh sách: "
        text += ", ".join(parts)
        if row["reviewed_not_rated"]:
            text += f"; {_n(row['reviewed_not_rated'])} đồng chí kết nạp chưa đủ 6 tháng được đánh giá, chưa xếp loại"
        if row["not_recorded"]:
            text += f"; {_n(row['not_recorded'])} đồng chí chưa có kết quả xếp loại"
        sentences.append(text + ".")
    probation = outcomes["probation"]
    text = (
        f"Đã có {_n(probation['full'])} đồng chí được công nhận đảng viên chính thức "
        f"({_n(probation['full_on_time'])} đúng thời hạn, {_n(probation['full_late'])} chậm)"
    )
    if probation["probationary"]:
        text += f"; {_n(probation['probationary'])} đồng chí đang trong thời gian dự bị"
        if probation["probation_overdue"]:
            text += f" ({_n(probation['probation_overdue'])} đồng chí quá hạn xét công nhận)"
    text += f"; {_n(probation['struck_off'])} đồng chí bị xóa tên"
    if probation["left"]:
        text += (
            f"; {_n(probation['left'])} đồng chí ra khỏi danh sách vì lý do khác "
            "(từ trần, xin ra khỏi Đảng, khai trừ, chuyển ra ngoài)"
        )
    sentences.append(text + ".")
    return sentences


def outcome_rows(outcomes: dict):
    """(section, label, count, percent) rows, like reports.exports.report_rows."""
    section = "Sau kết nạp"
    residence = outcomes["residence"]
    yield (section, "Phải giới thiệu về nơi cư trú", residence["required"], None)
    yield (section, "Được miễn giới thiệu", residence["exempt"], None)
    yield (section, "Giới thiệu đúng thời gian", residence["on_time"]["count"], residence["on_time"]["percent"])
    yield (section, "Giới thiệu chậm", residence["late"]["count"], residence["late"]["percent"])
    yield (section, "Chưa giới thiệu", residence["not_yet"]["count"], residence["not_yet"]["percent"])
    for row in outcomes["ratings"]:
        for band, words in BAND_WORDS.items():
            yield (f"Xếp loại năm {row['year']}", words.capitalize(), row[band]["count"], row[band]["percent"])
        yield (f"Xếp loại năm {row['year']}", "Đánh giá, chưa xếp loại (dưới 6 tháng)", row["reviewed_not_rated"], None)
        yield (f"Xếp loại năm {row['year']}", "Chưa có kết quả", row["not_recorded"], None)
    probation = outcomes["probation"]
    yield (section, "Công nhận chính thức đúng hạn", probation["full_on_time"], None)
    yield (section, "Công nhận chính thức chậm", probation["full_late"], None)
    yield (section, "Đang dự bị", probation["probationary"], None)
    yield (section, "Dự bị quá hạn xét công nhận", probation["probation_overdue"], None)
    yield (section, "Bị xóa tên", probation["struck_off"], None)
    yield (section, "Ra khỏi danh sách vì lý do khác", probation["left"], None)
